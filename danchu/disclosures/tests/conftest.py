"""Fixtures shared by the disclosure service tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from danchu.disclosures.tests.factories import Tree, make_tree
from danchu.disclosures.tests.test_views_support import BASE, make_world
from danchu.people.models import Role


@pytest.fixture(autouse=True)
def _isolated(settings: Any, tmp_path: Any) -> None:
    """Files land in a temporary folder; a fast password hasher (accounts are test data)."""
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def tree() -> Tree:
    return make_tree()


@pytest.fixture
def head(tree: Tree, member_of: Any) -> Any:
    return member_of(tree.agency, Role.HEAD)


@pytest.fixture
def staff(tree: Tree, member_of: Any) -> Any:
    """Staff of department A, under the agency."""
    return member_of(tree.dept_a, Role.STAFF)


@pytest.fixture
def frozen() -> Iterator[None]:
    """The page tests' clock: a fixed working morning."""
    with time_machine.travel(BASE, tick=False):
        yield


@pytest.fixture
def world(member_of: Any) -> Any:
    return make_world(member_of)
