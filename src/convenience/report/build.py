"""Collect everything one game's report shows: solve, stability, sensitivity, expectations.

:func:`build_report` loads nothing and writes nothing: it takes a loaded game and returns a
:class:`GameReport`, a plain bundle of results that :mod:`convenience.report.markdown` turns
into text and :mod:`convenience.report.plots` into figures. Each analysis comes through a
small adapter (``_stability``, ``_sensitivity``, ``_expectations``, ``_topology``) so that an
analysis that does not apply, or fails, becomes one honest line in the report ("not available
for repeated games") instead of invented numbers or a crash of the whole run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from convenience.report.views import ClaimView, SensitivityView, StabilityView

from convenience.report.defaults import DEFAULT_SAMPLES, DEFAULT_SEED  # noqa: F401  (re-exported)


@dataclass(frozen=True, eq=False)
class GameReport:
    """All results about one game that its Markdown report shows.

    ``unavailable`` maps a section name to the one line saying why it has no content.
    ``claims`` is the catalogue of source claims (id -> dict with ``claim``, ``locator``).
    """

    name: str
    path: str
    game: Any
    kind: str
    result: Any = None
    stability: StabilityView | None = None
    sensitivity: SensitivityView | None = None
    expectations: tuple[ClaimView, ...] | None = None
    topology: str | None = None
    claims: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    document: Mapping[str, Any] = field(default_factory=dict)
    command: str = ""
    samples: int = DEFAULT_SAMPLES
    seed: int = DEFAULT_SEED
    version: str = ""
    unavailable: Mapping[str, str] = field(default_factory=dict)
    failures: tuple[str, ...] = ()
    nash: Any = None  # trees: every Nash equilibrium (reduced normal form), for credibility notes
    pbe: Any = None  # games with types: perfect Bayesian equilibria with beliefs

    @property
    def title(self) -> str:
        return getattr(self.game, "title", "") or self.name

    def figure_names(self) -> tuple[str, ...]:
        """Base names (no suffix) of the figures this report links, in order."""
        from convenience.report.plots import figure_specs

        return tuple(spec.name for spec in figure_specs(self))

    def markdown(self, figure_dir: str = "figures") -> str:
        from convenience.report.markdown import render_report

        return render_report(self, figure_dir=figure_dir)

    def _repr_markdown_(self) -> str:
        return self.markdown()


def game_name(path: str | Path) -> str:
    """The report's base name: the game file's stem (``games/alliance.yaml`` -> ``alliance``)."""
    return Path(path).stem


def build_report(game: Any, path: str | Path, *, samples: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED,
                 claims: Mapping[str, Mapping[str, Any]] | None = None, document: Mapping[str, Any] | None = None,
                 command: str = "") -> GameReport:
    """Solve ``game`` and run every analysis that applies to it, at its baseline."""
    from convenience import __version__
    from convenience.api import solve_game

    kind = getattr(game, "kind", "normal")
    unavailable: dict[str, str] = {}
    failures: list[str] = []
    result = solve_game(game)
    stability = _attempt("stability", failures, unavailable, _stability, game, result, kind, seed, unavailable)
    sensitivity = _attempt("sensitivity", failures, unavailable, _sensitivity, game, kind, samples, seed,
                           unavailable)
    expectations = _attempt("expectations", failures, unavailable, _expectations, game, unavailable)
    nash = _attempt("Nash", failures, unavailable, _tree_nash, game, result) if kind == "tree" else None
    pbe = None
    if kind == "tree" and getattr(game, "types", None):
        pbe = _attempt("perfect Bayesian", failures, unavailable, _tree_pbe, game)
    return GameReport(
        name=game_name(path), path=str(path), game=game, kind=kind, result=result, stability=stability,
        sensitivity=sensitivity, expectations=expectations, topology=_topology(game, kind),
        claims=dict(claims or {}), document=dict(document or {}), command=command, samples=samples, seed=seed,
        version=__version__, unavailable=unavailable, failures=tuple(failures), nash=nash, pbe=pbe)


def _attempt(section: str, failures: list, unavailable: dict, function: Any, *args: Any) -> Any:
    """Run one analysis; if it fails, the report says so in that section and the CLI warns.

    Input errors still stop the run (the game file is wrong); any other failure of one
    analysis must not take down the reports of every game.
    """
    from convenience.errors import InputError

    try:
        return function(*args)
    except InputError:
        raise
    except Exception as error:  # noqa: BLE001 - shown in the report and on stderr, never hidden
        message = f"{type(error).__name__}: {error}"
        failures.append(f"{section} analysis failed: {message}")
        unavailable[section] = f"The {section} analysis failed on this game ({message})."
        return None


# -- adapters -------------------------------------------------------------------------------
def _stability(game: Any, result: Any, kind: str, seed: int, unavailable: dict) -> StabilityView | None:
    """Stability measures of the (stage) game's equilibria; for trees, of the reduced strategic form's."""
    from convenience.report import views

    if kind == "repeated":
        unavailable["stability"] = ("Stability measures apply to the stage game's equilibria; the repeated game's "
                                    "sustainability conditions are shown with the equilibria.")
    from convenience.analysis.stability.measures import stability_report

    if kind == "tree":
        from convenience.extensive import reduced_normal_form
        from convenience.solvers import solve

        strategic = reduced_normal_form(game.at())
        view = views.stability_from_report(stability_report(strategic, solve(strategic), seed=seed))
        unavailable["stability"] = ("Measured on the tree's reduced strategic form: its Nash equilibria, "
                                    "including any that rest on non-credible threats (see Equilibria).")
        return view
    parametric = game if kind == "normal" else None
    return views.stability_from_report(stability_report(result.game, result, parametric=parametric, seed=seed))


def _sensitivity(game: Any, kind: str, samples: int, seed: int, unavailable: dict) -> SensitivityView | None:
    """Thresholds, tornado, regime map and Monte Carlo (trees and repeated games: numeric thresholds)."""
    parameters = getattr(game, "parameters", {}) or {}
    if not parameters:
        unavailable["sensitivity"] = "The game has no parameters: its conclusions do not depend on assumptions."
        return None
    if not any(p.low is not None and p.high is not None for p in parameters.values()):
        unavailable["sensitivity"] = "No parameter declares a range, so there is nothing to vary."
        return None
    from convenience.report.sensitivity import sensitivity_view

    return sensitivity_view(game, samples=samples, seed=seed)


def _expectations(game: Any, unavailable: dict) -> tuple[ClaimView, ...] | None:
    """The game's ``expect:`` claims checked at the baseline, with the regions where they hold."""
    from convenience.report import views

    expect = tuple(getattr(game, "expect", ()) or ())
    if not expect:
        unavailable["expectations"] = "The game file states no expectations (`expect:`)."
        return None
    from convenience.expectations import check_game

    return tuple(views.claim_from_result(c) for c in check_game(game, regions=True))


def _topology(game: Any, kind: str) -> str | None:
    """The Robinson-Goforth name of a 2x2 game at its baseline ("Prisoner's Dilemma")."""
    if kind != "normal" or len(getattr(game, "players", ())) != 2 or tuple(getattr(game, "shape", ())) != (2, 2):
        return None
    from convenience.analysis.topology import classify_2x2

    dilemma = classify_2x2(game.at() if hasattr(game, "at") else game)
    return str(dilemma.name) if dilemma.name else None


#: Trees up to this many nodes also get all their Nash equilibria (from the reduced normal form).
MAX_NASH_TREE_NODES = 40


def _tree_nash(game: Any, result: Any) -> Any:
    """All Nash equilibria of a small tree, to show which rest on non-credible threats."""
    tree = result.game
    if tree is None or getattr(tree, "n_nodes", MAX_NASH_TREE_NODES + 1) > MAX_NASH_TREE_NODES:
        return None
    from convenience.api import solve_game

    return solve_game(game, method="normal-form")


def _tree_pbe(game: Any) -> Any:
    """Perfect Bayesian equilibria (with beliefs) of a game with types."""
    from convenience.api import solve_game

    return solve_game(game, method="pbe")


# -- the source catalogue -------------------------------------------------------------------
def find_claims_file(game_paths: list[Path]) -> Path | None:
    """``seeds/claims.yaml`` beside the games' directory, else in the working directory."""
    candidates = []
    for path in game_paths:
        directory = path if path.is_dir() else path.parent
        candidates += [directory.parent / "seeds" / "claims.yaml", directory / "seeds" / "claims.yaml"]
    candidates.append(Path("seeds") / "claims.yaml")
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None


def load_claims(path: Path | None) -> tuple[dict, dict]:
    """The claim catalogue as ``(claims by id, document)``; empty when there is none."""
    if path is None:
        return {}, {}
    from convenience.yamlio import load_yaml

    data = load_yaml(path.read_text(encoding="utf-8"), file=str(path)) or {}
    claims = {}
    for entry in data.get("claims", []) or []:
        if isinstance(entry, Mapping) and "id" in entry:
            claims[str(entry["id"])] = {k: entry.get(k) for k in ("claim", "locator", "kind", "dilemma")}
    document = dict(data.get("document", {}) or {})
    return claims, {k: document.get(k) for k in ("id", "author", "title", "published")}
