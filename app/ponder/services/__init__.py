"""QObjects where asyncio meets Qt signals. No widgets here."""
