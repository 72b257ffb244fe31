"""The staff import: a file of staff checked row by row, then applied all at once or not at all.

Modules, from the top (the import-linter contract "Staff import has no circle" keeps this order):
`urls` → `views` → `services` (start a job) → `tasks` (run it in the background) → `running`
(apply a job's rows) → `parsing` | `template` | `validation` | `progress` → `columns` → `models`.
"""
