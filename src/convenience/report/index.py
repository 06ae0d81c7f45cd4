"""The index of a report directory: one table comparing every game (a pure function).

For each dilemma: the source's claim it models, the baseline outcome, whether the model
reproduces the claims (its expectations hold), the assumption the conclusion is most fragile
to with its distance to the threshold, and the Monte Carlo robustness share; each row links
to the game's report.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from convenience.report.names import plain_path, play_text
from convenience.report.sections import cited_sources
from convenience.report.text import is_reference, link_text, nearest, num, percent, prose, table


def _claim_text(report: Any) -> str:
    """The source's claim behind the game: the principal expectation's claim (``principal: true``),
    else its first expectation's claim, else its first source."""
    ids = []
    expect = list(getattr(report.game, "expect", ()) or ())
    expect.sort(key=lambda e: not (hasattr(e, "get") and e.get("principal") is True))
    for e in expect:
        claim = e.get("claim") if hasattr(e, "get") else None
        if claim:
            ids += [claim] if isinstance(claim, str) else list(claim)
    ids += [s for s in cited_sources(report.game) if s not in ids]
    for claim_id in ids:
        entry = report.claims.get(claim_id)
        if entry and entry.get("claim"):
            return f"{entry['claim']} (`{claim_id}`)"
    return ", ".join(prose(s) if is_reference(s) else f"`{s}`" for s in ids[:2]) or "—"


def _outcome(report: Any) -> str:
    """The baseline outcome in a few words: a tree's path in plain words (``Russia restrains →
    Iran refrains``), a strategic form's profile; a count when there are more than two."""
    from convenience.solvers.indifferent import whole_strategy_space

    whole = whole_strategy_space(report.result)
    if whole is not None:
        return f"every profile is an equilibrium ({whole.pure_profiles:,} pure profiles and their mixtures)"
    equilibria = list(getattr(report.result, "equilibria", ()))
    if not equilibria:
        return "no equilibrium found"
    if len(equilibria) == 1:
        only = equilibria[0]  # its play a line per branch of chance, as in the report's tables
        return play_text(only, None) if hasattr(only, "tree") else only.label()
    if len(equilibria) == 2:
        return "2 equilibria: " + " / ".join(_what_happens(e) for e in equilibria)
    pure = sum(1 for e in equilibria if getattr(e, "is_pure", False))
    return f"{len(equilibria)} equilibria ({pure} pure)"


def _what_happens(equilibrium: Any) -> str:
    return plain_path(equilibrium) if hasattr(equilibrium, "tree") else equilibrium.label()


def status_counts(claims: Sequence[Any]) -> str:
    """``"⚠️ 2 robust, 3 fragile, 1 by construction (of 5)"``: a ✅ only when every claim is robust."""
    checked = [c for c in claims if c.status is not None]
    counts = {s: sum(1 for c in checked if c.status == s) for s in ("robust", "fragile", "fails")}
    mark = "❌" if counts["fails"] else "⚠️" if counts["fragile"] else "✅"
    parts = [f"{n} {s}" for s, n in counts.items() if n]
    built = sum(1 for c in checked if c.verdict is not None and c.verdict.by_construction)
    if built:
        parts.append(f"{built} true by construction")
    return f"{mark} {', '.join(parts)} (of {len(checked)})"


def _reproduced(report: Any) -> str:
    claims = report.expectations
    if not claims:
        return "no expectations"
    checked = [c for c in claims if c.status is not None]
    if not checked:
        return f"{len(claims)} not checked"
    return status_counts(checked)


def _fragile(report: Any) -> str:
    view = report.sensitivity
    if view is None:
        return "—"
    row = view.most_fragile
    if row is None:
        return "no threshold in range"
    found = nearest(row)
    threshold = found[0].text if found else "?"
    return f"`{row.parameter}`: {num(row.baseline)} → {threshold} ({percent(row.fragility, 0)} of range)"


def _robustness(report: Any) -> str:
    """The play unchanged (trees: changes of plan off the path ignored) beside the whole profile
    unchanged, then the whole outcome the claims describe; games whose play is their profile
    (strategic forms) give one figure, "equilibria unchanged"."""
    parts = []
    view = report.sensitivity
    r = view.robustness if view is not None else None
    if r is not None and r.play is not None:
        share, low, high = r.play
        parts.append(f"play unchanged {percent(share)} ({percent(low)}–{percent(high)}), "
                     f"whole profile {percent(r.share)} ({percent(r.low)}–{percent(r.high)})")
    elif r is not None:
        parts.append(f"equilibria unchanged {percent(r.share)} ({percent(r.low)}–{percent(r.high)})")
    whole = getattr(report, "verdicts", None)
    if whole is not None and whole.outcome is not None:
        low, high = whole.outcome.interval
        parts.append(f"claimed outcome {percent(whole.outcome.value)} ({percent(low)}–{percent(high)})")
    return "; ".join(parts) or "—"


def _conclusions(conclusions: Sequence[Any], document: Any = None) -> list[str]:
    """The source's overall conclusions, each checked against the games it rests on (named, like the
    claim column, after what the catalogue declares its source to be)."""
    rows = []
    for c in conclusions:
        source = ", ".join(f"`{s}`" for s in c.claim) or "—"
        share = "; ".join(c.verdict.evidence()) if c.verdict is not None else ""
        rows.append([f"`{c.id}`", c.kind, source, c.result_text(), "; ".join(t for t in (c.detail, share) if t)])
    kind = str((document or {}).get("kind") or "").strip() or "source"
    return [f"## The {kind}'s conclusions", "",
            f"Overall conclusions: {status_counts(conclusions)}. A conclusion holds at the baseline when every "
            "expectation it rests on holds in its game; its share is that of joint draws of all those games in "
            "which they all hold at once; it is robust when that share reaches its bar.", "",
            table(["Conclusion", "Statement", claim_column(document), "Result", "Detail"], rows), ""]


HEADER = ("Dilemma", "Source claim", "Baseline outcome", "Reproduces the claims", "Most fragile assumption",
          "Robustness")


def claim_column(document: Any = None) -> str:
    """The index's claim column, named after what the claim catalogue declares its source to be
    (``document: {kind: article}`` -> "The article's claim"); "Source claim" otherwise."""
    kind = str((document or {}).get("kind") or "").strip()
    return f"The {kind}'s claim" if kind else HEADER[1]


def index_row(report: Any, link: str) -> list[str]:
    """One game's row of the index (cells in ``HEADER`` order); ``link`` is its report's path."""
    return [f"[{link_text(report.title)}]({link})", _claim_text(report), _outcome(report), _reproduced(report),
            _fragile(report), _robustness(report)]


def render_index(rows: Sequence[Sequence[str]], *, command: str = "", conclusions: Sequence[Any] = (),
                 document: Any = None) -> str:
    """Markdown index from :func:`index_row` rows; ``conclusions`` (checked cross-game claims,
    ``ClaimView``) get a table of their own."""
    out = ["# Reports", "",
           "Each game models one dilemma of the source. *Reproduces the claims* counts the game's expectations "
           "by status: robust (holds at the baseline and in at least its bar's share of draws from the declared "
           "distributions, 50% unless the claim says), fragile (holds at the baseline only) or failing; claims "
           "true by construction hold all over the declared ranges and are restatements, not evidence. "
           "*Most fragile assumption* is the parameter whose baseline lies closest "
           "(as a share of its declared range) to a value where the equilibria change. *Robustness* gives the "
           "share of Monte Carlo draws in which the baseline equilibria stay the same: for a tree first the share "
           "in which the play (the path actually taken) stays the same, then the strict share in which the whole "
           "profile does, plans off the path included; a strategic form's play is its profile, so it gets one "
           "figure. Last comes the share in which the whole outcome the game's claims describe holds (95% "
           "intervals).", "",
           table([HEADER[0], claim_column(document), *HEADER[2:]], rows), ""]
    if conclusions:
        out += _conclusions(conclusions, document)
    if command:
        out += [f"Generated by `{command}`.", ""]
    return "\n".join(out)
