"""A game's report as GitHub-flavoured Markdown: a pure function of a ``GameReport``.

Sections, in order: verdict, the game, assumptions, equilibria, stability, sensitivity,
expectations, provenance. Nothing here reads the clock, the machine or the file system, so
the same results always give the same bytes. Figures are linked by name (``figures/...``);
:mod:`convenience.report.plots` draws them and the CLI writes them.
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction
from typing import Any, Sequence

from convenience.report.views import SensitivityView, ThresholdItem, ThresholdRow


# -- small formatting helpers ---------------------------------------------------------------
def num(value: Any) -> str:
    """``3/4`` for exact values, up to 6 significant digits for floats."""
    if value is None:
        return "—"
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    if hasattr(value, "is_Rational") and value.is_Rational:
        return num(Fraction(int(value.p), int(value.q)))
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.6g}"
    return "0" if text in ("-0", "0") else text


def percent(share: float, digits: int = 1) -> str:
    return f"{100 * share:.{digits}f}%"


def prose(text: Any) -> str:
    """User text safe in Markdown prose: a ``<`` that could open an HTML tag is escaped."""
    return re.sub(r"<(?=[A-Za-z/!?])", "&lt;", str(text))


def cell(text: Any) -> str:
    return prose(text).replace("|", "\\|").replace("\n", " ").strip() or " "


def link_text(text: Any) -> str:
    return prose(text).replace("[", "\\[").replace("]", "\\]")


def table(header: Sequence[str], rows: Sequence[Sequence[Any]], align: Sequence[str] | None = None) -> str:
    """A GFM table; every row has as many cells as the header."""
    marks = {"l": ":---", "r": "---:", "c": ":---:"}
    rule = [marks.get(a, "---") for a in (align or ["l"] * len(header))]
    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "| " + " | ".join(rule) + " |"]
    for row in rows:
        row = list(row) + [""] * (len(header) - len(row))
        lines.append("| " + " | ".join(cell(c) for c in row[:len(header)]) + " |")
    return "\n".join(lines)


def join_words(items: Sequence[str]) -> str:
    items = list(items)
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _code(text: Any) -> str:
    text = str(text)
    return f"`{text}`" if "`" not in text else text


# -- verdict --------------------------------------------------------------------------------
def _outcomes(report: Any) -> list[str]:
    return [e.label() for e in getattr(report.result, "equilibria", ())]


def _concept(report: Any) -> str:
    if report.kind == "tree":
        concepts = {getattr(e, "concept", "Nash") for e in report.result.equilibria}
        return "subgame-perfect" if concepts == {"subgame perfect"} else "equilibrium"
    if report.kind == "repeated":
        return "stage-game"
    return "Nash"


def _nearest(row: ThresholdRow) -> tuple[ThresholdItem, str] | None:
    """The threshold closest to baseline and the verb phrase of moving there."""
    options = []
    if row.below is not None:
        options.append((abs(float(row.baseline) - row.below.value), row.below, "falls below"))
    if row.above is not None:
        options.append((abs(row.above.value - float(row.baseline)), row.above, "rises above"))
    if not options:
        return None
    _, item, verb = min(options, key=lambda t: t[0])
    return item, verb


def verdict(report: Any) -> str:
    """The plain-words paragraph that opens the report."""
    outcomes = _outcomes(report)
    concept = _concept(report)
    sentences = []
    if not outcomes:
        sentences.append(f"At the baseline the game has no {concept} equilibrium that the solver could find "
                         "and verify.")
    elif len(outcomes) == 1:
        sentences.append(f"At the baseline the unique {concept} equilibrium is **{outcomes[0]}**.")
    else:
        listed = "; ".join(f"({k}) {o}" for k, o in enumerate(outcomes, 1))
        sentences.append(f"At the baseline there are {len(outcomes)} {concept} equilibria: {listed}.")
    threats = non_credible_count(report)
    if threats:
        sentences.append(f"{threats} other Nash equilibri{'um relies' if threats == 1 else 'a rely'} on "
                         "non-credible threats.")
    if report.kind == "repeated" and report.result is not None and report.result.notes:
        sentences.append(str(report.result.notes[0]).rstrip(".") + ".")
    view: SensitivityView | None = report.sensitivity
    if view is not None:
        fragile = view.most_fragile
        if fragile is None:
            sentences.append("No threshold lies inside the declared ranges: moving any one assumption across "
                             "its range leaves the equilibria unchanged.")
        else:
            holds = []
            for row in view.tornado[:2]:
                item, verb = _nearest(row)
                side = "below" if verb == "rises above" else "above"
                holds.append(f"{row.parameter} stays {side} {item.text} (baseline {num(row.baseline)})")
            sentences.append(f"The conclusion holds while {' and '.join(holds)}, each moved alone.")
            item, verb = _nearest(fragile)
            what = f"{fragile.parameter} ({fragile.description})" if fragile.description else fragile.parameter
            sentences.append(f"It is most fragile to {what}: {item.change} when it {verb} {item.text}.")
        r = view.robustness
        if r is not None:
            sentences.append(f"In {percent(r.share)} (95% interval {percent(r.low)}–{percent(r.high)}) of "
                             f"{r.samples:,} random draws from the declared ranges {r.outcome}.")
    claims = report.expectations
    if claims:
        checked = [c for c in claims if c.holds is not None]
        if checked:
            held = sum(1 for c in checked if c.holds)
            sentences.append(f"{held} of {len(checked)} expectations taken from the source hold in the model.")
    return " ".join(sentences)


# -- the game -------------------------------------------------------------------------------
def payoff_tables(game: Any) -> list[str]:
    """Payoff tables at the baseline; games of 3+ players get one table per others' profile."""
    players, strategies = game.players, game.strategies
    n = len(players)
    if n == 1:
        return [table([players[0], "Payoff"], [[s, num(game.payoffs[0][k])] for k, s in enumerate(strategies[0])])]
    blocks = []
    rest = list(itertools.product(*(range(len(s)) for s in strategies[2:])))
    for fixed in rest:
        header = [f"{players[0]} \\ {players[1]}", *strategies[1]]
        rows = []
        for i, row_name in enumerate(strategies[0]):
            cells = []
            for j in range(len(strategies[1])):
                index = (i, j, *fixed)
                cells.append(", ".join(num(game.payoffs[p][index]) for p in range(n)))
            rows.append([f"**{row_name}**", *cells])
        text = table(header, rows)
        if fixed:
            when = ", ".join(f"{players[2 + k]} plays {strategies[2 + k][s]}" for k, s in enumerate(fixed))
            text = f"When {when}:\n\n{text}"
        blocks.append(text)
    return blocks


def _game_section(report: Any) -> list[str]:
    game = report.game
    out = ["## The game", ""]
    paragraphs = [" ".join(p.split()) for p in str(getattr(game, "description", "") or "").split("\n\n") if p.strip()]
    for paragraph in paragraphs:
        out += [prose(paragraph), ""]
    if report.topology and report.topology.startswith("ties"):
        out += [f"In the Robinson–Goforth topology of 2×2 games this game has payoff {report.topology}.", ""]
    elif report.topology:
        out += [f"At the baseline this is a **{report.topology}** (Robinson–Goforth topology of 2×2 games).", ""]
    numeric = getattr(report.result, "game", None)
    players = getattr(game, "players", ())
    if report.kind == "tree":
        from convenience.report.mermaid import MAX_DIAGRAM_NODES, tree_mermaid

        tree = numeric
        if tree is not None and tree.n_nodes <= MAX_DIAGRAM_NODES:
            spe = [e for e in report.result.equilibria if getattr(e, "concept", "") == "subgame perfect"]
            strategy = (spe or list(report.result.equilibria) or [None])[0]
            out += ["Players: " + ", ".join(players) + ". The tree at the baseline (the thick path is the "
                    "first equilibrium's; dotted links join nodes a player cannot tell apart):", "",
                    "```mermaid", tree_mermaid(tree, getattr(strategy, "strategy", None)), "```", ""]
        elif tree is not None:
            out += [f"The tree has {tree.n_nodes:,} nodes, too many to draw.", ""]
        return out
    if numeric is not None and hasattr(numeric, "payoffs") and hasattr(numeric, "strategies"):
        lead = "Stage game payoffs" if report.kind == "repeated" else "Payoffs at the baseline"
        out += [prose(f"{lead} ({', '.join(numeric.players)}; each cell lists the players' payoffs in that order, "
                f"rows are {numeric.players[0]}'s strategies):"), ""]
        for block in payoff_tables(numeric):
            out += [block, ""]
    return out


# -- assumptions ----------------------------------------------------------------------------
def _distribution_text(p: Any) -> str:
    spec = p.distribution
    if spec is None:
        return "uniform" if p.range is not None else "fixed"
    if isinstance(spec, str):
        return spec
    kind = str(spec.get("type", spec.get("kind", "uniform")))
    extra = ", ".join(f"{k} = {v}" for k, v in spec.items() if k not in ("type", "kind"))
    return f"{kind} ({extra})" if extra else kind


def _sources_text(sources: Any) -> str:
    if not sources:
        return "—"
    if isinstance(sources, str):
        sources = (sources,)
    return ", ".join(f"[{s}](#source-{s})" for s in sources)


def _assumptions_section(report: Any) -> list[str]:
    game = report.game
    parameters = getattr(game, "parameters", {}) or {}
    out = ["## Assumptions", ""]
    if parameters:
        rows = []
        for name, p in parameters.items():
            span = f"[{num(p.low)}, {num(p.high)}]" if p.range is not None else "—"
            rows.append([_code(name), p.description or "—", num(p.value), span, _distribution_text(p),
                         _sources_text(p.source)])
        out += [table(["Parameter", "Meaning", "Baseline", "Range", "Distribution", "Source"], rows,
                      ["l", "l", "r", "c", "l", "l"]), ""]
    else:
        out += ["The game has no parameters: every payoff is a fixed number.", ""]
    expressions = getattr(game, "expressions", None)
    numeric = getattr(report.result, "game", None)
    if report.kind == "normal" and expressions is not None and numeric is not None and parameters:
        out += ["Payoffs as written and at the baseline:", ""]
        rows = []
        for index in itertools.product(*(range(len(s)) for s in game.strategies)):
            profile = ", ".join(s[k] for s, k in zip(game.strategies, index))
            cells = []
            for p in range(len(game.players)):
                text, value = str(expressions[(p, *index)]), num(numeric.payoffs[(p, *index)])
                cells.append(value if text == value else f"{_code(text)} = {value}")
            rows.append([profile, *cells])
        out += [table(["Profile", *game.players], rows), ""]
    return out


# -- equilibria -----------------------------------------------------------------------------
def _equilibria_section(report: Any) -> list[str]:
    result = report.result
    out = ["## Equilibria", ""]
    if result is None:
        return out + ["The game was not solved.", ""]
    equilibria = list(result.equilibria)
    exactness = "exact rational arithmetic (regret exactly zero)" if result.exact else \
        "floating point, each verified by its regret"
    if report.kind == "tree":
        concepts: dict[str, list] = {}
        for e in equilibria:
            concepts.setdefault(getattr(e, "concept", "Nash"), []).append(e)
        if not concepts:
            out += ["No equilibrium was found.", ""]
        for concept, group in concepts.items():
            out += [f"### {concept[0].upper() + concept[1:]} equilibria", ""]
            rows = [[str(k), e.label(), "; ".join(e.path()) or "—", ", ".join(num(v) for v in e.payoffs),
                     num(e.regret)] for k, e in enumerate(group, 1)]
            out += [table(["#", "Strategies", "Path", "Payoffs", "Max regret"], rows), ""]
            for e in group:
                for note in getattr(e, "notes", ()):
                    out.append(f"- {note}")
            out.append("")
    else:
        title = "Stage-game Nash equilibria" if report.kind == "repeated" else "Nash equilibria"
        out += [f"### {title}", ""]
        if equilibria:
            players = list(result.game.players)
            rows = []
            for k, e in enumerate(equilibria, 1):
                support = "pure" if e.is_pure else "; ".join(f"{p}: {'+'.join(s)}" for p, s in zip(players, e.support))
                rows.append([str(k), *[e.strategy_label(i) for i in range(len(players))], support,
                             ", ".join(num(v) for v in e.payoffs), num(e.regret)])
            out += [table(["#", *players, "Support", "Expected payoffs", "Max regret"], rows), ""]
        else:
            out += ["No equilibrium was found.", ""]
    out += [f"Found by `{result.method}`; {exactness}.", ""]
    for k, component in enumerate(result.components, 1):
        text = (component.describe() if hasattr(component, "describe") else
                getattr(component, "description", None) or str(component))
        out.append(f"- Component {k}: {prose(text)}")
    notes = list(result.notes)
    if report.kind == "repeated":  # the repeated game's own notes follow in its section
        notes = [n for n in notes if n.startswith(("stage game", "the listed equilibria"))]
    for note in notes:
        out.append(f"- {prose(note)}")
    if result.components or notes:
        out.append("")
    if report.kind == "tree":
        out += _tree_nash_section(report)
    if report.kind == "repeated" and "repeated" in getattr(result, "extra", {}):
        repeated = result.extra["repeated"]
        from convenience.extensive.repeated_result import repeated_markdown

        text = repeated_markdown(repeated).strip()
        lines = [("###" + line[1:] if line.startswith("#") and not line.startswith("###") else line)
                 for line in text.splitlines()]
        if lines and lines[0].startswith("#"):
            lines = lines[1:]
        out += ["### The repeated game", "", *lines, ""]
    return out


def _tree_nash_section(report: Any) -> list[str]:
    """Every Nash equilibrium of a small tree, each marked credible (subgame perfect) or not."""
    nash = report.nash
    if nash is None:
        return []
    out = ["### All Nash equilibria", "",
           "From the reduced normal form. A Nash equilibrium that is not subgame perfect rests on a move its "
           "player would not make if the game reached it: a non-credible threat or promise.", ""]
    rows, seen = [], {}
    for e in nash.equilibria:
        label = e.label()
        if label in seen:  # different normal-form mixtures, same behaviour in the tree
            seen[label] += 1
            continue
        seen[label] = 1
        credible = "subgame perfect" in str(getattr(e, "concept", ""))
        rows.append([label, ", ".join(num(v) for v in e.payoffs),
                     "credible (subgame perfect)" if credible else "relies on a non-credible threat"])
    out += [table(["#", "Strategies", "Payoffs", "Credibility"], [[str(k), *r] for k, r in enumerate(rows, 1)]),
            ""]
    if len(rows) < len(nash.equilibria):
        out += [f"{len(nash.equilibria)} equilibria of the reduced normal form give these {len(rows)} behaviours.", ""]
    if nash.components:
        out += [f"The equilibria form {len(nash.components)} connected component"
                f"{'' if len(nash.components) == 1 else 's'} (continua of equilibria between the extreme ones "
                "listed).", ""]
    return out


def non_credible_count(report: Any) -> int:
    """How many distinct Nash behaviours of a tree are not subgame perfect."""
    if report.nash is None:
        return 0
    return len({e.label() for e in report.nash.equilibria if "subgame perfect" not in str(getattr(e, "concept", ""))})


# -- stability ------------------------------------------------------------------------------
def _stability_section(report: Any) -> list[str]:
    out = ["## Stability", ""]
    if "stability" in report.unavailable:
        out += [report.unavailable["stability"], ""]
    view = report.stability
    if view is None:
        return out
    if view.rows:
        out += [table(["Equilibrium", *view.columns], [[r.equilibrium, *r.values] for r in view.rows]), ""]
    if view.sentence:
        out += [prose(view.sentence), ""]
    if view.margins:
        header = ["Parameter", *[f"#{k}" for k in range(1, len(view.rows) + 1)]]
        out += ["How far each parameter can move, the others at baseline, before each equilibrium is lost:", "",
                table(header, view.margins), ""]
    out += [f"- {prose(n)}" for n in view.notes]
    if view.notes:
        out.append("")
    return out


# -- sensitivity ----------------------------------------------------------------------------
def _threshold_cell(item: ThresholdItem | None) -> str:
    return "none in range" if item is None else f"{item.text}: {item.change}"


def _sensitivity_section(report: Any, figure_dir: str) -> list[str]:
    from convenience.report.plots import figure_specs

    out = ["## Sensitivity", ""]
    view = report.sensitivity
    if view is None:
        return out + [report.unavailable.get("sensitivity", "Sensitivity analysis is not available."), ""]
    out += [f"Baseline equilibrium set: {join_words(view.baseline_set) or 'none'}.", "",
            "### Thresholds", "",
            "Each parameter moved alone across its range, the others at baseline:", ""]
    rows = [[_code(r.parameter), r.description or "—", num(r.baseline),
             f"[{num(r.low)}, {num(r.high)}]", _threshold_cell(r.below), _threshold_cell(r.above)]
            for r in view.thresholds]
    out += [table(["Parameter", "Meaning", "Baseline", "Range", "Nearest threshold below", "Nearest threshold above"],
                  rows), ""]
    ranked = view.tornado
    out += ["### Tornado ranking", ""]
    if ranked:
        rows = []
        for k, r in enumerate(ranked, 1):
            item, verb = _nearest(r)
            rows.append([str(k), _code(r.parameter), percent(r.fragility),
                         f"{verb} {item.text} (baseline {num(r.baseline)})"])
        out += ["Assumptions ordered by how little they must move (share of their range) before the "
                "equilibrium set changes:", "",
                table(["Rank", "Parameter", "Distance to threshold", "Equilibria change when it"], rows,
                      ["r", "l", "r", "l"]), ""]
        steady = [r.parameter for r in view.thresholds if r.fragility is None]
        if steady:
            out += [f"No threshold within the range of: {', '.join(_code(s) for s in steady)}.", ""]
    else:
        out += ["No parameter has a threshold inside its range.", ""]
    specs = figure_specs(report)
    maps = [s for s in specs if s.kind == "regime"]
    if maps:
        out += ["### Regime maps", ""]
    for spec in maps:
        out += [f"![{cell(spec.alt)}]({figure_dir}/{spec.name}.png)", "",
                f"*{spec.caption}* ([SVG]({figure_dir}/{spec.name}.svg))", ""]
        if spec.data.boundaries:
            out += ["Boundaries between regions (exact):", ""] + [f"- {b}" for b in spec.data.boundaries] + [""]
    for spec in specs:
        if spec.kind == "tornado":
            out += [f"![{cell(spec.alt)}]({figure_dir}/{spec.name}.png)", "",
                    f"*{spec.caption}* ([SVG]({figure_dir}/{spec.name}.svg))", ""]
    r = view.robustness
    out += ["### Robustness", ""]
    if r is None and report.kind != "normal":
        out += ["Monte Carlo robustness is computed for normal-form games only.", ""]
    elif r is None:
        out += ["No Monte Carlo draws were requested (`--samples 0`).", ""]
    else:
        out += [f"Drawing all parameters at once from their declared distributions ({r.samples:,} draws, "
                f"seed {r.seed}), {r.outcome} in **{percent(r.share)}** of draws (95% Wilson interval "
                f"{percent(r.low)}–{percent(r.high)}).", ""]
        if r.sets:
            out += [table(["Equilibrium set", "Share of draws"], [[s, percent(v)] for s, v in r.sets], ["l", "r"]), ""]
    out += [f"- {prose(n)}" for n in view.notes]
    if view.notes:
        out.append("")
    return out


# -- expectations ---------------------------------------------------------------------------
def _expectations_section(report: Any) -> list[str]:
    out = ["## Expectations", ""]
    claims = report.expectations
    if "expectations" in report.unavailable:
        out += [report.unavailable["expectations"], ""]
    if not claims:
        return out
    rows = []
    for c in claims:
        verdict_text = "not checked" if c.holds is None else ("✅ holds" if c.holds else "❌ fails")
        where = "; ".join(t for t in (c.detail, c.region) if t)
        rows.append([_code(c.id), _sources_text(c.claim), c.kind or "—", verdict_text, where or "—"])
    out += [table(["Expectation", "Source claim", "Asserts", "Result", "Detail"], rows), ""]
    return out


# -- provenance -----------------------------------------------------------------------------
def cited_sources(game: Any) -> list[str]:
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


def _provenance_section(report: Any) -> list[str]:
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
            if entry is None and s == doc.get("id"):
                out.append(f'- <a id="source-{s}"></a>`{s}`: the source document as a whole.')
            elif entry is None:
                out.append(f'- <a id="source-{s}"></a>`{s}`: not in the claim catalogue.')
            else:
                locator = f' (paragraph beginning "{entry["locator"]}")' if entry.get("locator") else ""
                out.append(f'- <a id="source-{s}"></a>`{s}`: {entry.get("claim") or ""}{locator}')
        out.append("")
    result = report.result
    methods = [f"equilibria by `{result.method}`" if result is not None else "not solved"]
    view = report.sensitivity
    if view is not None:
        numerical = any(r.numerical for r in view.thresholds)
        methods.append("thresholds " + ("located numerically" if numerical else "from exact conditions"))
        if view.maps:
            from convenience.report.sensitivity import MAP_POINTS

            methods.append(f"regime maps on a {MAP_POINTS}×{MAP_POINTS} grid")
        if view.robustness is not None:
            methods.append(f"Monte Carlo with {view.robustness.samples:,} draws, seed {view.robustness.seed}")
    out += [f"- Game file: `{report.path}`",
            f"- convenience {report.version}",
            f"- Command: `{report.command}`" if report.command else
            f"- Command: `convenience report {report.path} --samples {report.samples} --seed {report.seed}`",
            f"- Methods: {'; '.join(methods)}",
            f"- Seed: {report.seed}; samples: {report.samples:,}", ""]
    return out


def render_report(report: Any, figure_dir: str = "figures") -> str:
    """The whole report of one game as Markdown text."""
    lines = [f"# {prose(report.title)}", "", "## Verdict", "", prose(verdict(report)), ""]
    lines += _game_section(report)
    lines += _assumptions_section(report)
    lines += _equilibria_section(report)
    lines += _stability_section(report)
    lines += _sensitivity_section(report, figure_dir)
    lines += _expectations_section(report)
    lines += _provenance_section(report)
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.rstrip() + "\n"
