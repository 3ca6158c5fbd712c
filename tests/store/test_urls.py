"""The URL index (migration 0004) on SQLite and PostgreSQL: a URL is "stored" once the
article read from it is in the store, and keeps its validators."""

from __future__ import annotations

from slant.article import Article
from slant.fetch import Response
from slant.fetch.pages import ID_CHARS, SOURCE_CHARS, short_name
from slant.store import Store
from slant.store.urls import UrlIndex

URL = "http://127.0.0.1:9/news/a.html?" + "q" * 3000  # longer than any index allows


def test_a_url_is_stored_once_its_article_is(store: Store) -> None:
    index = UrlIndex(store)
    text = "Title\n\nThe minister said on Monday that the bridge would reopen soon."
    response = Response(
        url=URL, final_url=URL + "&x", status=200, content_type="text/html", etag='"v1"'
    )
    index.record(response, kind="page", text=text)
    assert index.stored(URL) is None  # read, not yet stored: fetched again next time
    meta = {"url": URL, "outlet": "Loopback Gazette", "published": "2024-03-04"}
    # as the page reader names it: the store's id and skip-source columns have limits
    ident, source = short_name(URL, ID_CHARS), short_name(URL, SOURCE_CHARS)
    assert len(ident) == ID_CHARS and len(source) == SOURCE_CHARS and ident != URL[:ID_CHARS]
    store.add(Article(id=ident, text=text, source=source, meta=meta), model_version="test")
    article, etag, modified = index.stored(URL)
    assert (article.text, article.source, etag, modified) == (text, source, '"v1"', None)
    assert (article.meta["outlet"], article.meta["published"]) == (meta["outlet"], "2024-03-04")
    assert not article.paragraphs  # the text and metadata only: analysed again if asked
    response.etag, response.last_modified = '"v2"', "Mon, 04 Mar 2024 08:00:00 GMT"
    index.record(response, kind="page", text=text)  # the same URL again: updated, not added
    assert index.count() == 1 and index.stored(URL)[1:] == ('"v2"', response.last_modified)
    index.record(response, kind="page", text=None)  # now a skip: no stored article
    assert index.stored(URL) is None
