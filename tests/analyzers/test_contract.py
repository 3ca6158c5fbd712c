"""Every registered analyzer honours the contract (runs over ``available()``)."""

from __future__ import annotations

import copy

import pytest

from slant import analyzers as registry
from slant.analyzers.base import LAYERS
from slant.article import Article
from slant.errors import RegistryError
from slant.readers.txt import article_from_text

TEXT = (
    "Police Detain Dozens After Protest in Almaty\n\n"
    "Police in Almaty detained 44 protesters on Friday, the interior ministry said.\n"
    '"We will restore order," Interior Minister Erlan Turgumbayev told reporters on Saturday.\n'
    "He added that the shameful riots were organised by foreign-trained terrorists.\n"
)

LAYER_ATTR = {
    "techniques": "techniques",
    "genre": "genre",
    "frames": "frames",
    "quotes": "quotes",
    "entities": "entities",
    "counts": "counts",
    "dates": "dates",
    "tone": "tone",
}


@pytest.mark.parametrize("name", registry.available())
def test_analyzer_writes_only_what_it_assigns(name: str) -> None:
    from slant.clean import clean
    from slant.config import load_settings
    from slant.pipeline import PROVIDED, Pipeline

    cls = registry.get(name)
    assert cls.name == name
    assert cls.requires <= LAYERS and cls.assigns <= LAYERS
    makers = [
        n
        for n in registry.available()
        if n != name and registry.get(n).assigns & (cls.requires - PROVIDED)
    ]
    pipeline = Pipeline(load_settings(only=(*makers, name)))
    pipeline.initialize()
    art = article_from_text(TEXT, id="c", source="c")
    clean(art)
    art.doc = pipeline.nlp_(art.text) if pipeline.needs_doc else None
    for other_name, other in zip(pipeline.names, pipeline.analyzers, strict=True):
        if other_name != name:
            other(art)
    before = {k: copy.deepcopy(getattr(art, v)) for k, v in LAYER_ATTR.items()}
    text_before = art.text
    analyzer = cls()
    analyzer.initialize()
    analyzer(art)
    assert art.text == text_before
    for layer, attr in LAYER_ATTR.items():
        if layer not in cls.assigns:
            assert getattr(art, attr) == before[layer], f"{name} wrote {layer}"
    art.doc = None
    art.check()
    Article.from_dict(art.to_dict())


def test_duplicate_registration_is_an_error() -> None:
    cls = registry.get("entities")

    class Other:
        requires = frozenset()
        assigns = frozenset()

    with pytest.raises(RegistryError):
        registry.register("entities")(Other)
    assert registry.get("entities") is cls
