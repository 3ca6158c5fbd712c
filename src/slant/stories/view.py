"""A stored story, loaded for the side-by-side view (the CLI, the web reader, the report).

:func:`load_story` reads a story's members from the store and compares them with
:func:`slant.stories.compare.compare_story`, each speaker under the name the corpus links
it to (:meth:`slant.store.Store.speaker_links`: "Blinken" → "Antony Blinken"), so that
an outlet quoting "Blinken" and one quoting "Antony Blinken" quote the same person.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from slant.stories.columns import StoryComparison
from slant.stories.compare import compare_story

if TYPE_CHECKING:
    from slant.article import Article
    from slant.store import Store
    from slant.store.stories import StorySummary

__all__ = ["StoryView", "load_story", "story_json"]


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
    links = [store.speaker_links(pk) for pk in pks]
    comparison = compare_story(articles, keys=pks, min_score=min_score, speaker_links=links)
    return StoryView(summary, tuple(pks), comparison)


def story_json(view: StoryView) -> dict[str, Any]:
    """The story as JSON-ready data (``slant story -f json`` and ``GET /api/stories/{id}``):
    ``story`` (its listing) and the comparison's fields; article references are by
    ``index`` into the compared articles, each of which carries its store key ``pk``."""
    return {"story": asdict(view.summary), **asdict(view.comparison)}
