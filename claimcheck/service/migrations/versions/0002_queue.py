"""The moderation queue: incoming comments with their prediction and state, and every decision.

Adds tables only; `feedback` and `api_keys` are left as they are (their rows are kept).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("comment_id", sa.String(200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("thread_id", sa.String(200), nullable=True),
        sa.Column("parent_id", sa.String(200), nullable=True),
        sa.Column("author", sa.String(200), nullable=True),
        sa.Column("url", sa.String(2000), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("prediction", sa.Text(), nullable=False),
        sa.Column("predicted_label", sa.String(32), nullable=True),
        sa.Column("model_version", sa.String(100), nullable=False),
        sa.Column("label", sa.String(32), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(12), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_comments"),
        sa.UniqueConstraint("comment_id", name="uq_comments_comment_id"),
        sa.ForeignKeyConstraint(
            ["key_id"], ["api_keys.key_id"], name="fk_comments_key_id_api_keys"
        ),
    )
    op.create_index("ix_comments_queue", "comments", ["priority", "score", "id"])
    op.create_index(
        "ix_comments_thread_queue", "comments", ["thread_id", "priority", "score", "id"]
    )
    op.create_index("ix_comments_label_queue", "comments", ["label", "priority", "score", "id"])
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("comment_id", sa.String(200), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("from_state", sa.String(16), nullable=False),
        sa.Column("to_state", sa.String(16), nullable=False),
        sa.Column("from_label", sa.String(32), nullable=True),
        sa.Column("to_label", sa.String(32), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("moderator", sa.String(200), nullable=False),
        sa.Column("key_id", sa.String(12), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("undoes", sa.Integer(), nullable=True),
        sa.Column("undone_by", sa.Integer(), nullable=True),
        sa.Column("feedback_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_decisions"),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comments.comment_id"], name="fk_decisions_comment_id_comments"
        ),
        sa.ForeignKeyConstraint(
            ["key_id"], ["api_keys.key_id"], name="fk_decisions_key_id_api_keys"
        ),
    )
    op.create_index("ix_decisions_comment_id", "decisions", ["comment_id", "id"])
    op.create_index("ix_decisions_created_at", "decisions", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_decisions_created_at", table_name="decisions")
    op.drop_index("ix_decisions_comment_id", table_name="decisions")
    op.drop_table("decisions")
    op.drop_index("ix_comments_label_queue", table_name="comments")
    op.drop_index("ix_comments_thread_queue", table_name="comments")
    op.drop_index("ix_comments_queue", table_name="comments")
    op.drop_table("comments")
