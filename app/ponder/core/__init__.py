"""Ponder's core: pure Python and asyncio. Nothing here imports Qt (tests/core/test_layering.py)."""
