"""Providers: who they are (presets) and what their models take and cost (catalog)."""
