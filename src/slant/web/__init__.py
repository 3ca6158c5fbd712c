"""SERVE: the FastAPI app behind ``slant serve`` (REST API and reader pages)."""

from __future__ import annotations

from slant.web.app import create_app

__all__ = ["create_app"]
