"""entity roles and cast per article (the roles analyzer)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

Reserved in the chain so that parallel work keeps one linear history; the tables are
added by the change that introduces them.
"""

from __future__ import annotations

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
