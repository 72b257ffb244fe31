"""The embedded setup's cache: Django's file cache, culled at most once a minute per process.

Django's file cache lists its whole folder on every write to count its entries (`_cull`), which
made a page that stores a few cached reads spend more time listing files than building them.
Counting once a minute keeps the folder near `MAX_ENTRIES` all the same. (diskcache was
measured too: faster writes, but slower reads than plain files, and reads are most requests.)
"""

from __future__ import annotations

import time

from django.core.cache.backends.filebased import FileBasedCache


class FileCache(FileBasedCache):
    CULL_EVERY = 60.0  # seconds

    _culled_at = float("-inf")

    def _cull(self) -> None:
        now = time.monotonic()
        if now - self._culled_at < self.CULL_EVERY:
            return
        self._culled_at = now
        super()._cull()  # type: ignore[misc]  # not in django-stubs
