"""Safety: keys masked in every encoding (redact), the keyring (secrets), control characters made
visible on a terminal (terminal), scrubbed logs and crash reports (crash)."""
