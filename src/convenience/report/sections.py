"""The analysis sections of a report: equilibria, stability, sensitivity, expectations, provenance.

Each ``*_section(report)`` is a pure function from a :class:`~convenience.report.build.GameReport`
to Markdown lines; :func:`convenience.report.markdown.render_report` puts them in order.
"""

from __future__ import annotations

import re

from typing import TYPE_CHECKING, Any

from convenience.report.names import compress_names, describe
from convenience.report.text import (
    cell,
    code,
    is_reference,
    join_words,
    num,
    percent,
    prose,
    source_anchor,
    sources_text,
    table,
)
from convenience.report.views import ThresholdItem

if TYPE_CHECKING:
    from convenience.game import ParametricAny


# -- equilibria -----------------------------------------------------------------------------
def _payoff_text(players: Any, payoffs: Any) -> str:
    return ", ".join(num(v) for v in payoffs)


def equilibria_section(report: Any) -> list[str]:
    """Equilibria per solution concept by short name, with what happens, payoffs and regret; the
    full plans once, in one table at the end."""
    result = report.result
    out = ["## Equilibria", ""]
    if result is None:
        return out + ["The game was not solved.", ""]
    out += _tree_equilibria(report) if report.kind == "tree" else _strategic_equilibria(report)
    exactness = "exact rational arithmetic (regret exactly zero)" if result.exact else \
        "floating point, each verified by its regret"
    out += [f"Found by `{result.method}`; {exactness}.", ""]
    out += _solution_notes(report)
    if report.kind == "tree":
        out += _pbe_section(report)
        out += _tree_nash_section(report)
    if report.kind == "repeated" and "repeated" in getattr(result, "extra", {}):
        out += _repeated_lines(result.extra["repeated"])
    return out


def names_used(text: str) -> set[str]:
    """The short names ``text`` mentions, ranges included (``"E2–E5"`` is E2, E3, E4 and E5)."""
    import re

    used = set(re.findall(r"\bE\d+\b", text))
    for low, high in re.findall(r"\bE(\d+)–E(\d+)\b", text):
        used |= {f"E{n}" for n in range(int(low), int(high) + 1)}
    return used


def _tree_equilibria(report: Any) -> list[str]:
    """One table per solution concept of a tree (subgame perfect, ...): name, path, payoffs, regret."""
    names = report.names
    concepts: dict[str, list] = {}
    for e in report.result.equilibria:
        concepts.setdefault(getattr(e, "concept", "Nash"), []).append(e)
    out = [] if concepts else ["No equilibrium was found.", ""]
    for concept, group in concepts.items():
        out += [f"### {concept[0].upper() + concept[1:]} equilibria", ""]
        rows = [[names.name(e.label()) or "—", describe(e), _payoff_text(e.players, e.payoffs), num(e.regret)]
                for e in group]
        out += [table(["Name", "What happens", "Payoffs", "Max regret"], rows), ""]
        notes = sorted({note for e in group for note in getattr(e, "notes", ())}, key=str)
        out += [f"- {prose(note)}" for note in notes]
        out.append("")
    return out


def _strategic_equilibria(report: Any) -> list[str]:
    """The Nash equilibria of a strategic form (a repeated game's: of its stage game), one row each."""
    result, names = report.result, report.names
    title = "Stage-game Nash equilibria" if report.kind == "repeated" else "Nash equilibria"
    out = [f"### {title}", ""]
    if not result.equilibria:
        return out + ["No equilibrium was found.", ""]
    players = list(result.game.players)
    rows = []
    for e in result.equilibria:
        support = "pure" if e.is_pure else "; ".join(f"{p}: {'+'.join(s)}" for p, s in zip(players, e.support))
        rows.append([names.name(e.label()) or "—", *[e.strategy_label(i) for i in range(len(players))],
                     support, ", ".join(num(v) for v in e.payoffs), num(e.regret)])
    return out + [table(["Name", *players, "Support", "Expected payoffs", "Max regret"], rows), ""]


def _solution_notes(report: Any) -> list[str]:
    """The components of the equilibrium set and the solver's notes, one bullet each."""
    result, names = report.result, report.names
    out = []
    texts = [component.describe() if hasattr(component, "describe") else
             getattr(component, "description", None) or str(component) for component in result.components]
    if texts and all(t.startswith("isolated") for t in texts):
        out.append("- Every equilibrium is isolated: no continua of equilibria.")
    else:
        out += [f"- Component {k}: {prose(t)}" for k, t in enumerate(texts, 1)]
    notes = list(result.notes)
    if report.kind == "repeated":  # the repeated game's own notes follow in its section
        notes = [n for n in notes if n.startswith(("stage game", "the listed equilibria"))]
    out += [f"- {prose(names.rename(note))}" for note in notes]
    if result.components or notes:
        out.append("")
    return out


def _repeated_lines(repeated: Any) -> list[str]:
    """The repeated game's section (sustainability, strategies), its headings one level down."""
    from convenience.report.repeated import repeated_markdown

    text = repeated_markdown(repeated).strip()
    lines = [("###" + line[1:] if line.startswith("#") and not line.startswith("###") else line)
             for line in text.splitlines()]
    if lines and lines[0].startswith("#"):
        lines = lines[1:]
    return ["### The repeated game", "", *lines, ""]


def _player_parts(label: str, players: Any) -> list[str]:
    """A full plan's text split by player (``"Russia: Restrain; Iran: ..."``), ``—`` where absent."""
    parts = {}
    for chunk in label.split("; "):
        head, sep, rest = chunk.partition(": ")
        if sep and head in players:
            parts[head] = rest
        elif parts:  # a "; " inside one player's plan
            last = list(parts)[-1]
            parts[last] += "; " + chunk
    return [parts.get(p, "—") for p in players]


#: What a mixed profile's description means, said under the table that lists one.
MIXED_KEY = ("\"mixed: A+B / C / D+E\": the strategies each player uses with positive probability, "
             "players in order, separated by \"/\".")
#: What "root k" means: one of several equilibria using the same strategies.
ROOT_KEY = ("\"root k\": with these strategies in use, the indifference conditions have several solutions "
            "(the roots of one polynomial equation), each an equilibrium where it is valid; k numbers them.")


def plans_section(report: Any, used: set[str] | None = None) -> list[str]:
    """The full plan of every named equilibrium of a tree, one column per player; for any game,
    the equilibria named only in the sensitivity analysis (met away from the baseline). With
    ``used``, only the names the rest of the report mentions."""
    names = report.names
    labels = [label for label in names.labels() if used is None or names.name(label) in used]
    if not labels:
        return []
    players = list(getattr(report.game, "players", ()))
    baseline = {e.label() for e in getattr(report.result, "equilibria", ())}
    if report.kind != "tree":
        extra = [label for label in labels if label not in baseline and names.equilibrium(label) is None]
        if not extra:
            return []
        rows = [[names.name(label), names.description(label) or label] for label in extra]
        notes = [MIXED_KEY] if any(row[1].startswith("mixed: ") for row in rows) else []
        notes += [ROOT_KEY] if any(re.search(r", root \d+$", row[1]) for row in rows) else []
        return ["### Equilibria met away from the baseline", "",
                "Named in the sensitivity analysis below; not equilibria at the baseline.", "",
                table(["Name", "Profile"], rows), "", *(f"{note}\n" for note in notes)]
    rows = [[names.name(label), *_player_parts(label, players)] for label in labels]
    return ["### Full plans", "",
            "What each player would do at every point of the tree where it moves (the names above refer to "
            "these plans; an information set is named by the moves leading to it).", "",
            table(["Name", *players], rows), ""]


def _tree_nash_section(report: Any) -> list[str]:
    """Every Nash equilibrium of a small tree, each marked credible (subgame perfect) or not."""
    nash = report.nash
    if nash is None:
        return []
    names = report.names
    out = ["### All Nash equilibria", "",
           "From the reduced normal form. A Nash equilibrium that is not subgame perfect rests on a move its "
           "player would not make if the game reached it: a non-credible threat or promise.", ""]
    groups: dict[tuple[str, str, str], list[str]] = {}
    behaviours = set()
    for e in nash.equilibria:
        label = e.label()
        behaviours.add(label)  # different normal-form mixtures may give the same behaviour in the tree
        credible = "subgame perfect" in str(getattr(e, "concept", ""))
        key = (describe(e), ", ".join(num(v) for v in e.payoffs),
               "credible (subgame perfect)" if credible else "relies on a non-credible threat")
        name = names.name(label) or "—"
        if name not in groups.setdefault(key, []):
            groups[key].append(name)
    rows = [[compress_names(join_words(group).replace(" and ", ", ")), *key] for key, group in groups.items()]
    out += [table(["Names", "What happens", "Payoffs", "Credibility"], rows), "",
            "Equilibria on one row play the same path and differ only in what would be done off it.", ""]
    solver_notes = [n for n in dict.fromkeys(nash.notes) if not n.startswith(("equilibrium ", "Nash equilibrium "))
                    and "connected component" not in n]
    out += [f"- {prose(names.rename(n))}" for n in solver_notes] + ([""] if solver_notes else [])
    if len(behaviours) < len(nash.equilibria):
        out += [f"{len(nash.equilibria)} equilibria of the reduced normal form give {len(behaviours)} behaviours "
                "in the tree.", ""]
    if nash.components:
        out += [f"The equilibria form {len(nash.components)} connected component"
                f"{'' if len(nash.components) == 1 else 's'} (continua of equilibria between the extreme ones "
                "listed).", ""]
    return out


def _beliefs_text(e: Any) -> str:
    """``"at dialogue and Iran after an offer: Reliable 1/5, Opportunist 4/5"``: information sets
    holding the same beliefs are named together."""
    grouped: dict[str, list[str]] = {}
    for infoset, belief in (getattr(e, "beliefs", {}) or {}).items():
        grouped.setdefault(", ".join(f"{node} {num(p)}" for node, p in belief.items()), []).append(str(infoset))
    return "; ".join(f"at {_listed(where)}: {inner}" for inner, where in grouped.items()) or "—"


def _ranges_text(e: Any) -> str:
    """Off-path beliefs that sustain ``e``; ``"any belief"`` where every belief does."""
    parts = []
    for infoset, text in (getattr(e, "belief_ranges", {}) or {}).items():
        parts.append(f"at {infoset}: {'any belief' if str(text).endswith(' in [0, 1]') else text}")
    return "; ".join(parts) or "—"


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _pbe_section(report: Any) -> list[str]:
    """Perfect Bayesian equilibria: what each type does, beliefs on the path, off-path beliefs that sustain them."""
    pbe = report.pbe
    if pbe is None:
        return []
    names = report.names
    out = ["### Perfect Bayesian equilibria", "",
           "Beliefs on the equilibrium path follow from the prior by Bayes' rule; off the path, the "
           "equilibrium holds for the beliefs shown.", ""]
    rows = []
    for e in pbe.equilibria:
        ranges = _ranges_text(e)
        kind = getattr(e, "classification", "") or "—"
        test = {True: "survives", False: "fails", None: "—"}[getattr(e, "intuitive", None)]
        rows.append([names.name(e.label()) or "—", kind, describe(e), _beliefs_text(e), ranges, test])
    if rows:
        out += [table(["Name", "Kind", "What happens", "Beliefs on the path", "Off-path beliefs that sustain it",
                       "Intuitive Criterion"], rows), ""]
        if any(getattr(e, "intuitive", None) is not None for e in pbe.equilibria):
            out += ["The Intuitive Criterion (Cho and Kreps, 1987) rejects an equilibrium whose off-path "
                    "beliefs put weight on a type that could never gain from the unsent message; "
                    "\"—\" means every message is sent, so there is nothing to test.", ""]
    else:
        out += ["No perfect Bayesian equilibrium was found.", ""]
    notes = _pbe_notes(pbe, names)
    out += [f"- {prose(n)}" for n in notes]
    if notes:
        out.append("")
    return out


def _pbe_notes(pbe: Any, names: Any) -> list[str]:
    """The perfect Bayesian notes worth a line: which Nash equilibria fail (one line, grouped)
    and why an equilibrium fails the Intuitive Criterion. Per-equilibrium beliefs are in the
    table and the solver's notes under the Nash equilibria."""
    import re

    from convenience.report.names import compress_names

    failing: list[str] = []
    out = []
    for note in pbe.notes:
        m = re.match(r"^Nash equilibrium \[(.*)\] is not perfect Bayesian: ", note)
        if m:
            name = names.name(m.group(1)) or m.group(1)
            if name not in failing:
                failing.append(name)
            continue
        m = re.match(r"^equilibrium \d+ \((.*?)\) (fails the Intuitive Criterion: .*)$", note)
        if m:
            out.append(f"{names.name(m.group(1)) or m.group(1)} {m.group(2)}.")
    if failing:
        out.insert(0, compress_names(f"Not perfect Bayesian (some move would not be made at any belief if play "
                                     f"reached it): {', '.join(failing)}."))
    return out


def non_credible_count(report: Any) -> int:
    """How many distinct Nash behaviours of a tree are not subgame perfect."""
    if report.nash is None:
        return 0
    return len({e.label() for e in report.nash.equilibria if "subgame perfect" not in str(getattr(e, "concept", ""))})


# -- stability ------------------------------------------------------------------------------
def stability_section(report: Any) -> list[str]:
    """Stability measures of every equilibrium, what they mean for this game, parameter margins."""
    out = ["## Stability", ""]
    if "stability" in report.unavailable:
        out += [report.unavailable["stability"], ""]
    view = report.stability
    if view is None:
        return out
    if view.rows:
        out += [table(["Name", *view.columns], _grouped_rows(view.rows)), ""]
        if report.kind == "tree" and any(v == "no" for r in view.rows for c, v in zip(view.columns, r.values)
                                         if c == "Strict"):
            out += ["In a tree's strategic form, plans that differ only where play never goes earn the same "
                    "payoffs, so its equilibria are rarely strict and a radius of 0 is common: it concerns moves "
                    "off the path, not the path itself (its margins are under Sensitivity).", ""]
    if view.sentence:
        out += [prose(view.sentence), ""]
    if view.margins:
        header = ["Parameter", *[r.equilibrium for r in view.rows]]
        out += ["How far each parameter can move, the others at baseline, before each equilibrium is lost:", "",
                table(header, view.margins), ""]
    out += [f"- {prose(compress_names(n))}" for n in view.notes]
    if view.notes:
        out.append("")
    return out


def _grouped_rows(rows: Any) -> list[list[str]]:
    """Equilibria with the same value in every column share one row (``E2–E5``), in the order
    of their first member."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for r in rows:
        groups.setdefault(tuple(r.values), []).append(r.equilibrium)
    return [[compress_names(join_words(names).replace(" and ", ", ")), *values] for values, names in groups.items()]


# -- sensitivity ----------------------------------------------------------------------------
def _threshold_cell(item: ThresholdItem | None) -> str:
    return "none in range" if item is None else f"{item.text}: {item.change}"


def sensitivity_section(report: Any, figure_dir: str) -> list[str]:
    """Thresholds, tornado ranking, regime map and tornado figures, Monte Carlo robustness."""
    from convenience.report.plots import figure_specs

    out = ["## Sensitivity", ""]
    view = report.sensitivity
    if view is None:
        return out + [report.unavailable.get("sensitivity", "Sensitivity analysis is not available."), ""]
    specs = figure_specs(report)
    out += [f"Baseline equilibrium set: {join_words(view.baseline_set) or 'none'}.", ""]
    out += _thresholds_lines(view)
    out += [line for spec in specs if spec.kind == "tornado" for line in _figure_lines(spec, figure_dir)]
    out += _maps_lines(view, [s for s in specs if s.kind in ("regime", "sampled", "sustain")], figure_dir)
    out += _robustness_lines(view.robustness)
    out += [line for spec in specs if spec.kind == "shares" for line in _figure_lines(spec, figure_dir)]
    out += [f"- {prose(n)}" for n in view.notes]
    if view.notes:
        out.append("")
    return out


def _thresholds_lines(view: Any) -> list[str]:
    """One table of the parameters with a threshold in range, most fragile first: how far each
    can move (share of its range) and its nearest threshold either side; the others named once."""
    out = ["### Thresholds", ""]
    ranked = view.tornado
    steady = [r.parameter for r in view.thresholds if r.fragility is None]
    if not ranked:
        return out + ["No parameter has a threshold inside its range: moved alone across its range, none changes "
                      "the equilibrium set.", ""]
    rows = [[str(k), code(r.parameter), r.description or "—", num(r.baseline), f"[{num(r.low)}, {num(r.high)}]",
             percent(r.fragility), _threshold_cell(r.below), _threshold_cell(r.above)]
            for k, r in enumerate(ranked, 1)]
    out += ["Each parameter moved alone across its range, the others at baseline, most fragile first (distance: "
            "how little it must move, as a share of its range, before the equilibrium set changes):", "",
            table(["Rank", "Parameter", "Meaning", "Baseline", "Range", "Distance", "Nearest threshold below",
                   "Nearest threshold above"], rows, ["r", "l", "l", "r", "c", "r", "l", "l"]), ""]
    if steady:
        out += [f"No threshold within the range of: {', '.join(code(s) for s in steady)}.", ""]
    return out


def _figure_lines(spec: Any, figure_dir: str) -> list[str]:
    """A figure: the PNG with its alt text, the caption and a link to the SVG."""
    return [f"![{cell(spec.alt)}]({figure_dir}/{spec.name}.png)", "",
            f"*{spec.caption}* ([SVG]({figure_dir}/{spec.name}.svg))", ""]


def _maps_lines(view: Any, maps: list[Any], figure_dir: str) -> list[str]:
    """The regime and sustainability maps, each with how its boundaries were found; or why there are none."""
    if not maps:
        return [view.missing_figures, ""] if view.missing_figures else []
    out = ["### Regime maps", ""] + ([view.missing_figures, ""] if view.missing_figures else [])
    for spec in maps:
        out += _figure_lines(spec, figure_dir)
        if spec.kind == "regime" and spec.data.boundaries:
            out += ["Boundaries between regions (exact):", ""] + _boundary_items(spec.data) + [""]
        elif spec.kind == "regime" and not spec.data.exact:
            out += ["Boundaries located between grid points (no exact condition matched them).", ""]
        elif spec.kind == "sustain":
            out += [f"The condition found at the baseline agreed with the game solved at {spec.data.checked} "
                    "points along the ranges and at random points inside them.", ""]
    return out


#: The most boundaries listed region by region; more are listed as their distinct curves.
MAX_BOUNDARY_ITEMS = 4


def _boundary_items(m: Any) -> list[str]:
    """Each boundary with the regions it separates; when there are many, the distinct curves
    once (the figure shows which regions meet along them)."""
    boundaries = list(dict.fromkeys(m.boundaries))
    if len(boundaries) <= MAX_BOUNDARY_ITEMS:
        return [f"- {b}" for b in boundaries]
    curves = list(dict.fromkeys(e for b in boundaries for e in b.rsplit(": ", 1)[-1].split("; ")))
    return [f"- {len(boundaries)} pairs of regions meet along: {'; '.join(curves)}"]


def _robustness_lines(r: Any) -> list[str]:
    """The Monte Carlo share of draws keeping the baseline's equilibria (and play), and what else occurs."""
    out = ["### Robustness", ""]
    if r is None:
        return out + ["No Monte Carlo draws were made (`--samples 0`, or no parameter declares a range to draw "
                      "from).", ""]
    out += [f"Drawing all parameters at once from their declared distributions ({r.samples:,} draws, "
            f"seed {r.seed}), {r.outcome} in **{percent(r.share)}** of draws (95% Wilson interval "
            f"{percent(r.low)}–{percent(r.high)}).", ""]
    if r.play is not None:
        share, low, high = r.play
        out += [f"Counting changes of play only (plans that change off the path do not count), {r.play_outcome} "
                f"in **{percent(share)}** of draws (95% Wilson interval {percent(low)}–{percent(high)}); "
                f"the figure above is the strict one, the whole profile off the path included.", ""]
    if r.sets:
        out += [table(["Equilibrium set", "Share of draws"], _share_rows(r.sets, "sets"), ["l", "r"]), ""]
    if r.paths:
        out += ["What is actually played: the share of draws in which some equilibrium takes each path "
                "(plans that differ only off the path count once).", "",
                table(["Equilibrium path", "Share of draws"], _share_rows(r.paths, "paths"), ["l", "r"]), ""]
    return out


#: Shares of draws below this, and rows beyond the first ``MAX_SHARE_ROWS``, are gathered into
#: one row of the robustness tables.
MIN_SHARE = 0.01
MAX_SHARE_ROWS = 8


def _share_rows(shares: Any, what: str) -> list[list[str]]:
    """One row per outcome met in at least :data:`MIN_SHARE` of the draws (the first always
    shown, at most :data:`MAX_SHARE_ROWS`), then one row gathering the others: for whole sets,
    which split the draws between them, with their total share; for paths, with the largest."""
    shown = [k == 0 or (v >= MIN_SHARE and k < MAX_SHARE_ROWS) for k, (_, v) in enumerate(shares)]
    kept = [[s, percent(v)] for (s, v), keep in zip(shares, shown) if keep]
    rest = [(s, v) for (s, v), keep in zip(shares, shown) if not keep]
    if len(rest) == 1:
        return kept + [[rest[0][0], percent(rest[0][1])]]
    if rest:
        share = percent(sum(v for _, v in rest)) if what == "sets" else f"≤ {percent(max(v for _, v in rest))} each"
        kept.append([f"{len(rest)} other {what}", share])
    return kept


# -- expectations ---------------------------------------------------------------------------
def expectations_section(report: Any) -> list[str]:
    """Each ``expect:`` claim of the game file, whether it holds and where."""
    out = ["## Expectations", ""]
    claims = report.expectations
    if "expectations" in report.unavailable:
        out += [report.unavailable["expectations"], ""]
    if not claims:
        return out
    rows = []
    for c in claims:
        verdict_text = c.result_text()
        share = "; ".join(c.verdict.evidence()) if c.verdict is not None else ""
        breaks = f"most often broken by {c.verdict.breaker}" if c.verdict is not None and c.verdict.breaker else ""
        where = "; ".join(t for t in (c.detail, share, c.region, breaks) if t)
        rows.append([code(c.id), sources_text(c.claim), c.kind or "—", verdict_text, where or "—"])
    out += [table(["Expectation", "Source claim", "Asserts", "Result", "Detail"], rows), ""]
    whole = getattr(report, "verdicts", None)
    if whole is not None:
        out += [whole.outcome_text()[0].upper() + whole.outcome_text()[1:] + ".", ""]
    return out


# -- provenance -----------------------------------------------------------------------------
def cited_sources(game: ParametricAny) -> list[str]:
    """Every source id the game cites, in order of first appearance."""
    seen: list[str] = []

    def add(items: Any) -> None:
        if not items:
            return
        for s in ((items,) if isinstance(items, str) else items):
            if str(s) not in seen:
                seen.append(str(s))

    add(getattr(game, "source", ()))
    for p in (getattr(game, "parameters", {}) or {}).values():
        add(p.source)
    for value in (getattr(game, "sources", {}) or {}).values():
        add(value)
    for e in getattr(game, "expect", ()) or ():
        add(e.get("claim") if hasattr(e, "get") else getattr(e, "claim", None))
    return seen


def provenance_section(report: Any) -> list[str]:
    """Cited sources with paraphrase and locator; file, version, command, seeds and methods."""
    out = ["## Provenance and reproducibility", ""]
    sources = cited_sources(report.game)
    if sources:
        doc = report.document
        if doc.get("title"):
            by = f"{doc.get('author')}, " if doc.get("author") else ""
            out += [f"Sources cited (claims paraphrased from {by}*{doc['title']}*"
                    + (f", {doc['published']}" if doc.get("published") else "") + "):", ""]
        else:
            out += ["Sources cited:", ""]
        for s in sources:
            entry = report.claims.get(s)
            anchor = f'<a id="{source_anchor(s)}"></a>'
            if entry is None and s == doc.get("id"):
                out.append(f'- {anchor}`{s}`: the source document as a whole.')
            elif entry is None and is_reference(s):
                out.append(f"- {anchor}{prose(s)} (literature reference).")
            elif entry is None and report.claims:
                out.append(f'- {anchor}`{s}`: not in the claim catalogue.')
            elif entry is None:
                out.append(f"- {anchor}`{s}` (no claim catalogue found).")
            else:
                locator = f' (paragraph beginning "{entry["locator"]}")' if entry.get("locator") else ""
                out.append(f'- {anchor}`{s}`: {entry.get("claim") or ""}{locator}')
        out.append("")
    result = report.result
    methods = [f"equilibria by `{result.method}`" if result is not None else "not solved"]
    view = report.sensitivity
    if view is not None:
        numerical = any(r.numerical for r in view.thresholds)
        methods.append("thresholds " + ("located numerically" if numerical else "from exact conditions"))
        if view.maps:
            from convenience.report.sensitivity import MAP_POINTS

            traced = all(m.exact for m in view.maps)
            methods.append(f"regime maps {'traced from exact boundaries, regions found ' if traced else ''}"
                           f"on a {MAP_POINTS}×{MAP_POINTS} grid")
        if view.sampled is not None:
            m = view.sampled
            methods.append(f"sampled map at {len(m.points)} points ({m.cells}×{m.cells} cells), seed {m.seed}")
        if view.sustain is not None:
            methods.append("sustainability map from the exact condition")
        if view.shares is not None and view.shares.counts:
            methods.append(f"outcome shares from the Monte Carlo draws in bins of {view.shares.parameter}")
        elif view.shares is not None:
            methods.append(f"outcome shares at {len(view.shares.xs)} values × {view.shares.draws} draws, "
                           f"seed {view.shares.seed}")
        if view.robustness is not None:
            methods.append(f"Monte Carlo with {view.robustness.samples:,} draws, seed {view.robustness.seed}")
    out += [f"- Game file: `{report.path}`",
            f"- convenience {report.version}",
            f"- Command: `{report.command}`" if report.command else
            f"- Command: `convenience report {report.path} --samples {report.samples} --seed {report.seed}`",
            f"- Methods: {'; '.join(methods)}",
            f"- Seed: {report.seed}; samples: {report.samples:,}", ""]
    return out
