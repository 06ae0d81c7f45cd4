"""Interactive explorer pages: one self-contained HTML file per game.

A page carries the game's parameters as sliders and its payoffs as compiled expression trees;
its script solves the game at the slider values (the algorithms of ``convenience solve``) and
redraws the equilibria, the game, the claims, the nearest thresholds and a regime map.
:func:`explore_page` builds the page; :mod:`.data` holds what the page knows about the game.
"""

from convenience.explore.page import explore_page

__all__ = ["explore_page"]
