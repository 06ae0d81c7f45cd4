"""One self-contained HTML page per game: the data, the script and the style inline.

The page opens from disk or any static host with no network access: its script and style
are read from this package and written into the file, and the game arrives as JSON in a
``<script type="application/json">`` element (with ``<``, ``>`` and ``&`` escaped, so no label
can close the element). The script inserts every label as text. The same game gives the same
bytes.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from importlib import resources
from typing import Any

from convenience.explore.data import page_data
from convenience.game import Game

_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>{title}</title>
<style>
{style}
</style>
</head>
<body>
<header>
<h1 id="title"></h1>
<p class="note">Explorer for <code id="file"></code>: move an assumption and the equilibria, the game and the claims follow.
The page computes <span id="concept"></span> itself from the game's own expressions, in floating point, with the same
algorithms as <code>convenience solve</code>.</p>
<details><summary>About this game</summary><p id="description"></p></details>
</header>
<div class="layout">
<aside aria-labelledby="assumptions-heading">
<h2 id="assumptions-heading">Assumptions</h2>
<p><button type="button" id="reset">Reset to baseline</button> <a id="permalink" href="#">Link to this scenario</a></p>
<div id="controls"></div>
</aside>
<main>
<section aria-labelledby="eq-heading" aria-live="polite">
<h2 id="eq-heading">Equilibria at this point</h2>
<div id="equilibria"></div>
<p class="note">The same answer from the command line: <code id="command"></code></p>
</section>
<section aria-labelledby="game-heading">
<h2 id="game-heading">The game at this point</h2>
<div id="game"></div>
</section>
<section aria-labelledby="claims-heading">
<h2 id="claims-heading">Claims at this point</h2>
<div id="claims"></div>
</section>
<section aria-labelledby="thresholds-heading">
<h2 id="thresholds-heading">Nearest thresholds</h2>
<div id="thresholds"><p>Computing...</p></div>
</section>
<section id="map-section" aria-labelledby="map-heading">
<h2 id="map-heading">Regime map</h2>
<div id="map-controls"></div>
<canvas id="map" width="410" height="410" role="img" aria-label="Regime map"></canvas>
<p class="note" id="map-axes"></p>
<div id="map-exact"></div>
<ul id="map-legend"></ul>
<div id="map-key"></div>
</section>
</main>
</div>
<script type="application/json" id="game-data">{data}</script>
<script>
{solver}
{regions}
{script}
</script>
</body>
</html>
"""


def _asset(name: str) -> str:
    return resources.files("convenience.explore").joinpath("assets", name).read_text(encoding="utf-8")


def script_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` written as escapes."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_page(data: dict) -> str:
    """The HTML page for the data of :func:`~convenience.explore.data.page_data`."""
    return _TEMPLATE.format(title=html.escape(f"{data['title'] or data['source']} - convenience explorer"),
                            style=_asset("explore.css"), data=script_json(data),
                            solver=_asset("solve.js"), regions=_asset("regions.js"), script=_asset("explore.js"))


def explore_page(game: Game, source: str = "", plane: tuple[str, str] | None = None,
                 boundaries: Sequence[str] = (), names: Any = None, analysis: Any = None) -> str:
    """The explorer page of a parametric game read from ``source`` (the name the page shows);
    ``plane``: the two parameters its regime map starts with; ``boundaries``: the exact
    equations of the boundaries between regions on that plane, the others at their baselines (drawn
    only when the game's own conditions are not known); ``names``: the report's short names of
    the equilibria; ``analysis``: the game's exact conditions when already computed."""
    return render_page(page_data(game, source, plane, boundaries, names, analysis))


__all__ = ["explore_page", "render_page", "script_json"]
