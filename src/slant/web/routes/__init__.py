"""The app's routers: ``api`` (JSON under /api) and ``pages`` (the reader)."""
