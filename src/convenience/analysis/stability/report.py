"""Every stability measure of every equilibrium of a game, gathered into one :class:`StabilityReport`.

:func:`stability_report` runs the measures of :mod:`convenience.analysis.stability.measures` (and of
:mod:`convenience.analysis.stability.nplayer` and :mod:`convenience.analysis.stability.perfection`
for three or more players) on each equilibrium of a
``SolveResult``, the dynamics and the QRE path once for all of them, and says in one sentence
what they add up to (:meth:`StabilityReport.summary`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from convenience.analysis.stability.common import (ParameterMargin, json_number, number_text, support_of,
                                                  tolerance)
from convenience.analysis.stability.dynamics import BasinShares, basin_shares
from convenience.analysis.stability.measures import (MAX_RADIUS_ENTRIES, dominating_outcome, is_ess, is_perfect,
                                                     is_strict, mixed_radius, nash_product, p_dominance,
                                                     parameter_margins, pareto_dominates, payoff_gaps, short_label)
from convenience.analysis.stability.qre import QreLimit, qre_limit

if TYPE_CHECKING:
    from convenience.normal_form import NormalFormGame
    from convenience.parametric import ParametricGame


def _flag(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _profile(eq: Any) -> tuple:
    return tuple(getattr(eq, "profile", eq))


@dataclass(frozen=True)
class EquilibriumStability:
    """All measures for one equilibrium (``None``: not applicable or not computable)."""

    label: str
    short: str
    pure: bool
    strict: bool
    gaps: tuple
    radius: Any
    uniform_radius: Any
    radius_note: str
    margins: tuple[ParameterMargin, ...]
    pareto_efficient: bool
    dominated_by: tuple[str, ...]
    better_outcome: str | None
    risk_dominant: bool | None
    p_dominance: Any
    perfect: bool | None
    ess: bool | None
    replicator_share: float | None
    best_response_share: float | None
    qre_selected: bool
    #: how perfection was decided (three or more players: a ``nplayer.Perfection``)
    perfection: Any = None
    #: the single-entry change attaining the radius (three or more players, mixed)
    radius_change: str = ""

    def perfect_cell(self) -> str:
        if self.perfection is not None:
            return self.perfection.cell()
        return "-" if self.perfect is None else ("yes" if self.perfect else "no")

    def to_dict(self) -> dict:
        return {
            "equilibrium": self.label, "pure": bool(self.pure), "strict": bool(self.strict),
            "gaps": [json_number(g) for g in self.gaps], "radius": json_number(self.radius),
            "uniform_radius": json_number(self.uniform_radius), "radius_note": self.radius_note,
            "parameter_margins": [m.to_dict() for m in self.margins],
            "pareto_efficient": bool(self.pareto_efficient), "pareto_dominated_by": list(self.dominated_by),
            "better_outcome": self.better_outcome, "risk_dominant": _flag(self.risk_dominant),
            "p_dominance": json_number(self.p_dominance), "perfect": _flag(self.perfect), "ess": _flag(self.ess),
            "replicator_share": self.replicator_share, "best_response_share": self.best_response_share,
            "qre_selected": bool(self.qre_selected),
            "perfect_basis": self.perfection.basis if self.perfection is not None else None,
            "perfect_exact": self.perfection.exact if self.perfection is not None else None,
            "radius_change": self.radius_change or None,
        }


@dataclass(frozen=True)
class StabilityReport:
    """Stability measures for every equilibrium of one game, with a plain-words summary."""

    title: str
    players: tuple[str, ...]
    equilibria: tuple[EquilibriumStability, ...]
    replicator: BasinShares | None
    best_response: BasinShares | None
    qre: QreLimit | None
    seed: int
    notes: tuple[str, ...] = field(default=())

    columns = ("Equilibrium", "Strict", "Radius", "Pareto-efficient", "Risk-dominant", "Perfect",
               "ESS", "Replicator basin", "Best-response basin", "QRE limit")

    def rows(self) -> list[tuple[str, ...]]:
        """One row of text cells per equilibrium, in ``columns`` order."""
        def yn(v: bool | None) -> str:
            return "-" if v is None else ("yes" if v else "no")

        def share(v: float | None) -> str:
            return "-" if v is None else f"{100 * v:.0f}%"

        return [(e.label, yn(e.strict), number_text(e.radius), yn(e.pareto_efficient), yn(e.risk_dominant),
                 e.perfect_cell(), yn(e.ess), share(e.replicator_share), share(e.best_response_share),
                 "yes" if e.qre_selected else "no") for e in self.equilibria]

    def sentence(self) -> str:
        return self.summary()

    def summary(self) -> str:
        """What the measures say about this game, in one sentence of plain words."""
        eqs = self.equilibria
        if not eqs:
            return "There is no equilibrium to assess."
        if len(eqs) == 1:
            return _only_equilibrium_summary(eqs[0])
        favourite = _likeliest(eqs)
        if favourite is None:
            efficient = [e for e in eqs if e.pareto_efficient]
            text = (f"None of the {len(eqs)} equilibria is singled out by risk dominance, noisy play or "
                    "dynamics")
            if len(efficient) == 1:
                text += f"; {efficient[0].short} is the one best for every player"
            return text + "."
        return _likeliest_summary(eqs, favourite)

    def to_dict(self) -> dict:
        return {
            "title": self.title, "seed": self.seed,
            "equilibria": [e.to_dict() for e in self.equilibria],
            "replicator": self.replicator.to_dict() if self.replicator else None,
            "best_response": self.best_response.to_dict() if self.best_response else None,
            "qre": self.qre.to_dict() if self.qre else None,
            "summary": self.summary(), "notes": list(self.notes),
        }


def _only_equilibrium_summary(e: EquilibriumStability) -> str:
    """The summary of a game with one equilibrium: its kind, its radius, a better outcome."""
    kind = "strict" if e.strict else ("mixed" if not e.pure else "weak (a player has an equally good reply)")
    text = f"The only equilibrium, {e.short}, is {kind}"
    if e.radius is not None and e.pure:
        text += f" and survives any change of a single payoff smaller than {number_text(e.radius)}"
    elif e.radius is not None:
        text += f" and keeps its support under any change of a single payoff smaller than {number_text(e.radius)}"
    if e.better_outcome:
        text += f", yet every player would prefer {e.better_outcome}, which is not an equilibrium"
    return text + "."


def _likeliest(eqs: Sequence[EquilibriumStability]) -> EquilibriumStability | None:
    """The equilibrium singled out by the logit QRE limit, else by a replicator basin above one
    half, else by risk dominance; None when nothing singles one out."""
    favourite = next((e for e in eqs if e.qre_selected), None)
    if favourite is None:
        shares = [(e.replicator_share or 0.0, k) for k, e in enumerate(eqs)]
        if max(shares)[0] > 0.5:
            favourite = eqs[max(shares)[1]]
    if favourite is None:
        favourite = next((e for e in eqs if e.risk_dominant), None)
    return favourite


def selection_reasons(equilibrium: EquilibriumStability) -> list[str]:
    """Why an equilibrium is the likeliest: risk dominance, the logit limit, replicator basins."""
    reasons = []
    if equilibrium.risk_dominant:
        reasons.append("risk-dominant")
    if equilibrium.qre_selected:
        reasons.append("the limit of noisy (logit) play")
    if equilibrium.replicator_share:
        reasons.append(f"reached from {100 * equilibrium.replicator_share:.0f}% of starting points "
                       "under replicator dynamics")
    return reasons


def _likeliest_summary(eqs: Sequence[EquilibriumStability], favourite: EquilibriumStability) -> str:
    """The summary of a game with several equilibria: the likeliest, why, and what is better or unstable."""
    reasons = selection_reasons(favourite)
    text = f"Of {len(eqs)} equilibria, {favourite.short} is the likeliest outcome"
    if reasons:
        text += " (" + ", ".join(reasons) + ")"
    better = [e for e in eqs if e.label in favourite.dominated_by]
    if better:
        text += f", although {better[0].short} would be better for every player"
    elif favourite.better_outcome:
        text += f", although every player would prefer {favourite.better_outcome}, which is not an equilibrium"
    unstable = [e for e in eqs if e is not favourite and not e.pure and e.replicator_share == 0.0]
    if unstable:
        text += "; the mixed equilibri" + ("a are" if len(unstable) > 1 else "um is") + \
                " dynamically unstable"
    return text + "."


def stability_report(game: NormalFormGame, result: Any, parametric: ParametricGame | None = None, values: dict | None = None,
                     seed: int = 0, samples: int = 300, dynamics: bool = True,
                     qre: bool = True) -> StabilityReport:
    """Every stability measure for every equilibrium in ``result`` (a ``SolveResult`` or a
    sequence of equilibria) of ``game`` (a ``NormalFormGame``).

    ``parametric`` (a ``ParametricGame``) with ``values`` (default: its baseline) adds the
    parameter margins. ``samples`` starting points (seeded) are used for each dynamic.
    """
    equilibria = tuple(getattr(result, "equilibria", result))
    profiles = [_profile(e) for e in equilibria]
    notes: list[str] = []
    if game.n_players < 2:
        dynamics = qre = False
    if (dynamics or qre) and _whole_space(result):
        dynamics = qre = False
        notes.append("Dynamics and the limit of noisy play not computed: every profile is an equilibrium (no "
                     "player's own choice changes its payoff), so no dynamic moves and noisy play is uniform.")
    rep, br = _basins(game, profiles, samples, seed, notes) if dynamics and profiles else (None, None)
    limit = _qre_limit(game, profiles, notes) if qre and profiles else None
    found = _Found(
        profiles=profiles,
        labels=[e.label() if hasattr(e, "label") else short_label(game, p) for e, p in zip(equilibria, profiles)],
        payoffs=[tuple(getattr(e, "payoffs", None) or game.expected_payoffs(p)) for e, p in zip(equilibria, profiles)],
        strict_cells={k: tuple(s[0] for s in support_of(p)) for k, p in enumerate(profiles) if is_strict(game, p)},
        parametric=parametric, values=values, seed=seed, replicator=rep, best_response=br, qre=limit)
    rows = [_measures(game, k, found, notes) for k in range(len(profiles))]
    if game.n_players > 2 and rows:
        notes.extend(_nplayer_notes(rows))
    continua = [c for c in getattr(result, "components", ()) if len(getattr(c, "equilibria", ())) > 1]
    if continua:
        notes.append("The game has continua of equilibria; measures are given for their extreme points, "
                     "which are not isolated: nearby profiles are equilibria too.")
    return StabilityReport(getattr(game, "title", ""), tuple(game.players), tuple(rows), rep, br, limit, seed,
                           tuple(notes))


def _whole_space(result: Any) -> bool:
    """Whether ``result`` says every profile is an equilibrium (its equilibria are examples)."""
    from convenience.solvers.indifferent import whole_strategy_space

    return whole_strategy_space(result) is not None


@dataclass(frozen=True)
class _Found:
    """What every equilibrium's measures are compared against: all the equilibria and the dynamics."""

    profiles: list
    labels: list[str]
    payoffs: list[tuple]
    strict_cells: dict[int, tuple[int, ...]]  # index of each strict equilibrium -> its pure profile
    parametric: ParametricGame | None
    values: dict | None
    seed: int
    replicator: BasinShares | None
    best_response: BasinShares | None
    qre: QreLimit | None


def _measures(game: NormalFormGame, k: int, found: _Found, notes: list[str]) -> EquilibriumStability:
    """Every measure of equilibrium ``k``: radius, margins, welfare, risk, perfection, ESS, dynamics."""
    profile, label = found.profiles[k], found.labels[k]
    support = support_of(profile)
    pure = all(len(s) == 1 for s in support)
    gaps = payoff_gaps(game, profile)
    radius, uniform, note, change_text = _radius(game, profile, pure, gaps)
    tol = tolerance(game)
    dominated_by = tuple(found.labels[j] for j in range(len(found.profiles))
                         if j != k and pareto_dominates(found.payoffs[j], found.payoffs[k], tol))
    perfection = None
    if game.n_players > 2:
        from convenience.analysis.stability.perfection import nplayer_perfection

        perfection = nplayer_perfection(game, profile, seed=found.seed)
    short = short_label(game, profile)
    return EquilibriumStability(
        label=label, short=short, pure=pure, strict=k in found.strict_cells, gaps=gaps,
        radius=radius, uniform_radius=uniform, radius_note=note,
        margins=_margins(found.parametric, profile, found.values, short, notes),
        pareto_efficient=not dominated_by, dominated_by=dominated_by,
        better_outcome=_better_outcome(game, found.payoffs[k], found.profiles),
        risk_dominant=_risk_dominant(game, k, found.strict_cells),
        p_dominance=p_dominance(game, tuple(s[0] for s in support)) if pure else None,
        perfect=perfection.perfect if perfection else is_perfect(game, profile),
        perfection=perfection, radius_change=change_text,
        ess=is_ess(game, profile, seed=found.seed),
        replicator_share=found.replicator.shares[k] if found.replicator else None,
        best_response_share=found.best_response.shares[k] if found.best_response else None,
        qre_selected=found.qre is not None and found.qre.selected == k)


def _basins(game: NormalFormGame, profiles: list, samples: int, seed: int,
            notes: list[str]) -> tuple[BasinShares | None, BasinShares | None]:
    """Shares of seeded starting points from which replicator and best-response dynamics reach each equilibrium."""
    try:
        rep = basin_shares(game, profiles, "replicator", samples=samples, seed=seed)
        br = basin_shares(game, profiles, "best-response", samples=samples, seed=seed)
    except (ValueError, FloatingPointError, np.linalg.LinAlgError) as error:
        notes.append(f"Dynamics not computed: {error}.")
        return None, None
    notes.append(f"Basins: {samples} random starting points (seed {seed}), {rep.population}-population "
                 "dynamics; an equilibrium counts as reached when play ends within 0.01 of it "
                 "(for best-response dynamics, the time average of the last quarter).")
    return rep, br


def _qre_limit(game: NormalFormGame, profiles: list, notes: list[str]) -> QreLimit | None:
    """The equilibrium the logit quantal-response path selects, with a note when it selects none."""
    try:
        limit = qre_limit(game, profiles)
    except (ValueError, FloatingPointError, np.linalg.LinAlgError) as error:
        notes.append(f"Logit QRE path not computed: {error}.")
        return None
    if not limit.converged:
        notes.append(f"Logit QRE path: {limit.note}.")
    elif limit.selected is None:
        notes.append("The logit QRE path ends at none of the listed equilibria.")
    return limit


def _radius(game: NormalFormGame, profile: Sequence, pure: bool, gaps: tuple) -> tuple[Any, Any, str, str]:
    """``(radius, uniform radius, how it was found, the change attaining it)`` of one equilibrium: the
    smallest payoff change that removes it (pure), or that removes its support (mixed)."""
    if pure:
        present = [g for g in gaps if g is not None]
        radius = min(present) if present else None
        uniform = radius / 2 if radius is not None else None
        note = "smallest payoff gap to a deviation (exact)" if game.is_exact else "smallest payoff gap to a deviation"
        return radius, uniform, note, ""
    if game.n_players > 2:
        from convenience.analysis.stability.nplayer import nplayer_radius

        change, note = nplayer_radius(game, profile)
        if change is None:
            return None, None, note, ""
        return change.amount, None, note, change.describe(game)
    radius = mixed_radius(game, profile)
    note = ("mixed equilibria move continuously with the payoffs; this is the radius of its "
            "support (smallest single-entry change after which no equilibrium has this support)"
            if radius is not None else "not computed for supports of unequal sizes (a degenerate "
            f"equilibrium) or more than {MAX_RADIUS_ENTRIES} relevant payoff entries")
    return radius, None, note, ""


def _margins(parametric: ParametricGame | None, profile: Sequence, values: dict | None, short: str, notes: list[str]) -> tuple:
    """Parameter margins of one equilibrium (none for a game without parameters)."""
    if parametric is None or not getattr(parametric, "parameters", None):
        return ()
    try:
        return parameter_margins(parametric, profile, values)
    except Exception as error:  # noqa: BLE001 - margins are an extra; say why they are missing
        notes.append(f"Parameter margins for {short} not computed: {error}.")
        return ()


def _better_outcome(game: NormalFormGame, payoffs: tuple, profiles: list) -> str | None:
    """A pure profile, not itself an equilibrium, that every player prefers to this equilibrium."""
    outcome = dominating_outcome(game, payoffs)
    if outcome is None:
        return None
    cells = {tuple(s[0] for s in support_of(p)) for p in profiles if all(len(s) == 1 for s in support_of(p))}
    if outcome[0] in cells:
        return None
    return "(" + ", ".join(game.strategies[i][c] for i, c in enumerate(outcome[0])) + ")"


def _risk_dominant(game: NormalFormGame, k: int, strict_cells: dict[int, tuple[int, ...]]) -> bool | None:
    """Harsanyi-Selten risk dominance of strict equilibrium ``k`` over every other strict one
    (two players, at least two strict equilibria; None otherwise)."""
    if game.n_players != 2 or k not in strict_cells or len(strict_cells) < 2:
        return None
    mine, tol = strict_cells[k], tolerance(game)
    return all(nash_product(game, mine, other) > nash_product(game, other, mine) + tol
               for j, other in strict_cells.items() if j != k)


def _nplayer_notes(rows: Sequence[EquilibriumStability]) -> list[str]:
    """What the radius and perfection columns mean for three or more players, and how each
    non-obvious entry was decided."""
    notes = ["Three or more players: Perfect is yes or no when proved (in exact arithmetic unless marked "
             "numerical), undetermined when neither a proof nor a converging sequence of perturbed equilibria "
             "was found. The radius of a mixed equilibrium is where its continued equilibrium is lost "
             "(a probability reaches zero, another strategy becomes as good, or the branch ends)."]
    for e in rows:
        if e.radius_change:
            kind = "exact" if isinstance(e.radius, Fraction) else "numerical"
            notes.append(f"Radius of {e.short}: {e.radius_change} destroys it ({kind}).")
        elif not e.pure and e.radius is None:
            notes.append(f"Radius of {e.short}: {e.radius_note}.")
        if e.perfection is not None and not e.perfection.basis.startswith(("regular", "completely mixed")):
            notes.append(f"Perfection of {e.short}: {e.perfection.basis}.")
    return notes
