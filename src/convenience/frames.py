"""Results as pandas DataFrames, for notebooks and further analysis.

pandas is not a dependency of convenience: it is imported only when a frame is asked for
(``pip install pandas``). Frames hold floats for computing with; the exact values (``3/4``)
stay in the result objects and their ``to_dict()``.

- :func:`equilibria_frame` (``SolveResult.to_frame()``): one row per equilibrium, one column
  per strategy's probability, then each player's payoff, ``max_regret`` and ``pure``;
- :func:`frequencies_frame` (``MonteCarloResult.to_frame()``): one row per equilibrium (or
  equilibrium set, or path) with its count, share and 95% Wilson interval;
- :func:`thresholds_frame` (``SensitivityReport.to_frame()``): one row per threshold of each
  parameter, most fragile parameter first, with the equilibrium sets on either side;
- :func:`claims_frame`: one row per verdict of ``convenience check`` (the
  ``to_dict()`` of each, whatever its fields).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise ImportError("DataFrames need pandas: pip install pandas") from None
    return pandas


def equilibria_frame(result: Any) -> Any:
    """One row per equilibrium of a ``SolveResult``: strategy probabilities, payoffs, regret.

    Equilibria of game trees (behaviour strategies) give their label, payoffs and regret."""
    pandas = _pandas()
    game = result.game
    rows = []
    for eq in result.equilibria:
        row: dict[str, Any] = {"equilibrium": eq.label()}
        if hasattr(eq, "profile") and hasattr(eq, "strategies"):
            for player, names, x in zip(eq.players, eq.strategies, eq.profile):
                row.update({f"{player}: {name}": float(p) for name, p in zip(names, x)})
        players: Any = getattr(eq, "players", None) or getattr(game, "players", ())
        payoffs: Any = getattr(eq, "payoffs", None)
        if payoffs is not None and len(payoffs) == len(players):
            row.update({f"payoff {player}": float(v) for player, v in zip(players, payoffs)})
        regret = getattr(eq, "regret", None)
        row["max_regret"] = None if regret is None else float(regret)
        row["pure"] = bool(getattr(eq, "is_pure", False))
        rows.append(row)
    frame = pandas.DataFrame(rows)
    frame.attrs.update(title=getattr(game, "title", ""), method=result.method)
    return frame


def frequencies_frame(frequencies: Iterable[Any]) -> Any:
    """Monte Carlo frequencies with their 95% Wilson intervals, most frequent first."""
    pandas = _pandas()
    rows = [{"label": f.label, "count": f.count, "samples": f.samples, "share": f.share,
             "ci95_low": f.interval[0], "ci95_high": f.interval[1]} for f in frequencies]
    return pandas.DataFrame(rows, columns=["label", "count", "samples", "share", "ci95_low", "ci95_high"])


def thresholds_frame(report: Any) -> Any:
    """Every threshold of a sensitivity report, most fragile parameter first."""
    pandas = _pandas()
    rows = []
    for rank, entry in enumerate(report.tornado or report.thresholds, 1):
        for t in entry.thresholds:
            rows.append({"rank": rank, "parameter": entry.parameter, "baseline": entry.baseline,
                         "low": entry.low, "high": entry.high, "threshold": t.value, "exact": t.exact,
                         "below": " + ".join(t.below), "above": " + ".join(t.above),
                         "distance": abs(t.value - entry.baseline), "fragility": entry.fragility()})
    columns = ["rank", "parameter", "baseline", "low", "high", "threshold", "exact", "below", "above",
               "distance", "fragility"]
    return pandas.DataFrame(rows, columns=columns)


def claims_frame(results: Iterable[Any]) -> Any:
    """One row per verdict of ``convenience check`` (``check_paths`` or ``LibraryAnalysis.verdicts()``)."""
    pandas = _pandas()
    rows = []
    for r in results:
        row = r.to_dict()
        row.update({k: ", ".join(map(str, v)) for k, v in row.items() if isinstance(v, (list, tuple))})
        rows.append(row)
    return pandas.DataFrame(rows)
