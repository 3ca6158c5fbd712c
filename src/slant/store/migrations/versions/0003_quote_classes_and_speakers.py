"""quotes: cue class, teaser and duplicate flags; speakers: names linked across the corpus

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

Quotes stored before this revision get their flags from their paragraphs (a quote inside
a ``teaser`` paragraph is ``in_teaser``; inside a duplicate paragraph, ``duplicate_of`` is
the offset of the same words in the original paragraph) and their cue class from their cue.
The ``speakers`` table starts empty here (every name stands for itself); revision 0008
fills it, with the linking rule it introduced.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cue_class", sa.String(length=16), nullable=True))
        batch_op.add_column(
            sa.Column("in_teaser", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("duplicate_of", sa.Integer(), nullable=True))
    op.create_table(
        "speakers",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("surname", sa.String(length=256), nullable=False),
        sa.Column("linked", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )
    with op.batch_alter_table("speakers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_speakers_surname"), ["surname"], unique=False)
    _backfill()


def _backfill() -> None:
    conn = op.get_bind()
    quotes = sa.table(
        "quotes",
        sa.column("article_pk", sa.Integer),
        sa.column("start", sa.Integer),
        sa.column("cue", sa.Text),
        sa.column("kind", sa.String),
        sa.column("cue_class", sa.String),
        sa.column("in_teaser", sa.Boolean),
        sa.column("duplicate_of", sa.Integer),
    )
    par = sa.table(
        "paragraphs",
        sa.column("article_pk", sa.Integer),
        sa.column("line", sa.Integer),
        sa.column("start", sa.Integer),
        sa.column("end", sa.Integer),
        sa.column("kind", sa.String),
        sa.column("duplicate_of", sa.Integer),
    )
    inside = sa.and_(
        par.c.article_pk == quotes.c.article_pk,
        par.c.start <= quotes.c.start,
        quotes.c.start < par.c.end,
    )
    teaser = sa.exists().where(inside, par.c.kind == "teaser")
    conn.execute(sa.update(quotes).where(teaser).values(in_teaser=True))
    original = par.alias("original")
    offset = (
        sa.select(original.c.start + quotes.c.start - par.c.start)
        .select_from(par.join(original, original.c.article_pk == par.c.article_pk))
        .where(inside, par.c.duplicate_of.is_not(None), original.c.line == par.c.duplicate_of)
        .scalar_subquery()
    )
    conn.execute(sa.update(quotes).values(duplicate_of=offset))
    pairs = conn.execute(sa.select(quotes.c.cue, quotes.c.kind).distinct()).all()
    for cue, kind in pairs:
        cue_filter = quotes.c.cue.is_(None) if cue is None else quotes.c.cue == cue
        conn.execute(
            sa.update(quotes)
            .where(cue_filter, quotes.c.kind == kind)
            .values(cue_class=cue_class(cue, kind))
        )


# -- the cue classes as they were at this revision (frozen: a migration must not change
# when the quotes analyzer does, and the store never imports an analyzer) ------------------
_LEXICON = {
    "speech": (
        "say tell add note write ask report announce suggest tweet post argue explain "
        "continue acknowledge declare claim state insist warn reply respond answer recall "
        "conclude reveal admit deny confirm assert contend maintain allege complain observe "
        "remark emphasize emphasise stress testify disclose concede agree disagree charge "
        "counter propose urge caution describe accuse criticize criticise praise blame "
        "question demand mention point joke quip boast comment reiterate predict call "
        "cite quote retort exclaim shout yell whisper speak talk discuss inform assure "
        "express voice blast slam attack dismiss defend decry denounce condemn lament "
        "brag repeat read statement remarks interview according announcement reportedly "
        "reaffirm affirm hail indicate"
    ),
    "thought/belief": (
        "believe think fear hope know feel expect worry doubt suspect consider assume "
        "suppose wonder understand realize realise see view regard reckon imagine trust "
        "guess estimate speculate recognize recognise remember learn deem sense convince "
        "sure concern concerned belief opinion"
    ),
    "intention": (
        "want plan intend vow promise pledge aim seek wish threaten decide try attempt "
        "mean prepare commit resolve determine refuse strive"
    ),
}
_IRREGULAR = {
    "said": "say",
    "says": "say",
    "told": "tell",
    "wrote": "write",
    "written": "write",
    "thought": "think",
    "knew": "know",
    "known": "know",
    "felt": "feel",
    "saw": "see",
    "seen": "see",
    "sees": "see",
    "meant": "mean",
    "sought": "seek",
    "spoke": "speak",
    "spoken": "speak",
    "understood": "understand",
    "learnt": "learn",
    "according": "according",
    "remarks": "remarks",
    "views": "view",
    "beliefs": "belief",
    "opinions": "opinion",
    "concerns": "concern",
    "statements": "statement",
}
_SKIP = frozenset(
    "has have had is was were are be been being will would could should may might must "
    "also not never later then again repeatedly previously publicly privately "
    "to do does did n't not".split()
)
_TOPIC_PREPOSITIONS = frozenset({"on", "about", "of", "to", "over", "regarding"})
_TOPIC_EXCEPT = frozenset({"according", "call", "point", "tell", "say", "add", "write"})
_STATE_VERBS = frozenset({"express", "voice", "raise", "share", "signal"})
_CLASS_OF: dict[str, str] = {}
for _cls, _words in _LEXICON.items():
    for _w in _words.split():
        _CLASS_OF.setdefault(_w, _cls)
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


def _cue_lemma(word: str) -> str:
    """The lemma of one cue word ("said" → "say"), as the quotes analyzer had it."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w in _CLASS_OF or w in _STATE_VERBS:
        return w
    candidates = []
    if w.endswith("ies") or w.endswith("ied"):
        candidates.append(w[:-3] + "y")
    if w.endswith("ing"):
        stem = w[:-3]
        candidates += [stem, stem + "e"]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            candidates.append(stem[:-1])
    if w.endswith("ed"):
        stem = w[:-2]
        candidates += [stem, w[:-1]]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            candidates.append(stem[:-1])
    if w.endswith("es"):
        candidates.append(w[:-2])
    if w.endswith("s"):
        candidates.append(w[:-1])
    for c in candidates:
        if c in _CLASS_OF or c in _STATE_VERBS:
            return c
    return w


def cue_class(cue: str | None, kind: str = "indirect") -> str:
    """The class of a stored quote's cue (no quote content: a stored row keeps none)."""
    if not cue:
        return "speech" if kind == "direct" else "other"
    words = [w.lower() for w in _WORD.findall(cue)]
    if not words:
        return "speech"
    lemmas = [_cue_lemma(w) for w in words]
    if (
        len(lemmas) >= 2
        and lemmas[-1] in _TOPIC_PREPOSITIONS
        and not any(lem in _TOPIC_EXCEPT for lem in lemmas)
    ):
        return "other"
    for lem in lemmas:
        if lem in _SKIP:
            continue
        if lem in _CLASS_OF:
            return _CLASS_OF[lem]
    return "other"


def downgrade() -> None:
    with op.batch_alter_table("speakers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_speakers_surname"))
    op.drop_table("speakers")
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_column("duplicate_of")
        batch_op.drop_column("in_teaser")
        batch_op.drop_column("cue_class")
