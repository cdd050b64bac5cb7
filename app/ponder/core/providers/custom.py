"""The user's own providers: what one is (kept in settings.json) and what makes one acceptable.
Value types and checks only; settings.py reads and writes them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ponder.core.providers.presets import DIALECTS, PRESETS, Provider
from ponder.core.words import say

# Headers that carry credentials belong in the keyring, not in a plain-text file.
_SECRET_HEADER = re.compile(r"auth|api[-_]?key|token|secret|cookie|password", re.IGNORECASE)
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")  # an HTTP token (RFC 9110)


@dataclass
class CustomProvider:
    id: str
    name: str
    base_url: str
    dialect: str = "generic"
    headers: dict[str, str] = field(default_factory=dict)
    local: bool = False

    def provider(self) -> Provider:
        return Provider(
            self.id, self.name, self.base_url, self.dialect, key_env=None, local=self.local,
            headers=dict(self.headers), key_optional=True,
        )


def is_secret_header(name: str) -> bool:
    """Does a header's name say it carries a credential (Authorization, X-Api-Key, ...)?"""
    return bool(_SECRET_HEADER.search(name))


def check_custom_provider(c: CustomProvider) -> None:
    """Raise ValueError with a user-facing reason if ``c`` cannot be kept."""
    if not _ID.match(c.id):
        raise ValueError(say("Provider id '{id}' must be lower-case letters, digits, '-' or '_'").format(id=c.id))
    if c.id in PRESETS:
        raise ValueError(say("Provider id '{id}' is taken by a built-in provider").format(id=c.id))
    if not c.base_url.startswith(("http://", "https://")):
        raise ValueError(say("The address of '{name}' must start with http:// or https://").format(name=c.id))
    if c.dialect not in DIALECTS:
        raise ValueError(say("Unknown dialect '{dialect}' for '{id}' (one of: {dialects})").format(dialect=c.dialect, id=c.id, dialects=', '.join(DIALECTS)))
    if not c.name.strip():
        raise ValueError(say("Provider '{id}' needs a name").format(id=c.id))
    for name, value in c.headers.items():
        if not _HEADER_NAME.match(name):
            raise ValueError(say("'{header}' is not a header name (letters, digits and - only)").format(header=name))
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
            raise ValueError(say("The value of header '{header}' contains a line break or control character").format(header=name))
        if _SECRET_HEADER.search(name):
            raise ValueError(
                say("Header '{header}' of '{id}' looks like a credential: settings are plain text, so keys go in "
                    "the keyring instead (`ponder keys set {id}`)").format(header=name, id=c.id)
            )
