"""The claim catalogue in seeds/ is well formed and every game cites real claims.

The catalogue paraphrases N. Kozhanov, "Marriage of Convenience" (2016). Each claim's
`locator` must be the verbatim opening of a paragraph of the article, so a reader can find
it; that check needs the article text, which is kept outside the repository
(`../shared/seeds/` next to the checkout) and is skipped, with a reason, when absent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CLAIMS = ROOT / "seeds" / "claims.yaml"
ARTICLE = ROOT.parent / "shared" / "seeds" / "marriage-of-convenience-kozhanov-2016.txt"
GAMES = ROOT / "games"
KINDS = {"fact", "assessment", "prediction", "motive"}
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _catalogue() -> dict:
    return yaml.safe_load(CLAIMS.read_text(encoding="utf-8"))


def _claims() -> list[dict]:
    return _catalogue()["claims"]


def _words(text: str) -> str:
    return " ".join(text.split())


def _cited_sources(node, path=""):
    """Yield (where, id) for every `source:` (and expectation `claim:`) value in a YAML document."""
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{key}" if path else str(key)
            if key == "source" or (key == "claim" and "id" in node):
                values = value if isinstance(value, list) else [value]
                for item in values:
                    yield where, item
            else:
                yield from _cited_sources(value, where)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _cited_sources(item, f"{path}[{index}]")


def test_catalogue_has_document_dilemmas_and_enough_claims():
    catalogue = _catalogue()
    assert catalogue["document"]["id"] == "marriage-of-convenience"
    assert 50 <= len(catalogue["claims"]) <= 90
    used = {claim["dilemma"] for claim in catalogue["claims"]}
    assert used == set(catalogue["dilemmas"]), "every dilemma has claims and no claim is orphaned"


def test_claim_ids_are_unique_kebab_case_and_not_the_document_id():
    ids = [claim["id"] for claim in _claims()]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates
    assert all(KEBAB.match(i) for i in ids), [i for i in ids if not KEBAB.match(i)]
    assert "marriage-of-convenience" in ids  # the overall thesis is citable too


@pytest.mark.parametrize("claim", _claims(), ids=lambda c: c["id"])
def test_claim_fields(claim):
    assert set(claim) == {"id", "dilemma", "claim", "locator", "kind"}
    assert claim["kind"] in KINDS
    assert 6 <= len(claim["locator"].split()) <= 11
    # our own words: at most one short quotation per paraphrase
    assert claim["claim"].count('"') <= 2
    assert len(claim["claim"]) <= 260


@pytest.mark.skipif(not ARTICLE.exists(), reason=f"article text not present at {ARTICLE}; "
                    "locators cannot be checked against it")
def test_every_locator_opens_a_paragraph_of_the_article():
    paragraphs = [_words(p) for p in ARTICLE.read_text(encoding="utf-8").split("\n") if p.strip()]
    missing = [c["id"] for c in _claims()
               if not any(p.startswith(_words(c["locator"])) for p in paragraphs)]
    assert not missing


@pytest.mark.skipif(not ARTICLE.exists(), reason=f"article text not present at {ARTICLE}")
def test_paraphrases_do_not_copy_runs_of_eight_words_from_the_article():
    article = _words(ARTICLE.read_text(encoding="utf-8")).lower()
    for claim in _claims():
        words = _words(claim["claim"]).lower().split()
        for start in range(len(words) - 7):
            run = " ".join(words[start:start + 8])
            assert run not in article, f"{claim['id']} copies: {run!r}"


def test_every_source_cited_in_games_exists():
    known = {c["id"] for c in _claims()}
    files = sorted(GAMES.glob("*.yaml"))
    assert files, "the model library is empty"
    unknown = []
    for file in files:
        for where, ident in _cited_sources(yaml.safe_load(file.read_text(encoding="utf-8"))):
            if ident not in known:
                unknown.append(f"{file.name}: {where}: {ident}")
    assert not unknown


def test_every_dilemma_is_modelled_by_some_game():
    """Each dilemma group (except the overall conclusions) is cited by at least one game."""
    by_id = {c["id"]: c["dilemma"] for c in _claims()}
    cited = set()
    for file in GAMES.glob("*.yaml"):
        for _, ident in _cited_sources(yaml.safe_load(file.read_text(encoding="utf-8"))):
            cited.add(by_id.get(ident))
    assert set(_catalogue()["dilemmas"]) - {"conclusions"} <= cited


def test_readme_lists_every_claim():
    """seeds/README.md is the readable view of the catalogue: every claim id appears in it."""
    readme = (ROOT / "seeds" / "README.md").read_text(encoding="utf-8")
    missing = [c["id"] for c in _claims() if f"| `{c['id']}` | {c['kind']} | {c['claim']} |" not in readme]
    assert not missing, "seeds/README.md is out of step with claims.yaml"


@pytest.mark.skipif(not ARTICLE.exists(), reason=f"article text not present at {ARTICLE}")
def test_game_descriptions_do_not_copy_runs_of_the_article():
    article = _words(ARTICLE.read_text(encoding="utf-8")).lower()
    for file in sorted(GAMES.glob("*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        texts = [data.get("description") or ""]
        texts += [p.get("description", "") for p in (data.get("parameters") or {}).values() if isinstance(p, dict)]
        words = _words(" ".join(texts)).lower().split()
        for start in range(len(words) - 7):
            run = " ".join(words[start:start + 8])
            assert run not in article, f"{file.name} copies: {run!r}"
