"""The embedded setup's file cache counts its entries at most once a minute."""

from __future__ import annotations

from typing import Any

from danchu.core.cache import FileCache


def _cache(tmp_path: Any) -> FileCache:
    return FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 4, "CULL_FREQUENCY": 2}})


def _files(tmp_path: Any) -> int:
    return len(list(tmp_path.glob("*.djcache")))


def test_writes_between_counts_do_not_list_the_folder(tmp_path, monkeypatch):
    cache = _cache(tmp_path)
    listed: list[int] = []
    real = FileCache._list_cache_files
    monkeypatch.setattr(FileCache, "_list_cache_files", lambda self: listed.append(1) or real(self))
    for number in range(10):
        cache.set(f"k{number}", number)
    assert len(listed) == 1  # the first write counted; the next nine within the minute did not
    assert cache.get("k9") == 9


def test_a_full_cache_is_culled_at_the_next_count(tmp_path, monkeypatch):
    cache = _cache(tmp_path)
    clock = [1000.0]
    monkeypatch.setattr("danchu.core.cache.time.monotonic", lambda: clock[0])
    for number in range(10):
        cache.set(f"k{number}", number)
    assert _files(tmp_path) == 10  # over MAX_ENTRIES, but not yet counted again
    clock[0] += FileCache.CULL_EVERY
    cache.set("late", 1)
    assert _files(tmp_path) < 10
