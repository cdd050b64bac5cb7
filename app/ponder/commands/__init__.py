"""The terminal commands behind ``ponder``. No Qt here: they start fast."""
