"""Judging a game's expectations: the verdicts.

:func:`judge_game` (and :func:`check_game`) judges one game's expectations at its baseline,
over the declared distributions and over the declared box; cross-game conclusions are judged
on these verdicts in :mod:`convenience.expectations.conclusions`. Many files at once
(``convenience check``) go through :func:`convenience.pipeline.check_paths`, which reuses each
game's verdicts for the conclusions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from convenience.expectations.checks import Point, describe, evaluate
from convenience.expectations.inert import Inertness, inert_parameters
from convenience.expectations.play import play_rows
from convenience.expectations.parse import (
    DEFAULT_DRAWS,
    Expectation,
    parse_expectations,
)
from convenience.expectations.regions import holding_region
from convenience.expectations.verdict import DEFAULT_BAR, Share, Verdict
from convenience.game import Game, ParametricAny, parameters_of

#: How an exact "true by construction" was decided, by check (the others: at the box's corners).
CONSTRUCTION_NOTES = {
    "spe_path": "exact: no subgame-perfect profile playing otherwise arises anywhere in the declared box "
                "(its conditions are linear in each parameter, decided at the box's corners)",
    "sustained": "exact: the grim-trigger conditions (the discount factor against each player's temptation) "
                 "hold all over the declared box, decided at its corners",
    "outcome": "exact: every sign pattern of the payoff differences that the declared box allows gives it (ties on "
               "a boundary aside)",
}
CONSTRUCTION_NOTES["spe_action"] = CONSTRUCTION_NOTES["spe_path"]
for _check in ("unique", "never_played", "payoff_dominant"):
    CONSTRUCTION_NOTES[_check] = CONSTRUCTION_NOTES["outcome"]
#: Draws per parameter when looking for the one assumption that most often breaks a claim.
BREAKER_DRAWS = 50


@dataclass(frozen=True)
class ClaimResult:
    """The verdict on one expectation (or one cross-game conclusion).

    ``game`` is the file, ``id`` the expectation's id, ``claim`` the check in words,
    ``holds`` whether it holds at the baseline, ``detail`` why it holds or fails there,
    ``region`` where it holds (failing and fragile claims, or on request), ``source`` the
    catalogue claim ids it tests, ``verdict`` how far it holds across the declared
    uncertainty (:class:`~convenience.expectations.verdict.Verdict`).
    """

    game: str
    id: str
    claim: str
    holds: bool
    detail: str
    region: str | None = None
    source: tuple[str, ...] = ()
    verdict: Verdict | None = None

    @property
    def status(self) -> str:
        """robust, fragile or fails (a claim without a verdict: robust when it holds)."""
        if self.verdict is not None:
            return self.verdict.status
        return "robust" if self.holds else "fails"

    def to_dict(self) -> dict[str, Any]:
        out = {"game": self.game, "id": self.id, "claim": self.claim, "status": self.status, "holds": self.holds,
               "detail": self.detail, "region": self.region, "source": list(self.source)}
        out["verdict"] = None if self.verdict is None else self.verdict.to_dict()
        return out


@dataclass(frozen=True, eq=False)
class GameVerdicts:
    """The verdicts on one game's claims and what they say about the game as a whole.

    ``claims`` in file order; ``outcome`` the share of draws in which every claim made at the
    baseline (those without ``at:``) holds at once: the whole outcome the claims describe,
    ``outcome_ids`` those claims; ``rows`` maps each claim id to whether it held in each of the
    game's common draws (``draws`` of them, seeded by ``seed`` and the file name), which
    cross-game conclusions combine; ``inert`` the parameters that move no equilibrium and no
    claim anywhere in their range. ``play`` is the share of the same draws in which the play
    (the set of equilibrium paths) stays the baseline's, and ``profile`` the strict share in
    which the whole set of equilibrium profiles does, plans off the path included
    (:mod:`convenience.expectations.play`); ``play_is_profile`` when the two are one thing
    (strategic forms, repeated games).
    """

    claims: tuple[ClaimResult, ...]
    outcome: Share | None = None
    outcome_ids: tuple[str, ...] = ()
    rows: Mapping[str, Any] = field(default_factory=dict)
    draws: int = 0
    seed: int = 0
    fixed: frozenset = frozenset()
    inert: Inertness | None = None
    play: Share | None = None
    profile: Share | None = None
    play_is_profile: bool = False

    def fragile_parts(self) -> list[str]:
        """Ids of the outcome's claims that are fragile or fail."""
        return [c.id for c in self.claims if c.id in self.outcome_ids and c.status != "robust"]

    def outcome_text(self) -> str:
        """``"the outcome the claims describe holds in 9% (...); fragile parts: a, b"``."""
        if self.outcome is None:
            return "nothing declared uncertain moves the outcome the claims describe"
        weak = self.fragile_parts()
        tail = f"; fragile or failing parts: {', '.join(weak)}" if weak else ""
        return f"the whole outcome the claims describe holds in {self.outcome.text()}{tail}"

    def play_text(self) -> str | None:
        """``"the play stays the baseline's in 74% (...); the whole profile, ... in 46% (...)"``
        (None when play and profile were not told apart)."""
        if self.play is None or self.profile is None:
            return None
        if self.play_is_profile:
            return f"the equilibrium set, play and whole profile at once, stays the baseline's in {self.profile.text()}"
        return (f"the play (the equilibrium paths) stays the baseline's in {self.play.text()}; the whole profile, "
                f"plans off the path included, in {self.profile.text()}")


def common_draws(exps: Iterable[Expectation]) -> int:
    """Draws of a game's shared Monte Carlo: the default, or more if a claim asks for more."""
    return max([DEFAULT_DRAWS, *((e.robust or {}).get("draws", DEFAULT_DRAWS) for e in exps)])


@dataclass
class SharedDraws:
    """One game's common Monte Carlo draws, shared by all its claims.

    ``samples`` the drawn columns of the declared distributions (empty when nothing is
    uncertain), ``rows`` whether each claim holds in each draw, ``box_rows`` the same over
    uniform draws of the declared box (None when the box is not judged), ``draws`` their
    number, ``seed`` their seed, ``fixed`` the parameters left at their baseline.
    """

    samples: dict[str, Any]
    rows: Any
    box_rows: Any
    draws: int
    seed: int
    fixed: frozenset


def judge_game(game: ParametricAny, *, regions: bool = False, ids: Iterable[str] | None = None,
               fixed: Iterable[str] = (), seed: int = 0, box: bool = True,
               progress: Callable[[str, int, int], None] | None = None) -> GameVerdicts:
    """Judge the game's expectations: at the baseline (``at:`` as written), over the declared
    distributions (one shared set of draws for all claims) and, with ``box``, over the whole
    declared box (true by construction?).

    ``fixed`` names parameters that the draws leave at their (overridden) baseline; a claim
    asking for its own ``seed`` is drawn on its own. Whole-game figures (the outcome's share,
    inert parameters, the play's stability) are given when every claim is judged (no ``ids``).
    ``progress(stage, done, total)`` is told of each step as it starts (the shared draws, each
    claim, the whole-game figures) and once when all are done; it changes nothing in the result.
    """
    wanted = None if ids is None else set(ids)
    exps = [e for e in parse_expectations(game) if wanted is None or e.id in wanted]
    total = len(exps) + 2
    tell = progress if progress is not None else _silent
    tell("verdict draws", 0, total)
    draws = shared_draws(game, exps, frozenset(fixed), seed, box)
    name = str(getattr(game, "file", None) or getattr(game, "title", "game"))
    judged = []
    for i, exp in enumerate(exps):
        tell(f"claim {exp.id}", 1 + i, total)
        judged.append(judge_claim(game, name, exp, i, draws, regions=regions, box=box))
    results = tuple(judged)
    tell("inert parameters and play", total - 1, total)
    whole = [i for i, e in enumerate(exps) if not e.at]
    outcome = outcome_share(exps, whole, draws)
    packed = {exp.id: draws.rows[i].copy() for i, exp in enumerate(exps)}
    inert = inert_parameters(game, draws.fixed, seed) if ids is None else None
    play = profile = None
    rows_of_play = play_rows(game, draws.samples, game.baseline()) if ids is None else None
    if rows_of_play is not None:
        play, profile = (Share(int(row.sum()), draws.draws, seed) for row in rows_of_play[:2])
    tell("claims judged", total, total)
    return GameVerdicts(results, outcome, tuple(exps[i].id for i in whole), packed, draws.draws, seed, draws.fixed,
                        inert, play, profile, bool(rows_of_play is not None and rows_of_play.same))


def _silent(stage: str, done: int, total: int) -> None:
    """No progress shown."""


def shared_draws(game: ParametricAny, exps: list[Expectation], fixed: frozenset, seed: int, box: bool) -> SharedDraws:
    """Draw the game's common sample once and say which claims hold in each draw (and, with
    ``box``, in each uniform draw of the declared box)."""
    from convenience.expectations.draws import box_draws, claim_hits, declared_draws

    n = common_draws(exps)
    samples = declared_draws(game, n, seed, fixed)
    rows = claim_hits(game, exps, samples) if samples else np.zeros((len(exps), n), dtype=bool)
    box_rows = claim_hits(game, exps, box_draws(game, n, seed, fixed)) if box else None
    return SharedDraws(samples, rows, box_rows, n, seed, fixed)


def judge_claim(game: ParametricAny, name: str, exp: Expectation, index: int, draws: SharedDraws, *,
                regions: bool, box: bool) -> ClaimResult:
    """The verdict on one claim: at its baseline, its share of the draws against its bar, true
    by construction over the box or not, and, when it is not robust, where it holds and the
    assumption that most often breaks it."""
    from convenience.expectations.conditions import exact_conditions
    from convenience.expectations.draws import ranged

    base = {**game.baseline(), **exp.at}
    holds, detail = evaluate(Point(game, base), exp)
    if not draws.samples:
        draws.rows[index] = holds  # nothing uncertain: every draw is the baseline
    varies = any(p not in exp.at for p in draws.samples)
    share, box_share = claim_shares(game, exp, index, draws) if varies else (None, None)
    everywhere, exact, note = construction(game, exp, draws.fixed) if (box and varies) else (None, None, "")
    built = box_share is not None and (everywhere if everywhere is not None else box_share.hits == box_share.draws)
    bar = (exp.robust or {}).get("at_least", DEFAULT_BAR)
    verdict = Verdict.judge(holds, share, bar, box=box_share, by_construction=bool(built),
                            construction_exact=everywhere is not None, construction_note=note)
    region = None
    if regions or verdict.status != "robust":
        if exact is None and varies:
            exact = exact_conditions(game, exp, ranged(game, draws.fixed))
        region = exact.text() if exact is not None else scanned_region(game, exp, base)
    if verdict.status != "robust" and share is not None:
        broken = breaker(game, exp, base, draws.samples) if verdict.status == "fragile" else None
        verdict = replace(verdict, needs=region, breaker=broken)
        if exact is not None:
            verdict = replace(verdict, needs_exact=True, conditions=exact.conditions, join=exact.join)
    return ClaimResult(name, exp.id, describe(game, exp), holds, detail, region, exp.source, verdict)


def claim_shares(game: ParametricAny, exp: Expectation, index: int, draws: SharedDraws) -> tuple[Share, Share | None]:
    """The claim's share of the declared draws (its own draws when it asks for its own seed)
    and of the box's uniform draws (None when the box is not judged)."""
    from convenience.expectations.draws import claim_hits, declared_draws

    row = draws.rows[index]
    own_seed = (exp.robust or {}).get("seed", draws.seed)
    if own_seed != draws.seed:
        row = claim_hits(game, [exp], declared_draws(game, draws.draws, own_seed, draws.fixed))[0]
    share = Share(int(row.sum()), draws.draws, own_seed)
    if draws.box_rows is None:
        return share, None
    return share, Share(int(draws.box_rows[index].sum()), draws.draws, draws.seed)


def construction(game: ParametricAny, exp: Expectation, fixed: frozenset) -> tuple[bool | None, Any, str]:
    """Is the claim true (or false) all over the declared box, decided exactly?

    Returns ``(everywhere, exact, note)``: ``everywhere`` True or False when decided (None
    when only the box's draws can tell), ``exact`` the exact conditions found on the way (to
    say where the claim holds) and ``note`` how an exact answer was reached.
    """
    from convenience.expectations.conditions import exact_conditions
    from convenience.expectations.draws import ranged
    from convenience.expectations.exact import holds_everywhere

    everywhere = holds_everywhere(game, exp, ranged(game, fixed))
    if everywhere is not None:
        return everywhere, None, ""
    exact = exact_conditions(game, exp, ranged(game, fixed))
    if exact is not None and (exact.everywhere or exact.nowhere):
        return exact.everywhere, exact, CONSTRUCTION_NOTES.get(exp.check, "")
    return None, exact, ""


def outcome_share(exps: list[Expectation], whole: list[int], draws: SharedDraws) -> Share | None:
    """Share of draws in which every claim made at the baseline (``whole``: those without
    ``at:``) holds at once; None when nothing they rest on is drawn."""
    if whole and draws.samples and any(set(draws.samples) - set(exps[i].at) for i in whole):
        return Share(int(draws.rows[whole].all(axis=0).sum()), draws.draws, draws.seed)
    return None


def scanned_region(game: ParametricAny, exp: Expectation, base: Mapping[str, Any]) -> str:
    """The one-parameter scan of where ``exp`` holds, led by why no exact region is given when
    the reason is the kind of game (:func:`~convenience.expectations.conditions.inexact_reason`)."""
    from convenience.expectations.conditions import inexact_reason

    scan = holding_region(game, exp, base)
    reason = inexact_reason(game, exp)
    return f"sampled, not exact ({reason}): {scan}" if reason else scan


def breaker(game: ParametricAny, exp: Expectation, base: Mapping[str, Any], samples: Mapping[str, Any],
            limit: int = BREAKER_DRAWS) -> str | None:
    """The single assumption whose change most often breaks the claim.

    Each uncertain parameter in turn takes its drawn values (the first ``limit`` draws), the
    others stay at the baseline; the one under which the claim fails in most draws is named,
    with that share. None when no single parameter breaks it (only joint changes do).
    """
    from convenience.expectations.draws import claim_hits

    worst, worst_share = None, 0.0
    for name, column in samples.items():
        if name in exp.at:
            continue
        values = column[:limit]
        hits = claim_hits(game, [exp], {name: values}, base)[0]
        failing = 1 - float(hits.mean()) if len(values) else 0.0
        if failing > worst_share:
            worst, worst_share = name, failing
    if worst is None:
        return None
    return f"{worst} (alone it breaks the claim in {worst_share:.0%} of its draws)"


def check_game(game: ParametricAny, *, regions: bool = False, ids: Iterable[str] | None = None,
               fixed: Iterable[str] = (), seed: int = 0) -> list[ClaimResult]:
    """The verdicts on the game's expectations (see :func:`judge_game`)."""
    return list(judge_game(game, regions=regions, ids=ids, fixed=fixed, seed=seed).claims)


def overridden_parameters(game: Game, overrides: Mapping[str, Any]) -> set[str]:
    """The overridden parameters this game declares (fixed in robustness draws)."""
    return {k for k in overrides if k in parameters_of(game)}
