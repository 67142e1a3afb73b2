"""Versioned policy: every city parameter with its effective dates, loaded from a TOML file per centre."""
