"""Widgets and item models only: they call services and react to their signals."""
