"""One game's report: the plain views of a :class:`~convenience.pipeline.GameAnalysis`.

:func:`game_report` computes nothing: it takes the analysis the pipeline made and returns a
:class:`GameReport`, the bundle of small views (:mod:`convenience.report.views`) that
:mod:`convenience.report.markdown` turns into text and :mod:`convenience.report.plots` into
figures. A part the analysis could not provide keeps its one honest line in ``unavailable``
("not available for repeated games") instead of invented numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from convenience.report.defaults import DEFAULT_SAMPLES, DEFAULT_SEED
from convenience.report.views import ClaimView, SensitivityView, StabilityView

if TYPE_CHECKING:
    from convenience.game import Game
    from convenience.pipeline import GameAnalysis
    from convenience.results import SolveResult


@dataclass(frozen=True, eq=False)
class GameReport:
    """All results about one game that its Markdown report shows.

    ``unavailable`` maps a section name to the one line saying why it has no content.
    ``claims`` is the catalogue of source claims (id -> dict with ``claim``, ``locator``).
    """

    name: str
    path: str
    game: Game
    kind: str
    result: SolveResult | None = None
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
    nash: SolveResult | None = None  # trees: every Nash equilibrium (reduced normal form), for credibility notes
    pbe: SolveResult | None = None  # games with types: perfect Bayesian equilibria with beliefs
    verdicts: Any = None  # convenience.expectations.run.GameVerdicts: the whole outcome's share

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


def game_report(analysis: GameAnalysis, claims: Mapping[str, Mapping[str, Any]] | None = None,
                document: Mapping[str, Any] | None = None) -> GameReport:
    """The report of one analysed game (``claims`` and ``document``: the source catalogue)."""
    from convenience.report import views
    from convenience.report.sensitivity import sensitivity_view

    game = analysis.game
    stability = None if analysis.stability is None else views.stability_from_report(analysis.stability)
    sensitivity = None if analysis.sensitivity is None else sensitivity_view(game, analysis.sensitivity)
    expectations = (None if analysis.expectations is None
                    else tuple(views.claim_from_result(c) for c in analysis.expectations))
    dilemma = analysis.topology
    provenance = analysis.provenance
    return GameReport(
        name=game_name(analysis.source), path=analysis.source, game=game, kind=analysis.kind,
        result=analysis.solution, stability=stability, sensitivity=sensitivity, expectations=expectations,
        verdicts=analysis.verdicts,
        topology=str(dilemma.name) if dilemma is not None and dilemma.name else None,
        claims=dict(claims or {}), document=dict(document or {}), command=provenance.command,
        samples=provenance.samples, seed=provenance.seed, version=provenance.version,
        unavailable=dict(analysis.unavailable), failures=analysis.failures, nash=analysis.nash, pbe=analysis.pbe)


def build_report(game: Game, path: str | Path, *, samples: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED,
                 claims: Mapping[str, Mapping[str, Any]] | None = None, document: Mapping[str, Any] | None = None,
                 command: str = "") -> GameReport:
    """Analyse ``game`` (:func:`convenience.pipeline.analyse_game`) and return its report."""
    from convenience.pipeline import AnalysisOptions, analyse_game

    analysis = analyse_game(game, AnalysisOptions(samples=samples, seed=seed, command=command), source=str(path))
    return game_report(analysis, claims, document)


def report_files(analysis: GameAnalysis, outdir: Path, claims: Mapping[str, Mapping[str, Any]] | None = None,
                 document: Mapping[str, Any] | None = None) -> tuple[dict[Path, bytes], list[str], tuple[str, ...]]:
    """One game's report and figures as bytes by path under ``outdir``, its warnings, and its
    row of the index (nothing is written)."""
    import matplotlib

    matplotlib.use("Agg")
    from convenience.report.index import index_row
    from convenience.report.plots import figure_bytes, figure_specs, make_figure

    report = game_report(analysis, claims, document)
    outputs = {outdir / f"{report.name}.md": report.markdown("figures").encode("utf-8")}
    for spec in figure_specs(report):
        fig = make_figure(spec)
        for fmt in ("png", "svg"):
            outputs[outdir / "figures" / f"{spec.name}.{fmt}"] = figure_bytes(fig, fmt)
    warnings = [f"{analysis.source}: {failure}" for failure in report.failures]
    return outputs, warnings, tuple(index_row(report, f"{report.name}.md"))


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
