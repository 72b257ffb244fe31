"""Settings of the contention benchmark's server (bench/contention.py): the project's settings,
with a fast password hasher first.

A sign-in costs about 0.25 s of CPU with Django's PBKDF2 (1,000,000 iterations): ten sign-ins a
second would need more than the two cores of the benchmark machine, and would measure hashing,
not the writes a sign-in makes (`last_login`, the session). The benchmark's own accounts are
hashed with MD5, as in the tests; every other account keeps its hash. `--slow-hashing` runs
the server with the project's settings instead.
"""

from django.conf import global_settings

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    *global_settings.PASSWORD_HASHERS,
]
