"""stories and article story assignments (slant stories)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

Reserved in the chain so that parallel work keeps one linear history; the tables are
added by the change that introduces them.
"""

from __future__ import annotations

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
