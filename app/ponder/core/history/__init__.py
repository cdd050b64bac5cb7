"""History: the value records views get (records), SQLite with its tree and search (store,
migrations), recovery of a damaged file (salvage), Markdown and JSON (export)."""
