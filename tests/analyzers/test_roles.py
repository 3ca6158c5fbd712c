"""The roles analyzer on short texts: roles on entities, the cast, thresholds, the schema."""

from __future__ import annotations

import json

import pytest

from slant.analyzers.roles import ROLE_LABELS, RolesAnalyzer
from slant.article import Article
from slant.config import Settings
from slant.labels import MAIN_ROLES, ROLE_TAXONOMY
from slant.pipeline import Pipeline
from slant.schema import validate

# Russia, named in the title and four times more, is cast well above the default threshold
# (with three mentions the best score was within 0.01 of it on the 4-layer student encoder)
WAR = """Russia shells Kharkiv as Zelensky pleads for help

Russian troops shelled the city of Kharkiv on Monday, killing 12 civilians, Ukrainian \
officials said.
President Volodymyr Zelensky condemned the attack as a war crime and called on NATO to \
protect Ukrainians from the Kremlin's aggression.
Moscow denied targeting civilians and accused the Kyiv regime of staging the deaths to \
win Western weapons.
Russia has shelled Kharkiv every day this month, and Russia's army is massing troops near \
the border, Ukraine's defence ministry said.
"""


def _run(text: str, **options: object) -> Article:
    settings = Settings(
        only=("entities", "roles"),
        language_check=False,
        language="en",
        analyzers={"roles": dict(options)},
    )
    return Pipeline(settings)(Article(id="t", text=text))


@pytest.fixture(scope="module")
def war() -> Article:
    return _run(WAR)


def test_registered_off_by_default_and_run_with_add() -> None:
    from slant import analyzers as registry

    assert registry.get("roles") is RolesAnalyzer
    assert "roles" not in registry.default_names()  # weak: shown only when asked for
    # the agency columns' dependency parse is the analyzer's own: asking for roles keeps the
    # parse level (and the sentences) the other analyzers read
    assert RolesAnalyzer.requires == frozenset({"doc", "entities"})
    assert RolesAnalyzer.assigns == frozenset({"entities", "cast"})
    default = Pipeline(Settings()).names
    assert "roles" not in default
    added = Pipeline(Settings(add=("roles",))).names
    assert added == [*default[: added.index("roles")], "roles", *default[added.index("roles") :]]
    assert added.index("roles") > added.index("entities")
    assert Pipeline(Settings(add=("roles",))).nlp_level == Pipeline(Settings()).nlp_level


def test_with_roles_on_the_command_line(tmp_path) -> None:
    from typer.testing import CliRunner

    from slant.cli import app

    path = tmp_path / "war.txt"
    path.write_text(WAR, encoding="utf-8")
    runner = CliRunner()
    base = ["analyze", str(path), "--only", "entities,tone", "--workers", "1"]
    plain = runner.invoke(app, base)
    assert plain.exit_code == 0, plain.output
    assert json.loads(plain.stdout)["cast"] == []
    cast = runner.invoke(app, [*base, "--with", "roles"])
    assert cast.exit_code == 0, cast.output
    data = json.loads(cast.stdout)
    assert "roles" in data["analyzers"] and data["cast"]


def test_roles_are_consistent_and_above_the_threshold(war: Article) -> None:
    analyzer = RolesAnalyzer()  # the tuned threshold comes with the model
    analyzer.initialize()
    assert 0.0 < analyzer.threshold_ < 1.0
    roles = [e for e in war.entities if e.role is not None]
    assert roles, "a war report casts someone"
    for e in roles:
        r = e.role
        assert e.label in ROLE_LABELS
        assert r.main in MAIN_ROLES
        assert r.fine and set(r.fine) <= set(ROLE_TAXONOMY[r.main])
        assert analyzer.threshold_ <= r.score <= 1.0
        # the role mention starts at the entity and may widen over group nouns
        assert r.start == e.start and r.end >= e.end
    troops = next(e for e in war.entities if war.text[e.start : e.end] == "Russian")
    if troops.role is not None:
        assert war.text[troops.role.start : troops.role.end] == "Russian troops"


def test_cast_groups_the_role_mentions(war: Article) -> None:
    assert war.cast
    names = [c.name for c in war.cast]
    assert len(names) == len(set(names))
    mentions = {(e.role.start, e.role.end) for e in war.entities if e.role}
    for c in war.cast:
        assert c.main in MAIN_ROLES and set(c.fine) <= set(ROLE_TAXONOMY[c.main])
        assert set(c.mentions) <= mentions
    order = [MAIN_ROLES.index(c.main) for c in war.cast]
    assert order == sorted(order)  # heroes, villains, victims


def test_threshold_is_the_users() -> None:
    none = _run(WAR, threshold=1.01)
    assert none.cast == [] and all(e.role is None for e in none.entities)
    every = _run(WAR, threshold=0.0)
    castable = [e for e in every.entities if e.label in ROLE_LABELS]
    assert castable and all(e.role is not None for e in castable)
    assert all(e.role is None for e in every.entities if e.label not in ROLE_LABELS)


def test_same_text_same_roles_and_schema_round_trip(war: Article) -> None:
    again = _run(WAR)
    assert again.to_dict() == war.to_dict()
    data = war.to_dict()
    validate(data)
    assert any(e["role"] for e in data["entities"])
    assert data["cast"][0]["mentions"][0]["text"]
    back = Article.from_dict(data)
    assert back.to_dict() == data  # scores are kept to 4 decimals
    assert [e.role is None for e in back.entities] == [e.role is None for e in war.entities]
    assert [c.name for c in back.cast] == [c.name for c in war.cast]


def test_no_entities_no_cast() -> None:
    art = _run("the weather was mild and the river was calm all week long.\n")
    assert art.cast == [] and art.entities == []


def test_the_use_fine_head_moves_fine_roles_only(tmp_path, war: Article) -> None:
    """The shipped USE fine-role head (lines within the first 2,000 characters) changes no
    main role and no score; a model without it gives the same cast with MiniLM fine roles."""
    import dataclasses

    from slant.analyzers.roles import RoleModel, default_model_dir

    model = RoleModel.load(default_model_dir())
    assert model.has_use and model.use_fine_context == "line"
    dataclasses.replace(model, use_fine_weight=0.0).save(tmp_path)
    plain = _run(WAR, model_dir=str(tmp_path))
    roles = [(e.start, e.end, e.role) for e in war.entities if e.role]
    roles_plain = [(e.start, e.end, e.role) for e in plain.entities if e.role]
    assert roles, "the war text casts someone"
    assert [(s, e, r.main, r.score) for s, e, r in roles] == [
        (s, e, r.main, r.score) for s, e, r in roles_plain
    ]
    for _, _, r in roles:
        assert r.fine and all(f in ROLE_TAXONOMY[r.main] for f in r.fine)
