"""The demo province and its accounts: seeding for `make run`, the benchmarks and browser tests.

Nothing in the domain apps imports this app; it sits above them all (see docs/layers.md).
"""
