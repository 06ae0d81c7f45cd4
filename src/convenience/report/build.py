"""One game's report: the plain views of a :class:`~convenience.pipeline.GameAnalysis`.

:func:`game_report` computes nothing: it takes the analysis the pipeline made and returns a
:class:`GameReport`, the bundle of small views (:mod:`convenience.report.views`) that
:mod:`convenience.report.markdown` turns into text and :mod:`convenience.report.plots` into
figures. A part the analysis could not provide keeps its one honest line in ``unavailable``
("not available for repeated games") instead of invented numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, cast

from convenience.report.defaults import DEFAULT_SAMPLES, DEFAULT_SEED
from convenience.report.names import Names
from convenience.report.views import ClaimView, SensitivityView, StabilityView

if TYPE_CHECKING:
    from convenience.game import Game, ParametricAny
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
    names: Names = field(default_factory=Names)  # E1, E2, ...: every equilibrium the report mentions
    strategic: SolveResult | None = None  # trees: the reduced strategic form's equilibria (stability rows)
    measures: Any = None  # the stability measures as the analysis gave them (the verdict reads them)

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

    def _repr_html_(self) -> str:
        from convenience.display import markdown_to_html

        return markdown_to_html(self.markdown())


def game_name(path: str | Path) -> str:
    """The report's base name: the game file's stem (``games/alliance.yaml`` -> ``alliance``)."""
    return Path(path).stem


def game_report(analysis: GameAnalysis, claims: Mapping[str, Mapping[str, Any]] | None = None,
                document: Mapping[str, Any] | None = None) -> GameReport:
    """The report of one analysed game (``claims`` and ``document``: the source catalogue)."""
    from convenience.report import views
    from convenience.report.sensitivity import sensitivity_view

    game = analysis.game
    names = report_names(analysis)
    stability = (None if analysis.stability is None
                 else views.stability_from_report(analysis.stability, stability_names(analysis, names)))
    from convenience.solvers.indifferent import whole_strategy_space

    if stability is not None and whole_strategy_space(analysis.solution) is not None:
        from dataclasses import replace

        stability = replace(stability, sentence="Every profile is an equilibrium, so none is singled out; the "
                                                "measures describe the listed examples only.")
    sensitivity = None if analysis.sensitivity is None else sensitivity_view(
        cast("ParametricAny", game), analysis.sensitivity, names, getattr(analysis.solution, 'game', None))
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
        unavailable=dict(analysis.unavailable), failures=analysis.failures, nash=analysis.nash, pbe=analysis.pbe,
        names=names, strategic=analysis.strategic, measures=analysis.stability)


def stability_names(analysis: GameAnalysis, names: Names) -> list[str]:
    """The short name of each equilibrium in the stability table, in its order.

    A tree's stability is measured on its reduced strategic form; each strategic equilibrium is
    named after the tree behaviour it gives (``E3``); several mixtures giving one behaviour are
    told apart by a letter (``E5a``, ``E5b``).
    """
    if analysis.stability is None:
        return []
    count = len(analysis.stability.equilibria)
    source = analysis.nash if analysis.kind == "tree" else analysis.solution
    equilibria = list(getattr(source, "equilibria", ()) or ())
    if len(equilibria) != count:
        return [f"#{k}" for k in range(1, count + 1)]
    found = [names.name(e.label()) or f"#{k}" for k, e in enumerate(equilibria, 1)]
    out: list[str] = []
    seen: dict[str, int] = {}
    for name in found:
        if found.count(name) > 1:
            seen[name] = seen.get(name, 0) + 1
            out.append(f"{name}{chr(ord('a') + seen[name] - 1)}")
        else:
            out.append(name)
    return out


def _support_aliases(e: Any) -> list[str]:
    """The other labels the analysis gives the same equilibrium: its support with probabilities
    dropped (``"A: L, R; B: l"``) and, for a strategic form, ``"L/l"`` or ``"mixed(L+R / l)"``."""
    import re

    label = e.label()
    out = [re.sub(r" (?:\d+/\d+|\d*\.\d+(?:e-?\d+)?|\d+)(?=[,;]|$)", "", label)]
    support = getattr(e, "support", None)
    if support is not None and not callable(support) and not hasattr(e, "tree"):
        if all(len(s) == 1 for s in support):
            out.append("/".join(s[0] for s in support))
        else:
            out.append("mixed(" + " / ".join("+".join(s) for s in support) + ")")
    return [a for a in out if a != label]


def plan_key(label: str) -> tuple[tuple[str, ...], ...] | None:
    """A tree's pure strategy profile whatever the order its information sets are listed in:
    ``"Russia: Strict; Iran: a: Keep, b: Silent"`` and ``"...; Iran: b: Silent, a: Keep"`` give one
    key. None for a mixed profile (probabilities), which is never reordered."""
    if re.search(r"\d", label):
        return None
    return tuple(tuple(sorted(part.split(", "))) for part in label.split("; "))


def report_names(analysis: GameAnalysis) -> Names:
    """Short names for every equilibrium the report mentions: the solution's first (E1, E2, ...),
    then a tree's other Nash equilibria and perfect Bayesian ones, then equilibria met only
    along the parameter ranges. Labels the analysis writes differently for the same equilibrium
    (its support) share its name."""
    names = Names()
    for result in (analysis.solution, analysis.nash, analysis.pbe):
        for e in getattr(result, "equilibria", ()) or ():
            if not hasattr(e, "label"):
                continue
            names.add_equilibrium(e)
            for alias in _support_aliases(e):
                names.alias(alias, e.label())
    if analysis.kind == "repeated":  # its target profile, "(Commit, Loyal)", not its players' labels
        repeated = (getattr(analysis.solution, "extra", {}) or {}).get("repeated")
        target = getattr(repeated, "target_label", None)
        if target:
            profile = [part.partition(": ")[2] for part in target.split("; ")]
            if all(profile):
                names.shorten(f"({target})", "(" + ", ".join(profile) + ")")
    sensitivity = analysis.sensitivity
    if sensitivity is not None:
        labels: list[str] = list(sensitivity.baseline)
        for pt in sensitivity.thresholds:
            for t in pt.thresholds:
                labels += [*t.below, *t.above]
        if sensitivity.monte_carlo is not None:
            labels += [f.label for f in sensitivity.monte_carlo.equilibria]
        baseline = set(sensitivity.baseline)
        plans = {plan_key(known): known for known in names.labels()} if analysis.kind == "tree" else {}
        plans.pop(None, None)  # mixed profiles are matched only label for label
        for label in labels:
            if names.name(label) is not None or (analysis.kind == "repeated" and label.endswith("sustained")):
                continue
            same = plans.get(plan_key(label))
            if same is not None:  # the same pure plans, information sets listed in another order
                names.alias(label, same)
                continue
            stem = label.rsplit(" root ", 1)[0]  # an equilibrium whose probabilities are roots of polynomials
            stem_name = names.name(stem)
            if label in baseline and stem != label and stem_name is not None \
                    and sum(1 for b in baseline if b.rsplit(" root ", 1)[0] == stem) == 1:
                names.alias(label, names.label_of(stem_name))
            else:
                names.add(label, _described_support(label) or _described_plan(analysis, label))
    return names


def _described_plan(analysis: GameAnalysis, label: str) -> str:
    """A tree plan met only along a parameter range, described by its path in the baseline tree
    (the tree's shape does not depend on the parameters)."""
    if analysis.kind != "tree" or analysis.solution is None:
        return ""
    from convenience.report.names import MAX_LABEL, plan_path

    return plan_path(analysis.solution.game, label, MAX_LABEL)


def _described_support(label: str) -> str:
    """``"Alliance/Alliance"`` -> ``"(Alliance, Alliance)"``; ``"mixed(A+B / l)"`` -> ``"mixed: A+B
    / l"`` (``"mixed: A+B / l, root 2"`` when several equilibria share the support, their
    probabilities roots of one polynomial); other labels give no description."""
    stem, sep, root = label.rpartition(" root ")
    if sep and root.isdigit() and stem.startswith("mixed(") and stem.endswith(")"):
        return f"mixed: {stem[6:-1]}, root {root}"
    if label.startswith("mixed(") and label.endswith(")"):
        return "mixed: " + label[6:-1]
    if "/" in label and ":" not in label and " " not in label:
        return "(" + ", ".join(label.split("/")) + ")"
    return ""


def build_report(game: Game, path: str | Path, *, samples: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED,
                 claims: Mapping[str, Mapping[str, Any]] | None = None, document: Mapping[str, Any] | None = None,
                 command: str = "") -> GameReport:
    """Analyse ``game`` (:func:`convenience.pipeline.analyse_game`) and return its report."""
    from convenience.pipeline import AnalysisOptions, analyse_game

    analysis = analyse_game(game, AnalysisOptions(samples=samples, seed=seed, command=command), source=str(path))
    if analysis.solution is None and analysis.stopped:
        raise analysis.stopped[0]
    return game_report(analysis, claims, document)


def report_files(analysis: GameAnalysis, outdir: Path, claims: Mapping[str, Mapping[str, Any]] | None = None,
                 document: Mapping[str, Any] | None = None) -> tuple[dict[Path, bytes], list[str], tuple[str, ...]]:
    """One game's report and figures as bytes by path under ``outdir``, its warnings, and its
    row of the index (nothing is written)."""
    if analysis.solution is None and analysis.stopped:
        return stopped_files(analysis, outdir)
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


def stopped_files(analysis: GameAnalysis, outdir: Path) -> tuple[dict[Path, bytes], list[str], tuple[str, ...]]:
    """The report of a game whose baseline solve spent its work budget: a page saying so, with
    what was found and how to go further, and an index row marking the game as stopped (the
    command reports the stop as an error when every other game is written)."""
    from convenience.report.text import link_text, prose

    name = game_name(analysis.source)
    lines = [f"# {prose(analysis.title)}", "",
             "**The analysis of this game stopped within its work budget; this report holds only what "
             "was found.**", ""]
    lines += [f"- {prose(error)}" for error in analysis.stopped]
    lines += ["", f"Game file: {prose(analysis.source)}.", ""]
    row = (f"[{link_text(analysis.title)}]({name}.md)", "", "stopped within its work budget (see its report)",
           "not judged", "", "")
    return {outdir / f"{name}.md": "\n".join(lines).encode("utf-8")}, [], row


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
    return claims, {k: document.get(k) for k in ("id", "author", "title", "published", "kind")}
