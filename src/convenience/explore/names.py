"""Plain words for the page: how a player's action reads in a path.

One function, :func:`action_phrase`, gives the words the reports use (``Russia restrains``);
the page joins them into paths as the equilibria change. The report's own vocabulary is used
when it is available, so a page and its report say the same thing.
"""

from __future__ import annotations


def action_phrase(player: str, action: str, proper: tuple[str, ...] = ()) -> str:
    """``Russia restrains`` (the report's wording when available), else ``Russia: Restrain``;
    words in ``proper`` (the players' names) keep their capital."""
    try:
        from convenience.report.names import action_phrase as report_phrase
    except ImportError:
        return f"{player}: {action}"
    return report_phrase(player, action, proper)
