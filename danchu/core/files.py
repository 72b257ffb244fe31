"""Stored files that follow the database: a file saved by a write that fails is removed.

A database transaction rolls back; a file system does not. A service that stores files saves
them with `save_file` inside a function decorated with `atomic_with_files` (or
`removed_on_failure`, when the files are stored before a shorter transaction): if the function
fails, the files it saved are deleted along with the rolled-back rows. What this cannot see (a
process killed between the write and the commit, or a caller's own transaction rolled back
afterwards) `manage.py sweep_files` removes later: stored files that no row names.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import Storage, storages
from django.db import models, transaction
from django.db.models.fields.files import FieldFile

P = ParamSpec("P")
R = TypeVar("R")

_saved: ContextVar[list[FieldFile] | None] = ContextVar("danchu_saved_files", default=None)


def save_file(field: FieldFile, name: str, content: File[Any]) -> None:
    """`field.save(name, content, save=False)`, remembered so that a failure removes it."""
    field.save(name, content, save=False)
    saved = _saved.get()
    if saved is not None:
        saved.append(field)


def removed_on_failure(func: Callable[P, R]) -> Callable[P, R]:
    """The files `save_file` stored while `func` ran are deleted if `func` fails.

    Without a transaction of its own: a service stores its files first, then opens a short
    transaction for its rows, so a slow disk never holds the database's write lock."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if _saved.get() is not None:  # an outer call owns the list and the clean-up
            return func(*args, **kwargs)
        token = _saved.set([])
        try:
            return func(*args, **kwargs)
        except BaseException:
            for field in _saved.get() or []:
                if field.name:
                    field.storage.delete(field.name)
            raise
        finally:
            _saved.reset(token)

    return wrapper


def atomic_with_files(func: Callable[P, R]) -> Callable[P, R]:
    """`transaction.atomic`, and the files `save_file` stored are deleted if `func` fails."""
    return removed_on_failure(transaction.atomic(func))


def _stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}{name}"
    for sub in folders:
        yield from _stored_names(storage, f"{folder}{sub}/")


def _referenced_names() -> set[str]:
    """Every file name a row of any model holds in a file field."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                rows = model._default_manager.exclude(**{field.name: ""})
                names.update(rows.values_list(field.name, flat=True))
    return names


def orphan_files(*, older_than: float, storage: Storage | None = None) -> list[str]:
    """Stored files no row names, last changed more than `older_than` seconds ago (a younger
    one may belong to a transaction still running)."""
    storage = storage or storages["default"]
    try:
        stored = list(_stored_names(storage))
    except FileNotFoundError:  # nothing has been stored yet
        return []
    referenced = _referenced_names()
    cutoff = time.time() - older_than
    return [
        name
        for name in stored
        if name not in referenced and storage.get_modified_time(name).timestamp() < cutoff
    ]
