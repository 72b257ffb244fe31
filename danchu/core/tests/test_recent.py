from danchu.core.recent import Recent


def test_the_memory_keeps_only_the_most_recent() -> None:
    recent: Recent[str] = Recent(2)
    recent.set_many({"a": "1", "b": "2"})
    recent.get_many(["a"])  # "a" is now the most recent
    recent.set_many({"c": "3"})
    assert recent.get_many(["a", "b", "c"]) == {"a": "1", "c": "3"}


def test_get_counts_as_a_use() -> None:
    recent: Recent[str] = Recent(2)
    recent.set_many({"a": "1", "b": "2"})
    assert recent.get("a") == "1"
    recent.set_many({"c": "3"})
    assert recent.get("b") is None
    assert recent.get("a") == "1"
