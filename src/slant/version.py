"""The version of slant (its own module, so that any part can read it without a cycle)."""

__version__ = "0.1.0"
