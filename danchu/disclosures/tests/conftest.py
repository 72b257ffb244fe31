"""Fixtures shared by the disclosure tests (`world` and `frozen` come from the root conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest

from danchu.disclosures.tests.factories import Tree, make_tree
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
def world_has_union() -> bool:
    """The disclosure tests count the agency's audience: its world has no union chair."""
    return False
