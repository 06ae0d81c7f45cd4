"""The verdict that opens a report: what happens, why, what would change it, how robust it is.

A few sentences, at most :data:`MAX_WORDS` words for any game, built from results the analysis
has already verified. The outcome is stated by the concept that fits the kind of game: the
canonical dilemma and the Nash equilibria of a strategic form, the subgame-perfect path of a
tree (with the separating or pooling perfect Bayesian equilibria and their belief cut-offs when
chance draws types), the critical discount factor of a repeated game and, when the discount
factor is written in terms of a parameter, the threshold in that parameter. Equilibria are
called by their short names (:mod:`convenience.report.names`); full plans are in the report.
"""

from __future__ import annotations

import math
from typing import Any

from convenience.game import is_repeated
from convenience.report.names import fit, one_line, play_items
from convenience.report.tables import LINE_BREAK
from convenience.report.text import nearest, num, percent

#: The longest verdict, in words; lower-priority sentences are dropped to stay within it.
MAX_WORDS = 120


def word_count(text: str) -> int:
    return len(text.split())


def verdict(report: Any) -> str:
    """The plain-words paragraph that opens the report (at most :data:`MAX_WORDS` words)."""
    # (priority, sentence); sentences keep their order in the text. Over the word budget the highest
    # number goes first (the later of equals first): 4 the count of non-credible equilibria, 3 the next
    # thresholds and the equilibria's robustness, 2 the claims' whole outcome, 1 the claims' status and
    # what the outcome rests on; 0 (what happens) is never dropped.
    parts: list[tuple[int, str]] = []
    if report.kind == "repeated":
        parts += _repeated_outcome(report)
    elif report.kind == "tree":
        parts += _tree_outcome(report)
    else:
        parts += _strategic_outcome(report)
    status = _expectations(report)
    parts += status[:1]  # a fragile or failing claim is said in the verdict's first lines
    why = _why_and_change(report)
    later = _robustness(report) + _untracked(report) + status[1:]
    text = _within_budget(parts + why + later)
    if why and why[0][1] not in text:  # the threshold first: its newcomers pointed to, not described
        text = _within_budget(parts + _why_and_change(report, describe=False) + later)
    return text


def _within_budget(parts: list[tuple[int, str]]) -> str:
    kept = [(k, priority, text) for k, (priority, text) in enumerate(parts) if text]
    while kept and sum(word_count(t) for _, _, t in kept) > MAX_WORDS:
        worst = max(kept, key=lambda item: (item[1], item[0]))
        if worst[1] == 0:
            break
        kept.remove(worst)
    seen: set[str] = set()
    out = ""
    for _, _, text in kept:
        if text not in seen:
            seen.add(text)
            out += ("" if not out or out.endswith("\n") else " ") + text
    return out.strip()


def _play_parts(report: Any, label: str) -> tuple[str, list[tuple[int, str]]]:
    """The play of the equilibrium ``label`` as the start its branches share and the items of a
    nested list, ``(depth, text)`` (:func:`~convenience.report.names.play_items`); ``(play,
    [])`` when the play is one line. An equilibrium known only by its description (lines joined
    by :data:`LINE_BREAK`) gives an item per line after its shared start."""
    equilibrium = report.names.equilibrium(label)
    if equilibrium is not None and hasattr(equilibrium, "tree"):
        return play_items(equilibrium)
    text = report.names.description(label)
    lines = text.split(LINE_BREAK)
    if len(lines) == 1:
        return text, []
    if lines[0].endswith(("→", ":")):
        return lines[0].rstrip(" →:"), [(0, line) for line in lines[1:]]
    return "", [(0, line) for line in lines]


def _play_list(start: str, items: list[tuple[int, str]], indent: str = "") -> str:
    """A play that parts at a chance move, as Markdown: the shared start (``"**UnitedStates
    offers → Iran hedges**, then:"``) and a list with each branch on its own line, the outcomes
    of a chance move inside a branch in a list under it."""
    head = f"**{start}**, then:" if start else "by chance:"
    return head + "\n\n" + "\n".join(f"{indent}{'  ' * depth}- {text}" for depth, text in items) + "\n\n"


def _titled(report: Any, e: Any, limit: int = 60) -> str:
    """``E1 (Russia restrains → Iran refrains)``; a mixed equilibrium of a strategic form is
    ``E3 (mixed)`` (its probabilities are in the report's table)."""
    if not hasattr(e, "tree") and not getattr(e, "is_pure", True):
        return f"{report.names.name(e.label())} (mixed)"
    return report.names.titled(e.label(), limit)


# -- outcome, by kind -----------------------------------------------------------------------
def _strategic_outcome(report: Any) -> list[tuple[int, str]]:
    equilibria = list(getattr(report.result, "equilibria", ()) or ())
    dilemma = report.topology
    named = f"a **{dilemma}**" if dilemma and not dilemma.startswith("ties") else ""
    if not equilibria:
        return [(0, "At the baseline the solver found no equilibrium it could verify.")]
    from convenience.solvers.indifferent import whole_space_sentence, whole_strategy_space

    whole = whole_strategy_space(report.result)
    if whole is not None:  # the equilibria listed are examples of a continuum, not a count
        text = f"At the baseline {whole_space_sentence(whole)}; no equilibrium is singled out"
        return [(0, text + (f". The game is {named}." if named else "."))]
    measures = getattr(report, "measures", None)
    if len(equilibria) == 1:
        text = f"At the baseline the unique Nash equilibrium is **{_titled(report, equilibria[0])}**"
        better = _better_outcome(measures, 0)
        if better:
            text += f", although every player would prefer {better}"
        text += "."
        if named:
            text += f" The game is {named}."
        return [(0, text)]
    pure = sum(1 for e in equilibria if getattr(e, "is_pure", False))
    text = f"At the baseline there are {len(equilibria)} Nash equilibria ({pure} pure)"
    text += f"; the game is {named}." if named else "."
    out = [(0, text)]
    favourite = _favourite(measures)
    if favourite is not None:
        k, reasons = favourite
        out.append((0, f"The likeliest is **{_titled(report, equilibria[k])}** ({reasons})."))
    else:
        shown = ", ".join(_titled(report, e, 40) for e in equilibria[:3])
        out.append((1, f"They are {shown}{', ...' if len(equilibria) > 3 else ''}; none is singled out by "
                       "risk dominance, noisy play or dynamics."))
    return out


def _better_outcome(measures: Any, k: int) -> str:
    eqs = getattr(measures, "equilibria", ()) or ()
    if k < len(eqs) and eqs[k].better_outcome:
        return str(eqs[k].better_outcome)
    return ""


def _favourite(measures: Any) -> tuple[int, str] | None:
    """The equilibrium the stability measures single out and why, as in the stability section."""
    eqs = list(getattr(measures, "equilibria", ()) or ())
    if len(eqs) < 2:
        return None
    for k, e in enumerate(eqs):
        reasons = []
        if e.risk_dominant:
            reasons.append("risk-dominant")
        if e.qre_selected:
            reasons.append("the limit of noisy play")
        if e.replicator_share and e.replicator_share > 0.5:
            reasons.append(f"reached from {100 * e.replicator_share:.0f}% of starting points")
        if e.qre_selected or (e.replicator_share or 0) > 0.5 or e.risk_dominant:
            return k, ", ".join(reasons)
    return None


def _tree_outcome(report: Any) -> list[tuple[int, str]]:
    result = report.result
    equilibria = list(getattr(result, "equilibria", ()) or ())
    pbe = list(getattr(report.pbe, "equilibria", ()) or ())
    out: list[tuple[int, str]] = []
    if pbe:
        out += _signalling_outcome(report, pbe)
    elif not equilibria:
        return [(0, "At the baseline the solver found no equilibrium it could verify.")]
    else:
        concept = "subgame-perfect" if all(getattr(e, "concept", "") == "subgame perfect" for e in equilibria) \
            else "equilibrium"
        if len(equilibria) == 1:
            start, items = _play_parts(report, equilibria[0].label())
            name = report.names.name(equilibria[0].label())
            if items:
                out.append((0, f"At the baseline the unique {concept} equilibrium ({name}) plays "
                               f"{_play_list(start, items)}"))
            else:
                out.append((0, f"At the baseline the unique {concept} equilibrium plays **{start}** ({name})."))
        else:
            paths: dict[str, str] = {}  # each distinct play's description -> the first equilibrium playing it
            for e in equilibria:
                paths.setdefault(report.names.description(e.label()), e.label())
            head = (f"At the baseline there are {len(equilibria)} {concept} equilibria (E1–E{len(equilibria)}), "
                    f"with {len(paths)} distinct path{'s' if len(paths) > 1 else ''}:")
            shown = [_play_parts(report, label) for label in list(paths.values())[:2]]
            if any(items for _, items in shown):  # one item per path, its branches under it
                listed = [f"- {_play_list(start, items, '  ').rstrip()}" if items else f"- **{start}**"
                          for start, items in shown]
                out.append((0, head + "\n\n" + "\n".join(listed + ["- ..."] * (len(paths) > 2)) + "\n\n"))
            else:
                joined = "; ".join(f"**{start}**" for start, _ in shown)
                out.append((0, f"{head} {joined}{'; ...' if len(paths) > 2 else ''}."))
    from convenience.report.sections import non_credible_count

    threats = non_credible_count(report)
    if threats:
        out.append((4, f"{threats} other Nash equilibri{'um relies' if threats == 1 else 'a rely'} on "
                       "non-credible threats."))
    return out


def _signalling_outcome(report: Any, pbe: list) -> list[tuple[int, str]]:
    """Separating/pooling perfect Bayesian equilibria grouped by kind, the off-path beliefs that
    sustain them and whether they survive the Intuitive Criterion."""
    groups: dict[str, list] = {}
    for e in pbe:
        groups.setdefault(getattr(e, "classification", "") or "equilibrium", []).append(e)
    count = f"{len(pbe)} perfect Bayesian equilibri{'um' if len(pbe) == 1 else 'a'}"
    out = [(0, f"At the baseline there {'is' if len(pbe) == 1 else 'are'} {count}.")]
    for kind, group in groups.items():
        names = ", ".join(report.names.name(e.label()) or "?" for e in group)
        needs = ""
        ranges = [(h, r) for e in group for h, r in (getattr(e, "belief_ranges", {}) or {}).items()
                  if not str(r).endswith("in [0, 1]")]  # any belief at all sustains it: nothing to say
        if ranges:
            infoset, belief = ranges[0]
            needs = f"needs {belief} at “{infoset}”"
        tests = {getattr(e, "intuitive", None) for e in group} - {None}
        test = ("survives the Intuitive Criterion" if tests == {True} else
                "fails the Intuitive Criterion" if tests == {False} else
                "some survive the Intuitive Criterion" if tests else "")
        if kind != "equilibrium":  # a sender-receiver game: its kind says what happens
            text = f"{kind[0].upper()}{kind[1:]} ({names})" + (f" {needs}" if needs else "")
            out.append((0, text + (f"; it {test}" if test else "") + "."))
            continue
        clauses = [c for c in (needs, test) if c]
        start, items = _play_parts(report, group[0].label())
        if items:  # each branch of chance on its own line, what it needs after them
            out.append((0, f"{names} plays {_play_list(start, items)}"))
            if clauses:
                out.append((0, f"{names} " + "; it ".join(clauses) + "."))
        else:
            out.append((0, f"{names} plays **{start or kind}**" + "".join(f"; it {c}" for c in clauses) + "."))
    return out


def _repeated_outcome(report: Any) -> list[tuple[int, str]]:
    result = report.result
    repeated = (getattr(result, "extra", {}) or {}).get("repeated") if result is not None else None
    equilibria = list(getattr(result, "equilibria", ()) or ())
    stage = _titled(report, equilibria[0]) if len(equilibria) == 1 else f"{len(equilibria)} stage equilibria"
    if repeated is None:
        return [(0, f"The stage game has {stage}.")]
    if repeated.finite is not None or not repeated.sustainable:
        return [(0, repeated.sentence()), (1, f"The stage game's equilibrium is {stage}.")]
    target = report.names.rename(f"({repeated.target_label})")
    punishment = _PUNISHMENT.get(repeated.punishment, repeated.punishment)
    text = f"Repeated indefinitely, {target} is sustained by {punishment} " \
           f"when the discount factor is at least **{num(repeated.critical_discount)}**"
    own = _own_parameter_threshold(report, repeated)
    if own:
        text += f", that is when {own}"
    if repeated.upper_discount is not None:
        text += f" (and at most {num(repeated.upper_discount)})"
    text += "."
    out = [(0, text)]
    if repeated.sustained is not None:
        out.append((0, f"At the baseline (discount {num(repeated.discount)}) it is "
                       + ("**sustained**." if repeated.sustained else f"**not sustained**: play stays at {stage}.")))
    symbolic = repeated.critical_discount_symbolic
    if symbolic is not None and getattr(symbolic, "free_symbols", None):
        binding = f" (binding: {', '.join(repeated.binding)})" if repeated.binding else ""
        out.append((1, f"The critical value is {_symbolic_text(symbolic)}{binding}."))
    return out


_PUNISHMENT = {"nash": "Nash reversion", "minmax": "minmax punishment"}  # punishment rule -> plain words


def _symbolic_text(expr: Any) -> str:
    """A sympy expression as the user writes it (``(T_R - R_R)/(T_R - P_R)``)."""
    from convenience.repeated.grim import expression_text

    return expression_text(expr) if expr is not None else ""


def _own_parameter_threshold(report: Any, repeated: Any) -> str:
    """``"r <= 1/2"``: the critical discount factor as a threshold in the one parameter the
    file's discount factor is written in (``discount: 1/(1+r)``), others at baseline."""
    game = report.game
    discount = game.discount if is_repeated(game) else None
    if discount is None or repeated.critical_discount is None:
        return ""
    used = discount.parameters
    used = sorted(used() if callable(used) else used)
    if len(used) != 1:
        return ""
    name = used[0]
    import sympy

    try:
        expr = game.symbolic_discount()
        symbol = next(s for s in expr.free_symbols if s.name == name)
        critical = sympy.nsimplify(repeated.critical_discount)
        roots = [r for r in sympy.solve(sympy.Eq(expr, critical), symbol) if r.is_real]
        if len(roots) != 1:
            return ""
        root = roots[0]
        slope = sympy.diff(expr, symbol).subs(symbol, root)
        if slope == 0 or not slope.is_real:
            return ""
    except Exception:  # noqa: BLE001 - an expression sympy cannot invert: no threshold to state
        return ""
    sign = ">=" if slope > 0 else "<="
    value = num(sympy.Rational(root)) if root.is_Rational else num(float(root))
    if name == "delta":
        return ""
    return f"{name} {sign} {value}"


# -- why and what would change it -----------------------------------------------------------
def _why_and_change(report: Any, describe: bool = True) -> list[tuple[int, str]]:
    """What the outcome rests on (the nearest threshold and what changes there, the equilibria
    that appear described unless ``describe`` is False) and the next nearest thresholds."""
    view = report.sensitivity
    if view is None:
        return []
    fragile = view.most_fragile
    if fragile is None:
        return [(1, "No threshold lies inside the declared ranges: moving any one assumption across its range "
                    "leaves the outcome unchanged.")]
    found = nearest(fragile)
    if found is None:
        return [(1, f"{fragile.parameter}'s baseline {num(fragile.baseline)} lies exactly on a threshold, where "
                    "the outcome changes.")]
    item, verb = found
    side = ">" if verb == "falls below" else "<"
    from convenience.report.units import unit_of

    unit = unit_of(report.game, fragile.parameter)
    out = [(1, f"It rests on {fragile.parameter} = {num(fragile.baseline)} {side} {item.text}"
               f"{f' ({unit})' if unit else ''}: "
               f"{fit(item.change, 110)} if {fragile.parameter} {verb} {_bound(item.text)}"
               f"{_newcomers(report, item.change, describe)}.")]
    skip = set()
    if is_repeated(report.game) and report.game.discount is not None:
        used = report.game.discount.parameters
        skip = set(used() if callable(used) else used)  # restated by the critical discount factor
    following = [(row, text) for row, text in _next_texts(view) if row.parameter not in skip]
    if following:
        out.append((3, "Next nearest: " + "; ".join(f"{row.parameter} {text}" for row, text in following) + "."))
    return out


#: The most characters the verdict spends describing equilibria that appear past a threshold.
NEWCOMER_CHARACTERS = 240


def _newcomers(report: Any, change: str, describe: bool = True) -> str:
    """``" (E13: Russia closes eyes → Iran refrains)"``: what the equilibria that appear do, at
    their first mention, each on one line (branches of chance that do not fit in 120 characters
    left out whole); past :data:`NEWCOMER_CHARACTERS` characters, the others are pointed to the
    table that describes every equilibrium met away from the baseline (all of them when not
    ``describe``: the short form, when the descriptions would not fit the verdict)."""
    baseline = {report.names.name(e.label()) for e in getattr(report.result, "equilibria", ()) or ()}
    described: list[str] = []
    undescribed: list[str] = []
    for name in appearing(change):
        if name in baseline:
            continue
        text = report.names.description(report.names.label_of(name))
        item = f"{name}: {one_line(text, 120)}"
        if describe and text and not undescribed and len("; ".join([*described, item])) <= NEWCOMER_CHARACTERS:
            described.append(item)
        else:
            undescribed.append(name)
    if undescribed:
        place = "Full plans" if report.kind == "tree" else "Equilibria met away from the baseline"
        described.append(f"{', '.join(undescribed)}: see {place}")
    return f" ({'; '.join(described)})" if described else ""


def appearing(change: str) -> list[str]:
    """The names a change of the equilibrium set brings in: ``["E6", "E7"]`` of ``"E2 and E3 stop
    being equilibria and E6 and E7 become equilibria"`` (a range ``E4–E6`` written out)."""
    import re

    found = re.search(r"((?:E\d+(?:–E\d+)?(?:, | and ))*E\d+(?:–E\d+)?) becomes? (?:an )?equilibri", change)
    if found is None:
        return []
    out: list[str] = []
    for first, last in re.findall(r"E(\d+)(?:–E(\d+))?", found.group(1)):
        out += [f"E{k}" for k in range(int(first), int(last or first) + 1)]
    return list(dict.fromkeys(out))


def _bound(text: str) -> str:
    """``"c"`` of ``"c = 1"``: the comparison in the user's parameter names when there is one."""
    return text.split(" = ")[0] if " = " in text else text


def _next_texts(view: Any) -> list[tuple[Any, str]]:
    out = []
    for row in view.tornado[1:3]:
        found = nearest(row)
        if found is None:
            continue
        item, verb = found
        out.append((row, f"{verb} {item.text} (baseline {num(row.baseline)})"))
    return out


# -- robustness -----------------------------------------------------------------------------
def _wilson(share: float, n: int, z: float = 1.96) -> tuple[float, float]:
    if n <= 0:
        return 0.0, 1.0
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _robustness(report: Any) -> list[tuple[int, str]]:
    view = report.sensitivity
    r = None if view is None else view.robustness
    if r is None:
        return []
    if report.kind == "repeated":
        repeated = (getattr(report.result, "extra", {}) or {}).get("repeated")
        target = (report.names.rename(f"({repeated.target_label})") + " sustained"
                  if repeated is not None and repeated.target_label else None)
        if target:
            share = sum(v for label, v in r.sets if target in label)
            low, high = _wilson(share, r.samples)
            return [(2, f"Cooperation is sustained in {percent(share)} of {r.samples:,} draws from the declared "
                        f"ranges (95% interval {percent(low)}–{percent(high)}).")]
    if r.play is not None:
        share, low, high = r.play
        return [(3, f"Robustness: the same play holds in {percent(share)} of {r.samples:,} draws from the declared "
                    f"ranges (95% interval {percent(low)}–{percent(high)}); the whole profile, off-path plans "
                    f"included, in {percent(r.share)} ({percent(r.low)}–{percent(r.high)}).")]
    return [(3, f"Robustness: the same equilibria hold in {percent(r.share)} of {r.samples:,} draws from the declared ranges "
                f"(95% interval {percent(r.low)}–{percent(r.high)}).")]


def _untracked(report: Any) -> list[tuple[int, str]]:
    """The caveat that thresholds and draws follow isolated equilibria only: a continuum or an
    equilibrium the solver found at the baseline but the analysis does not follow is said."""
    view = report.sensitivity
    untracked = list(getattr(view, "untracked", ()) or ())
    if not untracked:
        return []
    continua = sum(1 for kind, _ in untracked if kind == "continuum")
    others = len(untracked) - continua
    parts = [f"{continua} continu{'um' if continua == 1 else 'a'} of equilibria"] if continua else []
    if others:
        parts.append(f"{others} equilibri{'um' if others == 1 else 'a'}")
    verb = "is" if len(untracked) == 1 else "are"
    return [(1, f"These thresholds and draws follow the isolated equilibria; {' and '.join(parts)} found at the "
                f"baseline by the solver {verb} not followed (see Sensitivity).")]


def _expectations(report: Any) -> list[tuple[int, str]]:
    """How the source's expectations fare: counts by status (robust, fragile, fails) naming the
    claims that fall short (the principal one marked), then the share of draws in which the
    whole outcome they describe holds."""
    checked = [c for c in (report.expectations or ()) if c.status is not None]
    if not checked:
        return []
    principal = {str(e.get("id")) for e in getattr(report.game, "expect", ()) or ()
                 if hasattr(e, "get") and e.get("principal") is True}

    def ids(status: str) -> str:
        """``"the principal claim a, b"``: the claims of one status, the principal one first."""
        ordered = sorted((c for c in checked if c.status == status), key=lambda c: c.id not in principal)
        return ", ".join(f"the principal claim {c.id}" if c.id in principal else c.id for c in ordered)

    def holds(n: int) -> str:
        return "hold" if n != 1 else "holds"

    counts = {s: sum(1 for c in checked if c.status == s) for s in ("robust", "fragile", "fails")}
    parts = []
    if counts["robust"]:
        built = sum(1 for c in checked if c.status == "robust" and c.verdict is not None and c.verdict.by_construction)
        parts.append(f"{counts['robust']} {holds(counts['robust'])} robustly"
                     + (f" ({built} true by construction)" if built else ""))
    if counts["fragile"]:
        parts.append(f"{counts['fragile']} {holds(counts['fragile'])} only at the baseline "
                     f"(**fragile**: {ids('fragile')})")
    if counts["fails"]:
        parts.append(f"{counts['fails']} **fail{'s' if counts['fails'] == 1 else ''}** ({ids('fails')})")
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    out = [(1, f"Of {len(checked)} expectations taken from the source, {listed}.")]
    whole = getattr(report, "verdicts", None)
    if whole is not None and whole.outcome is not None:
        out.append((2, f"The whole outcome they describe holds in {whole.outcome.text()}."))
    return out
