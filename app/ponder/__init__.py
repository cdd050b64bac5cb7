"""Ponder: a desktop chat client for OpenAI-compatible gateways and local model servers."""

__version__ = "0.1.0"
APP_NAME = "Ponder"
# Sent as OpenRouter's HTTP-Referer (app attribution). Replace when the project has a public home.
APP_URL = "https://github.com/ponder-desktop/ponder"
