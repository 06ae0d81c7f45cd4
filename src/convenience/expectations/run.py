"""Checking games, files, directories and cross-game conclusions; the verdicts.

:func:`check_game` judges one game's expectations; :func:`check_conclusions` judges a ``kind:
conclusions`` file, whose conclusions hold when all the expectations they require hold.
Many files at once (``convenience check``) go through :func:`convenience.pipeline.check_paths`,
which reuses each game's verdicts for the conclusions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from convenience.errors import did_you_mean
from convenience.expectations.checks import Point, describe, evaluate
from convenience.expectations.parse import error, parse_expectations
from convenience.expectations.regions import holding_region, robust_share


@dataclass(frozen=True)
class ClaimResult:
    """The verdict on one expectation (or one cross-game conclusion).

    ``game`` is the file, ``id`` the expectation's id, ``claim`` the check in words,
    ``detail`` why it holds or fails, ``region`` where a failing check would hold (or None),
    ``source`` the catalogue claim ids it tests.
    """

    game: str
    id: str
    claim: str
    holds: bool
    detail: str
    region: str | None = None
    source: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"game": self.game, "id": self.id, "claim": self.claim, "holds": self.holds,
                "detail": self.detail, "region": self.region, "source": list(self.source)}


def check_game(game: Any, *, regions: bool = False, ids: Iterable[str] | None = None,
               fixed: Iterable[str] = ()) -> list[ClaimResult]:
    """Evaluate the game's expectations at its baseline (``at:`` and ``robust:`` as written).

    ``fixed`` names parameters that robustness draws leave at their (overridden) baseline.
    """
    fixed = frozenset(fixed)
    name = str(getattr(game, "file", None) or getattr(game, "title", "game"))
    wanted = None if ids is None else set(ids)
    results = []
    for exp in parse_expectations(game):
        if wanted is not None and exp.id not in wanted:
            continue
        base = {**game.baseline(), **exp.at}
        if exp.robust:
            share, draws = robust_share(game, exp, base, fixed)
            holds = share >= exp.robust["at_least"]
            detail = (f"holds in {share:.1%} of {draws} draws (needs {exp.robust['at_least']:.0%}); "
                      f"at the baseline: {evaluate(Point(game, base), exp)[1]}")
        else:
            holds, detail = evaluate(Point(game, base), exp)
        # for a robustness claim the region is that of the check itself: which ranges sink it
        region = holding_region(game, exp, base) if (regions or not holds) else None
        results.append(ClaimResult(name, exp.id, describe(game, exp), holds, detail, region, exp.source))
    return results


def load_with_overrides(path: Path, overrides: Mapping[str, Any]) -> Any:
    """Load a game, applying only the overrides naming its own parameters."""
    from convenience.spec import load_game

    game = load_game(path)
    mine = {k: overrides[k] for k in overridden_parameters(game, overrides)}
    return load_game(path, mine) if mine else game


def overridden_parameters(game: Any, overrides: Mapping[str, Any]) -> set[str]:
    """The overridden parameters this game declares (fixed in robustness draws)."""
    return {k for k in overrides if k in (getattr(game, "parameters", {}) or {})}


def check_conclusions(path: str | Path, overrides: Mapping[str, Any] | None = None,
                      cache: dict | None = None, declared: set | None = None) -> list[ClaimResult]:
    """Evaluate a ``kind: conclusions`` file: each conclusion holds when all it requires holds."""
    from convenience.spec import load_document

    path = Path(path)
    file = str(path)
    data = load_document(path)
    cache = {} if cache is None else cache
    items = data.get("conclusions")
    if not isinstance(items, list) or not items:
        raise error("a conclusions file needs a list 'conclusions:'", file, data, "conclusions" if "conclusions" in data else None, "conclusions")
    results = []
    for i, item in enumerate(items):
        where = f"conclusions[{i}]"
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), str) or "requires" not in item:
            raise error("each conclusion needs an id, a statement and requires:", file, items, i, where)
        requires = item["requires"]
        if not isinstance(requires, list) or not requires:
            raise error("requires must list {game: FILE, expect: ID} entries", file, item, "requires", f"{where}.requires")
        failed, passed = [], 0
        for j, req in enumerate(requires):
            rpath = f"{where}.requires[{j}]"
            if not isinstance(req, Mapping) or "game" not in req or "expect" not in req:
                raise error("each requirement is {game: FILE, expect: ID}", file, requires, j, rpath)
            target = (path.parent / str(req["game"])).resolve()
            if not target.exists():
                raise error(f"no such game file '{req['game']}'", file, req, "game", f"{rpath}.game")
            if target not in cache:
                cache[target] = load_with_overrides(target, overrides or {})
                if declared is not None:
                    declared.update(getattr(cache[target], "parameters", {}) or {})
            game = cache[target]
            known = [e.id for e in parse_expectations(game)]
            if req["expect"] not in known:
                raise error(f"'{req['game']}' has no expectation '{req['expect']}'"
                             f"{did_you_mean(str(req['expect']), known)}", file, req, "expect", f"{rpath}.expect")
            key = (target, req["expect"])
            if key not in cache:
                cache[key] = check_game(game, ids=[req["expect"]], fixed=overridden_parameters(game, overrides or {}))[0]
            verdict = cache[key]
            if verdict.holds:
                passed += 1
            else:
                failed.append(f"{req['game']}#{req['expect']}: {verdict.detail}")
        sources = item.get("claim")
        source = (sources,) if isinstance(sources, str) else tuple(sources or ())
        statement = " ".join(str(item.get("statement") or item["id"]).split())
        holds = not failed
        detail = (f"all {passed} supporting expectations hold" if holds
                  else f"{len(failed)} of {len(requires)} supporting expectations fail: " + " | ".join(failed))
        results.append(ClaimResult(file, item["id"], statement, holds, detail, None, source))
    return results

