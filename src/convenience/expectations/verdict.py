"""Verdicts: how far a claim holds, not only whether it holds at the baseline.

A claim (an expectation of a game file, or a cross-game conclusion) gets a :class:`Verdict`
with three parts:

* whether it holds at the baseline (the parameter values the file states);
* its *share*: in how many Monte Carlo draws from the parameters' declared distributions it
  holds, with a 95% Wilson interval, the number of draws and the seed;
* its *status* against a bar stated in advance (:data:`DEFAULT_BAR`, or ``robust: {at_least:
  x}`` on the claim): **robust** (holds at the baseline and in at least the bar's share of
  draws), **fragile** (holds at the baseline, but in fewer draws than the bar) or **fails**
  (does not hold at the baseline).

The share is put in words on the calibrated likelihood scale of the IPCC ("likely" is 66-100%,
"about as likely as not" 33-66%, ...), always with the number beside the word.

A verdict may also say that the claim is *true by construction* (it holds across the whole
declared parameter box, so no assumption in range can make it fail: a restatement of the
model, not evidence for it), where a fragile or failing claim holds (``needs``) and the one
assumption whose change most often breaks it (``breaker``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

#: The share of draws a claim must hold in to be called robust, unless the claim says otherwise.
DEFAULT_BAR = 0.5
#: The statuses, best first.
STATUSES = ("robust", "fragile", "fails")
#: The IPCC's calibrated likelihood scale: (lowest share, words), highest first.
LIKELIHOOD = ((0.99, "virtually certain"), (0.90, "very likely"), (0.66, "likely"),
              (0.33, "about as likely as not"), (0.10, "unlikely"), (0.01, "very unlikely"),
              (0.0, "exceptionally unlikely"))
#: One mark per status, for tables.
MARKS = {"robust": "✅", "fragile": "⚠️", "fails": "❌"}


def wilson(hits: int, draws: int, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score interval (95% by default) of a share of ``hits`` in ``draws``."""
    if draws <= 0:
        return 0.0, 1.0
    p = hits / draws
    denominator = 1 + z * z / draws
    centre = (p + z * z / (2 * draws)) / denominator
    half = z * math.sqrt(p * (1 - p) / draws + z * z / (4 * draws * draws)) / denominator
    low = 0.0 if hits == 0 else max(0.0, centre - half)
    high = 1.0 if hits == draws else min(1.0, centre + half)
    return low, high


def likelihood(share: float) -> str:
    """The IPCC's word for a share: ``0.72`` -> ``"likely"``."""
    for lowest, words in LIKELIHOOD:
        if share >= lowest:
            return words
    return LIKELIHOOD[-1][1]


def percent(share: float) -> str:
    """``0.724`` -> ``"72%"``; shares near but not at 0 or 1 never round to them."""
    if 0 < share < 0.005:
        return "<1%"
    if 0.995 <= share < 1:
        return ">99%"
    return f"{share:.0%}"


@dataclass(frozen=True)
class Share:
    """``hits`` of ``draws`` Monte Carlo draws (seeded by ``seed``), or an exact share (``exact``)."""

    hits: int
    draws: int
    seed: int
    exact: bool = False

    @property
    def value(self) -> float:
        return self.hits / self.draws if self.draws else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        """95% Wilson interval (the value itself when exact)."""
        return (self.value, self.value) if self.exact else wilson(self.hits, self.draws)

    def text(self) -> str:
        """``"72% (95% interval 68-76%, 500 draws, seed 0)"``."""
        if self.exact:
            return f"{percent(self.value)} (exact)"
        low, high = self.interval
        return f"{percent(self.value)} (95% interval {percent(low)}–{percent(high)}, {self.draws} draws, seed {self.seed})"

    def to_dict(self) -> dict[str, Any]:
        low, high = self.interval
        return {"share": self.value, "hits": self.hits, "draws": self.draws, "seed": self.seed,
                "interval": [low, high], "exact": self.exact}


def status_of(baseline_holds: bool, share: Share | None, bar: float) -> str:
    """robust, fragile or fails (see the module docstring); no share: nothing is uncertain."""
    if not baseline_holds:
        return "fails"
    if share is None or share.value >= bar:
        return "robust"
    return "fragile"


@dataclass(frozen=True)
class Verdict:
    """How far one claim holds (see the module docstring).

    ``share`` is over the declared distributions (None when the claim depends on no parameter
    with a range); ``box`` the share of the whole declared box (every ranged parameter uniform
    on its range) and ``by_construction`` whether it holds all over it (``construction_exact``:
    decided exactly at the box's corners, else sampled); ``needs`` says where a
    fragile or failing claim holds (``needs_exact``: as exact conditions in the parameters,
    ``conditions`` joined by ``join``; else scanned one parameter at a time), ``breaker`` which
    assumption most often breaks it.
    """

    status: str
    baseline_holds: bool
    bar: float = DEFAULT_BAR
    share: Share | None = None
    box: Share | None = None
    by_construction: bool = False
    construction_exact: bool = False
    needs: str | None = None
    breaker: str | None = None
    needs_exact: bool = False  # ``needs`` is exact conditions, not a scan one parameter at a time
    conditions: tuple[str, ...] = ()  # those conditions, joined by ``join`` ("and" / "or")
    join: str | None = None
    construction_note: str = ""  # how an exact "by construction" was decided, when not at the corners

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status '{self.status}'; one of {', '.join(STATUSES)}")

    @classmethod
    def judge(cls, baseline_holds: bool, share: Share | None, bar: float = DEFAULT_BAR, **more: Any) -> Verdict:
        """The verdict of a claim from its baseline result and its share of the draws."""
        return cls(status_of(baseline_holds, share, bar), baseline_holds, bar, share, **more)

    @property
    def mark(self) -> str:
        return MARKS[self.status]

    def words(self) -> str:
        """The share on the calibrated scale with its number: ``"likely (72%)"``."""
        if self.share is None:
            return "certain within the model (no parameter it depends on is uncertain)"
        return f"{likelihood(self.share.value)} ({percent(self.share.value)})"

    def label(self) -> str:
        """``"holds (robust)"``, ``"holds at the baseline only (fragile: 32%)"`` or ``"fails"``."""
        if self.status == "fails":
            return "fails" if self.share is None else f"fails (holds in {percent(self.share.value)} of draws)"
        if self.status == "fragile" and self.share is not None:
            return f"holds at the baseline only (fragile: {percent(self.share.value)})"
        if self.share is None:
            return "holds"
        return f"holds (robust: {percent(self.share.value)})"

    def sentence(self) -> str:
        """One line for a reader: status, share on the calibrated scale, the bar, any flags."""
        return "; ".join([self.label(), *self.evidence()])

    def evidence(self) -> list[str]:
        """The share on the calibrated scale with its interval and bar, and the construction flag."""
        parts = []
        if self.share is not None:
            parts.append(f"{self.words()} across the declared uncertainty: {self.share.text()}; "
                         f"robust needs {percent(self.bar)}")
        if self.by_construction:
            parts.append("true by construction: no assumption in range can make it fail (" + self.construction_basis()
                         + ")")
        return parts

    def construction_basis(self) -> str:
        """How "true by construction" was decided: exactly, or in how many draws of the box."""
        if self.construction_exact and self.construction_note:
            return self.construction_note
        if self.construction_exact:
            return "exact: it holds at every corner of the declared box and its conditions are linear in each parameter"
        draws = self.box.draws if self.box is not None else 0
        return f"sampled: it holds in all {draws} draws over the whole declared box"

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "baseline_holds": self.baseline_holds, "bar": self.bar,
                "share": None if self.share is None else self.share.to_dict(),
                "likelihood": None if self.share is None else likelihood(self.share.value),
                "box": None if self.box is None else self.box.to_dict(),
                "by_construction": self.by_construction, "construction_exact": self.construction_exact,
                "needs": self.needs, "needs_exact": self.needs_exact, "conditions": list(self.conditions),
                "join": self.join, "breaker": self.breaker}


__all__ = ["DEFAULT_BAR", "LIKELIHOOD", "MARKS", "STATUSES", "Share", "Verdict", "likelihood", "percent",
           "status_of", "wilson"]
