"""Cross-game conclusions: a ``kind: conclusions`` file judged on its games' verdicts.

A conclusion holds at the baseline when every expectation it requires holds there; its share
is that of *joint* draws in which all of them hold at once (:func:`joint_share`), judged
against its bar like any claim.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from convenience.errors import did_you_mean
from convenience.expectations.parse import error, parse_expectations
from convenience.expectations.run import ClaimResult, judge_game, overridden_parameters
from convenience.expectations.verdict import DEFAULT_BAR, Share, Verdict


def load_with_overrides(path: Path, overrides: Mapping[str, Any]) -> Any:
    """Load a game, applying only the overrides naming its own parameters."""
    from convenience.spec import load_game

    game = load_game(path)
    mine = {k: overrides[k] for k in overridden_parameters(game, overrides)}
    return load_game(path, mine) if mine else game


def _bar(value: Any, default: float, file: str, container: Any, key: str, path: str) -> float:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise error("bar must be a share between 0 and 1", file, container, key, path)
    return float(value)


def _shared(value: Any, file: str, container: Any, key: str, path: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise error("shared must list parameter names", file, container, key, path)
    return tuple(value)


def check_conclusions(path: str | Path, overrides: Mapping[str, Any] | None = None,
                      cache: dict | None = None, declared: set | None = None, seed: int = 0) -> list[ClaimResult]:
    """Evaluate a ``kind: conclusions`` file.

    A conclusion holds at the baseline when every expectation it requires holds there; its
    share is that of *joint* draws in which all of them hold at once. Games are drawn
    independently of each other, except parameters the file (or the conclusion) lists under
    ``shared:``, which take one value per joint draw in every game declaring them. Its status
    is judged against ``bar:`` (the conclusion's, else the file's, else the default).

    ``cache`` keeps each required game and its verdicts across conclusions (and files);
    ``declared`` collects the parameters those games declare.
    """
    from convenience.spec import load_document

    path = Path(path)
    file = str(path)
    data = load_document(path)
    cache = {} if cache is None else cache
    items = data.get("conclusions")
    if not isinstance(items, list) or not items:
        raise error("a conclusions file needs a list 'conclusions:'", file, data, "conclusions" if "conclusions" in data else None, "conclusions")
    file_bar = _bar(data.get("bar"), DEFAULT_BAR, file, data, "bar", "bar")
    file_shared = _shared(data.get("shared"), file, data, "shared", "shared")
    return [judge_conclusion(path, items, i, file_bar, file_shared, overrides or {}, cache, declared, seed)
            for i in range(len(items))]


def judge_conclusion(path: Path, items: list, i: int, file_bar: float, file_shared: tuple[str, ...],
                     overrides: Mapping[str, Any], cache: dict, declared: set | None, seed: int) -> ClaimResult:
    """The verdict on the file's ``i``-th conclusion: its requirements at their baselines, then
    the share of joint draws in which all of them hold, against its bar."""
    file = str(path)
    where = f"conclusions[{i}]"
    item = items[i]
    if not isinstance(item, Mapping) or not isinstance(item.get("id"), str) or "requires" not in item:
        raise error("each conclusion needs an id, a statement and requires:", file, items, i, where)
    requires = item["requires"]
    if not isinstance(requires, list) or not requires:
        raise error("requires must list {game: FILE, expect: ID} entries", file, item, "requires", f"{where}.requires")
    bar = _bar(item.get("bar"), file_bar, file, item, "bar", f"{where}.bar")
    shared = file_shared + _shared(item.get("shared"), file, item, "shared", f"{where}.shared")
    failed, passed, needed = [], 0, []
    for j, req in enumerate(requires):
        target, required = required_verdict(path, requires, j, f"{where}.requires[{j}]", overrides, cache,
                                            declared, seed)
        needed.append((target, str(req["expect"])))
        if required.holds:
            passed += 1
        else:
            failed.append(f"{req['game']}#{req['expect']}: {required.detail}")
    sources = item.get("claim")
    source = (sources,) if isinstance(sources, str) else tuple(sources or ())
    statement = " ".join(str(item.get("statement") or item["id"]).split())
    holds = not failed
    share, how = joint_share(needed, cache, shared, seed, file)
    detail = (f"all {passed} supporting expectations hold at their baselines" if holds
              else f"{len(failed)} of {len(requires)} supporting expectations fail: " + " | ".join(failed))
    if share is not None:
        detail += f"; shares are of joint draws in which all hold at once ({how})"
    verdict = Verdict.judge(holds, share, bar)
    return ClaimResult(file, item["id"], statement, holds, detail, None, source, verdict)


def required_verdict(path: Path, requires: list, j: int, where: str, overrides: Mapping[str, Any], cache: dict,
                     declared: set | None, seed: int) -> tuple[Path, ClaimResult]:
    """The game file of the ``j``-th requirement and the verdict on the expectation it names.

    Each game is loaded (with the overrides naming its parameters) and judged once, its
    verdicts kept in ``cache`` for every conclusion requiring it.
    """
    file = str(path)
    req = requires[j]
    if not isinstance(req, Mapping) or "game" not in req or "expect" not in req:
        raise error("each requirement is {game: FILE, expect: ID}", file, requires, j, where)
    target = (path.parent / str(req["game"])).resolve()
    if not target.exists():
        raise error(f"no such game file '{req['game']}'", file, req, "game", f"{where}.game")
    if target not in cache:
        cache[target] = load_with_overrides(target, overrides)
        if declared is not None:
            declared.update(getattr(cache[target], "parameters", {}) or {})
    game = cache[target]
    known = [e.id for e in parse_expectations(game)]
    if req["expect"] not in known:
        raise error(f"'{req['game']}' has no expectation '{req['expect']}'"
                    f"{did_you_mean(str(req['expect']), known)}", file, req, "expect", f"{where}.expect")
    if ("verdicts", target) not in cache:
        found = judge_game(game, fixed=overridden_parameters(game, overrides), seed=seed)
        cache[("verdicts", target)] = found
        cache.update({(target, v.id): v for v in found.claims})
    return target, cache[(target, req["expect"])]


def joint_share(needed: list[tuple[Any, str]], cache: Mapping[Any, Any], shared: tuple[str, ...], seed: int,
                file: str) -> tuple[Share | None, str]:
    """Share of joint draws in which every ``(game file, expectation id)`` in ``needed`` holds.

    Without shared parameters the games' own draws are combined draw by draw (each game's
    draws are independent of the others'); parameters named in ``shared`` and declared by two
    or more of the games are drawn once per joint draw and set in each of them. Also says how.
    """
    from convenience.expectations.draws import claim_hits, declared_draws

    games = list(dict.fromkeys(target for target, _ in needed))
    found = {target: cache[("verdicts", target)] for target in games}
    if all(cache[(target, ident)].verdict is None or cache[(target, ident)].verdict.share is None
           for target, ident in needed):
        return None, "nothing they rest on is uncertain"
    n = min(v.draws for v in found.values())
    declaring = {name: [t for t in games if name in (getattr(cache[t], "parameters", {}) or {})] for name in shared}
    joint = {name: targets for name, targets in declaring.items() if len(targets) > 1}
    count = f"{len(games)} game{'s' if len(games) != 1 else ''}"
    if not joint:
        row = np.ones(n, dtype=bool)
        for target, ident in needed:
            row &= np.asarray(found[target].rows[ident][:n], dtype=bool)
        how = "draws of its one game" if len(games) == 1 else f"{count}, drawn independently"
        return Share(int(row.sum()), n, seed), how
    from convenience.analysis.montecarlo.distributions import distribution_of
    from convenience.analysis.montecarlo.engine import named_entropy, stream_draws

    dists = {name: distribution_of(cache[targets[0]].parameters[name], file=getattr(cache[targets[0]], "file", None))
             for name, targets in joint.items()}
    values = stream_draws(dists, named_entropy(seed, file, 2), n)  # one value per joint draw, in every game
    row = np.ones(n, dtype=bool)
    for target in games:
        game = cache[target]
        fixed = frozenset(found[target].fixed)
        samples = declared_draws(game, n, seed, fixed)
        samples.update({name: column for name, column in values.items() if target in joint[name]
                        and name not in fixed})
        exps = [e for e in parse_expectations(game) if (target, e.id) in needed]
        row &= claim_hits(game, exps, samples).all(axis=0) if samples else np.ones(n, dtype=bool)
    names = ", ".join(sorted(joint))
    return Share(int(row.sum()), n, seed), f"{count}; {names} shared across them, the rest independent"
