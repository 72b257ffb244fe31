"""Fixtures shared by the people tests (a module may define its own `tree` instead)."""

import pytest
from django.utils import translation

from danchu.people.models import Role
from danchu.people.tests.test_import_support import make_tree


@pytest.fixture
def english():
    """Messages checked in English (their source text), whatever the catalogue holds."""
    with translation.override("en"):
        yield


@pytest.fixture
def tree():
    return make_tree()


@pytest.fixture
def head(tree, member_of):
    return member_of(tree.agency, Role.HEAD)
