"""A stored story, loaded for the side-by-side view (the CLI, the web reader, the report).

:func:`load_story` reads a story's members from the store and compares them with
:func:`slant.stories.compare.compare_story`; speakers are linked across the story's
outlets with the store's own linking rules (:func:`slant.store.speakers.links_for`: full
names of one person join, and a bare surname joins the one full name the story gives it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from slant.stories.compare import StoryComparison, compare_story

if TYPE_CHECKING:
    from slant.article import Article
    from slant.store import Store
    from slant.store.stories import StorySummary

__all__ = ["StoryView", "load_story", "speaker_links", "story_json"]


@dataclass(frozen=True)
class StoryView:
    """One story ready to show.

    Attributes:
        summary: the story's listing (id, size, outlets, date span, headline).
        pks: the store key of each compared article, by ``ArticleRef.index``.
        comparison: the side-by-side comparison of its members.
    """

    summary: StorySummary
    pks: tuple[int, ...]
    comparison: StoryComparison


def speaker_links(articles: Sequence[Article]) -> dict[str, str]:
    """Resolved speaker name → the name it joins among these articles' speakers.

    Quotes are counted as the corpus counts them (teaser and repeated quotes left out);
    the most quoted variant of a person's name is the one the others join.
    """
    from slant.store.speakers import links_for

    counts: Counter[str] = Counter(
        q.speaker.name
        for a in articles
        for q in a.quotes
        if q.speaker and q.speaker.name and not q.in_teaser and q.duplicate_of is None
    )
    return {name: linked for name, linked in links_for(counts).items() if linked}


def load_story(store: Store, story_id: int, *, min_score: float | None = None) -> StoryView | None:
    """A stored story compared side by side (None: no story has this id).

    Args:
        store: the corpus.
        story_id: the story (a merged id leads to the story it went into).
        min_score: leave technique spans scored under this out.
    """
    from slant.store.stories import get_story, story_article_pks

    summary = get_story(store, story_id)
    if summary is None:
        return None
    pks: list[int] = []
    articles: list[Article] = []
    for pk in story_article_pks(store, summary.id):
        article = store.get(pk)
        if article is not None:
            pks.append(pk)
            articles.append(article)
    comparison = compare_story(
        articles, keys=pks, min_score=min_score, speaker_links=speaker_links(articles)
    )
    return StoryView(summary, tuple(pks), comparison)


def story_json(view: StoryView) -> dict[str, Any]:
    """The story as JSON-ready data (``slant story -f json`` and ``GET /api/stories/{id}``):
    ``story`` (its listing) and the comparison's fields; article references are by
    ``index`` into the compared articles, each of which carries its store key ``pk``."""
    return {"story": asdict(view.summary), **asdict(view.comparison)}
