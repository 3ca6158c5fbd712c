"""REPORT: a self-contained HTML corpus report with plots (and PNGs on request)."""

from __future__ import annotations

from slant.report.html import render_report, write_report

__all__ = ["render_report", "write_report"]
