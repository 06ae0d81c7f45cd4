"""The result of a repeated-game analysis, with its JSON and Markdown forms.

:class:`RepeatedResult` collects what :func:`convenience.repeated.solve.analyse_repeated`
found: for an infinite horizon the per-player grim-trigger conditions, the critical discount
factor (exact and symbolic), the binding player(s), whether the target is sustainable at all
and at the game's own discount factor, and the folk-theorem check against minmax values; for a
finite horizon the subgame-perfect path found by backward induction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from convenience.repeated.finite import FiniteRepetition
from convenience.repeated.grim import PlayerCondition, Punishment, condition_text, expression_text
from convenience.repeated.minmax import Minmax
from convenience.results import format_number, json_number


def _sym(value: Any) -> str | None:
    return None if value is None else expression_text(value)


@dataclass(frozen=True, eq=False)
class RepeatedResult:
    """What a repeated game's analysis found (see the module doc).

    ``critical_discount`` is the least discount factor in ``[0, 1)`` sustaining the target
    (``None`` when no discount factor does); ``upper_discount`` is set only when some
    player's constraint caps the discount factor from above. ``sustained`` compares with the
    game's own discount factor (None when it has none). ``subgame_perfect`` says whether the
    punishments are stage equilibria, so that grim trigger is subgame perfect and not only a
    Nash equilibrium of the repeated game.
    """

    title: str
    players: tuple[str, ...]
    target: tuple[int, ...] | None
    target_label: str | None
    horizon: int | None
    discount: Any
    punishment: str
    punishments: tuple[Punishment, ...] = ()
    conditions: tuple[PlayerCondition, ...] = ()
    critical_discount: Any = None
    critical_discount_symbolic: Any = None
    upper_discount: Any = None
    binding: tuple[str, ...] = ()
    sustainable: bool | None = None
    sustained: bool | None = None
    subgame_perfect: bool | None = None
    minmax: tuple[Minmax, ...] = ()
    individually_rational: tuple[bool, ...] = ()
    finite: FiniteRepetition | None = None
    stage_equilibria: tuple = ()
    notes: tuple[str, ...] = ()

    # -- text ---------------------------------------------------------------------------
    def label(self) -> str:
        """One sentence: the verdict."""
        if self.finite is not None:
            f = self.finite
            path = " -> ".join(f"({p})" for p in f.path)
            if self.target is None:
                return f"{f.horizon} periods: {path}"
            if f.target_periods:
                periods = ", ".join(str(t) for t in f.target_periods)
                return f"{f.horizon} periods: target sustained in period(s) {periods}: {path}"
            return f"{f.horizon} periods: target never sustained: {path}"
        if not self.sustainable:
            return f"({self.target_label}) is not sustainable by {_punishment_phrase(self)} for any discount factor"
        text = f"({self.target_label}) sustained for delta >= {format_number(self.critical_discount)}"
        if self.upper_discount is not None:
            text += f" and delta <= {format_number(self.upper_discount)}"
        if self.binding:
            text += f" (binding: {', '.join(self.binding)})"
        return text

    def sentence(self) -> str:
        """The verdict as one plain sentence (a report's opening uses it)."""
        if self.finite is not None:
            f = self.finite
            if self.target is None:
                return f"Repeated {f.horizon} times, the best subgame-perfect path found is {self.label().split(': ', 1)[1]}."
            if f.target_periods:
                periods = ", ".join(str(t) for t in f.target_periods)
                return (f"Repeated {f.horizon} times, ({self.target_label}) can be played in period(s) {periods} "
                        f"of a subgame-perfect equilibrium.")
            return f"Repeated {f.horizon} times, no subgame-perfect equilibrium plays ({self.target_label})."
        if not self.sustainable:
            return (f"Repeated indefinitely, ({self.target_label}) cannot be sustained by {_punishment_phrase(self)} "
                    "for any discount factor below 1.")
        text = f"Repeated indefinitely, ({self.target_label}) is sustained when delta >= {format_number(self.critical_discount)}"
        symbolic = self.critical_discount_symbolic
        if symbolic is not None and getattr(symbolic, "free_symbols", None):
            text += f" = {_sym(symbolic)}"
        if self.upper_discount is not None:
            text += f" and delta <= {format_number(self.upper_discount)}"
        if self.binding:
            text += f" (binding: {', '.join(self.binding)})"
        if self.sustained is not None:
            text += f"; at delta = {format_number(self.discount)} it is {'sustained' if self.sustained else 'not sustained'}"
        return text + "."

    def summary(self) -> tuple[str, ...]:
        """Short sentences for a solver's notes: verdict, thresholds, baseline, folk check."""
        lines = [self.sentence()]
        if self.finite is not None:
            lines += list(self.finite.threats)
            lines.append("the listed equilibria are those of the stage game")
            return tuple(lines)
        per_player = "; ".join(f"{c.player}: {condition_text(c)}" for c in self.conditions)
        lines.append(f"grim trigger ({self.punishment}) conditions: {per_player}")
        if self.sustainable:
            crit = f"critical discount factor {format_number(self.critical_discount)}"
            if self.critical_discount_symbolic is not None and self.critical_discount_symbolic.free_symbols:
                crit += f" = {_sym(self.critical_discount_symbolic)}"
            lines.append(crit)
        if self.sustained is not None:
            lines.append(f"at delta = {format_number(self.discount)} the target is {'sustained' if self.sustained else 'not sustained'}")
        if self.minmax:
            values = ", ".join(f"{self.players[m.player]} {format_number(m.value)}" for m in self.minmax)
            verdict = "strictly individually rational" if all(self.individually_rational) else \
                "not strictly individually rational"
            lines.append(f"minmax values {values}: the target is {verdict}")
        lines.append("the listed equilibria are those of the stage game")
        return tuple(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON form: exact numbers as strings such as ``"1/2"``, sympy as text."""
        data: dict[str, Any] = {
            "title": self.title,
            "players": list(self.players),
            "target": self.target_label,
            "horizon": self.horizon,
            "discount": None if self.discount is None else json_number(self.discount),
            "punishment": self.punishment,
            "verdict": self.label(),
            "notes": list(self.notes),
            "stage_equilibria": [e.label() for e in self.stage_equilibria],
        }
        if self.finite is not None:
            data["finite"] = self.finite.to_dict()
            return data
        data.update({
            "critical_discount": None if self.critical_discount is None else json_number(self.critical_discount),
            "critical_discount_symbolic": _sym(self.critical_discount_symbolic),
            "upper_discount": None if self.upper_discount is None else json_number(self.upper_discount),
            "binding": list(self.binding),
            "sustainable": self.sustainable,
            "sustained": self.sustained,
            "subgame_perfect": self.subgame_perfect,
            "conditions": [{
                "player": c.player,
                "target_payoff": json_number(c.target_payoff),
                "deviation": c.deviation,
                "deviation_payoff": json_number(c.deviation_payoff),
                "punishment_payoff": json_number(c.punishment_payoff),
                "threshold": None if c.threshold is None else json_number(c.threshold),
                "low": json_number(c.low),
                "high": None if c.high is None else json_number(c.high),
                "sustainable": c.sustainable,
                "threshold_symbolic": _sym(c.symbolic_threshold),
                "inequality_symbolic": None if c.symbolic_inequality is None else str(c.symbolic_inequality),
            } for c in self.conditions],
            "punishments": [{"player": self.players[p.player], "profile": p.label,
                             "payoff": json_number(p.payoff), "credible": p.credible} for p in self.punishments],
            "minmax": [{"player": self.players[m.player], "pure": json_number(m.pure_value),
                        "mixed": None if m.mixed_value is None else json_number(m.mixed_value),
                        "mixed_exact": m.mixed_exact,
                        "individually_rational": ir}
                       for m, ir in zip(self.minmax, self.individually_rational)],
        })
        return data

    def _repr_markdown_(self) -> str:
        from convenience.report.repeated import repeated_markdown

        return repeated_markdown(self)

    def _repr_html_(self) -> str:
        from convenience.display import markdown_to_html
        from convenience.report.repeated import repeated_markdown

        return markdown_to_html(repeated_markdown(self))


def _punishment_phrase(result: "RepeatedResult") -> str:
    return {"nash": "Nash reversion", "minmax": "minmax punishment"}.get(result.punishment, result.punishment)
