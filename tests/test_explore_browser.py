"""The explorer pages in a real browser (headless Chromium driven by Playwright).

For one game of each kind the page is moved to seeded random points and what it shows is
compared with the Python solver at the same point; the sliders work from the keyboard; the
permalink round-trips; a hostile label renders as text. Render and update times are measured
and reported (``record_property``), never asserted.

Chromium comes from the system packages (``/usr/bin/chromium``; ``.ci/run`` installs it). Where
it or Playwright is missing these tests are skipped, except under CI, where they fail.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import time
from fractions import Fraction
from pathlib import Path

import pytest

from convenience.api import load
from convenience.equilibria import solve_game
from convenience.explore import explore_page
from convenience.explore.data import canonical_equilibria, canonical_repeated

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CONVENIENCE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
#: One game of each kind, and the number of random points each is moved to.
GAMES = {"2x2": "games/intervention.yaml", "2x2x2": "games/patrons.yaml", "2x3x2": "games/federation.yaml",
         "3x3": "games/alliance.yaml", "tree": "games/israel-restraint.yaml", "chance": "games/s300.yaml",
         "imperfect": "games/iran-domestic.yaml", "bayesian": "games/mistrust.yaml",
         "beer-quiche": "tests/data/tree_beer_quiche.yaml", "bayesian-entry": "tests/data/tree_bayesian_entry.yaml",
         "repeated": "tests/data/explore_repeated.yaml"}
POINTS = 24
#: The quick form of the comparison (the default test run): a few points of every game.
QUICK_POINTS = 3
SEED = 20260
#: Generous waits: the machine may be busy; a page that settles never waits this long.
TIMEOUT_MS = 120_000


def _unavailable() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM}"
    return None


def _require_browser() -> None:
    why = _unavailable()
    if why is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run under CI: {why}")
    pytest.skip(why)


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Each test game's page written to a temporary directory: kind -> file URL."""
    out = tmp_path_factory.mktemp("explore")
    urls = {}
    extra = {"hostile": "tests/data/explore_hostile.yaml", "finite": "tests/data/explore_finite.yaml"}
    for kind, path in {**GAMES, **extra}.items():
        page = out / f"{Path(path).stem}.html"
        page.write_text(explore_page(load(ROOT / path), path), encoding="utf-8")
        urls[kind] = page.as_uri()
    return urls


class Page:
    """One open explorer page, with the errors its script raised."""

    def __init__(self, browser, url: str) -> None:
        self.page = browser.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.goto(url)
        self.idle()

    def idle(self) -> None:
        """Wait until the deferred parts (thresholds, regime map) are drawn."""
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while time.monotonic() < deadline:
            if self.page.evaluate("window.explore !== undefined && window.explore.idle()"):
                return
            time.sleep(0.01)
        raise AssertionError(f"the page never settled; script errors: {self.errors}")

    def state(self) -> dict:
        return self.page.evaluate("window.explore.state()")

    def set(self, index: int, text: str) -> None:
        """Type a value into a parameter's number box and commit it, as a reader does."""
        box = f"#num-{index}"
        self.page.fill(box, text)
        self.page.press(box, "Enter")
        self.page.dispatch_event(box, "change")

    def close(self) -> None:
        self.page.close()


def _random_point(game, rng: random.Random) -> dict[str, str]:
    out = {}
    for name, p in game.parameters.items():
        if p.low is None or p.high is None:
            continue
        out[name] = f"{rng.uniform(float(p.low), float(p.high)):.3f}"
    return out


def _python_answer(game, values: dict[str, str]) -> object:
    point = {name: Fraction(text) for name, text in values.items()}
    result = solve_game(game.at(point))
    if game.kind == "repeated":
        return canonical_repeated(result)
    return canonical_equilibria(result)


def _page_answer(state: dict, kind: str) -> object:
    if kind == "repeated":
        return {"stage": state["canonical"], "critical": state["repeated"]["critical"],
                "sustained": state["repeated"]["sustained"]}
    return state["canonical"]


def _same(a, b, tol: float = 1e-6) -> bool:
    """Equal structure, numbers within ``tol``; equilibria in the same order (so E1, E2, ... name
    the same equilibria in the page and in the reports)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k], tol) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y, tol) for x, y in zip(a, b))
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
        return a == b
    return abs(float(a) - float(b)) <= tol


def _rounded(data):
    return json.loads(json.dumps(data), parse_float=lambda s: round(float(s), 4))


@pytest.mark.parametrize("kind, points", [(kind, QUICK_POINTS) for kind in GAMES]
                         + [pytest.param(kind, POINTS, marks=pytest.mark.slow) for kind in GAMES])
def test_page_equals_solver_at_random_points(browser, pages, kind, points, record_property):
    game = load(ROOT / GAMES[kind])
    names = list(game.parameters)
    rng = random.Random(f"{SEED}-{kind}")
    page = Page(browser, pages[kind])
    try:
        baseline = page.state()
        assert _same(_page_answer(baseline, game.kind), _python_answer(game, {}))
        mismatches = []
        for _ in range(points):
            point = _random_point(game, rng)
            for name, text in point.items():
                page.set(names.index(name), text)
            state = page.state()
            assert state["values"] == [float(point.get(n, game.parameters[n].value)) for n in names]
            mine, theirs = _page_answer(state, game.kind), _python_answer(game, point)
            if not _same(mine, theirs):
                mismatches.append((point, _rounded(mine), _rounded(theirs)))
            assert len(state["names"]) == len(state["canonical"])
            shown = page.page.locator("#equilibria ol.eqs > li").count()
            assert shown == len(state["canonical"])
        assert not mismatches, f"{len(mismatches)} of {points} points differ, first: {mismatches[0]}"
        assert not page.errors
        timings = page.page.evaluate("window.explore.timings")
        updates = sorted(timings["updates"])
        record_property("render_ms", round(timings["render"], 1))
        record_property("update_ms_median", round(updates[len(updates) // 2], 1))
        record_property("update_ms_max", round(updates[-1], 1))
    finally:
        page.close()


def test_sliders_work_from_the_keyboard(browser, pages):
    game = load(ROOT / GAMES["2x2"])
    first = next(iter(game.parameters.values()))
    page = Page(browser, pages["2x2"])
    try:
        step = float(page.page.get_attribute("#range-0", "step"))
        page.page.focus("#range-0")
        for _ in range(3):
            page.page.keyboard.press("ArrowRight")
        assert page.state()["values"][0] == pytest.approx(float(first.value) + 3 * step)
        page.page.keyboard.press("End")
        assert page.state()["values"][0] == float(first.high)
        page.page.keyboard.press("Home")
        assert page.state()["values"][0] == float(first.low)
        # the number box is next in the tab order... of the next parameter's label; the reset button resets
        page.page.focus("#reset")
        page.page.keyboard.press("Enter")
        assert page.state()["values"][0] == float(first.value)
        # every control has an accessible name
        for selector in ("input", "select", "button"):
            for handle in page.page.query_selector_all(selector):
                named = handle.evaluate("e => !!(e.labels && e.labels.length) || e.hasAttribute('aria-labelledby') "
                                        "|| e.hasAttribute('aria-label') || e.textContent.trim().length > 0")
                assert named, handle.evaluate("e => e.outerHTML")
        assert not page.errors
    finally:
        page.close()


def test_permalink_round_trips(browser, pages):
    page = Page(browser, pages["chance"])
    try:
        page.set(0, "0.25")
        page.set(2, "5.5")
        state = page.state()
        link = page.page.url
        assert "#" in link and "d=0.25" in link
        href = page.page.get_attribute("#permalink", "href")
        assert link.endswith(href)
    finally:
        page.close()
    again = Page(browser, link)
    try:
        restored = again.state()
        assert restored["values"] == state["values"]
        assert restored["canonical"] == state["canonical"]
        assert again.page.input_value("#num-0") == "0.25"
    finally:
        again.close()


def test_hostile_labels_render_as_text(browser, pages):
    page = Page(browser, pages["hostile"])
    try:
        assert page.page.evaluate("window.pwned === undefined")
        assert not page.dialogs and not page.errors
        assert page.page.text_content("#title") == "<script>alert('title')</script> & </script><b>bold</b>"
        assert page.page.locator("img").count() == 0
        assert page.page.locator("#game b, #game i, #title b").count() == 0
        matrix = page.page.text_content("#game")
        assert "<img src=x onerror=window.pwned=3>" in matrix and "</script>" in matrix
        assert "<b>not bold</b> & </script>" in page.page.text_content("#desc-0")
        key = page.page.text_content("#map-key")  # the map names the equilibria by their labels, as text
        assert "<img src=x onerror=window.pwned=3>/</script>" in key
        assert page.page.locator("#map-key *:not(p):not(ul):not(li)").count() == 0
    finally:
        page.close()


def test_a_game_the_page_cannot_solve_shows_the_nearest_grid_point(browser, pages):
    """A finitely repeated game: the answers come from a grid computed by convenience, and the page says so."""
    game = load(ROOT / "tests" / "data" / "explore_finite.yaml")
    names = list(game.parameters)
    rng = random.Random(f"{SEED}-finite")
    page = Page(browser, pages["finite"])
    try:
        for _ in range(8):
            point = _random_point(game, rng)
            for name, text in point.items():
                page.set(names.index(name), text)
            state = page.state()
            grid = {name: Fraction(value).limit_denominator(1000) for name, value in zip(names, state["gridPoint"])}
            for name, value in zip(names, state["gridPoint"]):  # the nearest grid value on every axis
                low, high = float(game.parameters[name].low), float(game.parameters[name].high)
                assert abs(value - float(point[name])) <= (high - low) / 6 + 1e-9
            theirs = _python_answer(game, {n: str(v) for n, v in grid.items()})
            mine = _page_answer(state, "repeated")
            mine["stage"], theirs["stage"] = sorted(mine["stage"], key=json.dumps), sorted(theirs["stage"], key=json.dumps)
            assert _same(mine, theirs), (point, state, theirs)
            assert "nearest grid point" in page.page.text_content("#approx")
        assert not page.errors
    finally:
        page.close()


@pytest.fixture(scope="module")
def report_pages(tmp_path_factory):
    """Explorer pages written by ``convenience report``, with the report's names and plane."""
    from contextlib import chdir

    from convenience.commands.report import build_outputs

    out = tmp_path_factory.mktemp("reports")
    with chdir(ROOT):
        outputs = build_outputs([Path("games/federation.yaml"), Path("games/alliance.yaml"), Path("games/uncoordinated-moves.yaml")],
                                out, samples=0, seed=0)
    for path, data in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return out


@pytest.mark.parametrize("name", ["federation"])
def test_exact_boundaries_separate_what_the_solver_separates(browser, report_pages, name):
    """A game whose conditions the page does not carry (three players mix, with algebraic
    probabilities): its map is sampled and says so; the report's exact equations are drawn on the
    report's plane where they separate what the Python solver separates; hidden (and the page
    says why) once another parameter moves."""
    game = load(ROOT / "games" / f"{name}.yaml")
    page = Page(browser, (report_pages / f"{name}.html").as_uri())
    try:
        assert "not known symbolically" in page.page.text_content("#map-axes")
        exact = page.page.evaluate("window.explore.exact()")
        assert exact["status"] == "shown" and exact["curves"]
        assert sum(c["drawn"] for c in exact["curves"]) > 0
        x, y = exact["axes"]
        for curve in exact["curves"]:
            sides = curve["sides"]
            for pair in sides[:: max(1, len(sides) // 4)]:
                answers = [_python_answer(game, {x: repr(a), y: repr(b)}) for a, b in pair]
                assert not _same(*answers), (curve["equation"], pair, answers)
        listed = page.page.text_content("#map-exact")
        assert all(c["equation"] in listed for c in exact["curves"])
        other = next(k for k, n in enumerate(game.parameters) if n not in (x, y) and game.parameters[n].high is not None)
        moved = game.parameters[list(game.parameters)[other]]
        page.set(other, str(float(moved.high if moved.high != moved.value else moved.low)))
        page.idle()
        assert page.page.evaluate("window.explore.exact()")["status"] == "others"
        assert "not drawn while another parameter differs" in page.page.text_content("#map-exact")
        page.page.click("#reset")
        page.idle()
        assert page.page.evaluate("window.explore.exact()")["status"] == "shown"
        assert not page.errors
    finally:
        page.close()


@pytest.mark.parametrize("name", ["alliance", "uncoordinated-moves"])
def test_report_pages_name_the_regions_as_the_report_does(browser, report_pages, name):
    """A report's page starts its map on the report's plane, from the game's exact conditions,
    and names every equilibrium on it by the report's short name."""
    from convenience.pipeline import AnalysisOptions, analyse_file
    from convenience.report.build import report_names

    analysis = analyse_file(ROOT / "games" / f"{name}.yaml", AnalysisOptions(samples=0, seed=0))
    from convenience.explore.report import report_plane

    names = report_names(analysis)
    plane = report_plane(analysis)
    page = Page(browser, (report_pages / f"{name}.html").as_uri())
    try:
        exact = page.page.evaluate("window.explore.exact()")
        assert exact["status"] == "conditions" and exact["axes"] == list(plane)
        key = page.page.locator("#map-key li").all_text_contents()
        assert key
        fresh = " (met only on this map: the report does not name it)"
        for line in key:
            short, _, label = line.partition(": ")
            if label.endswith(fresh):  # a name the report never gives: not one of its names
                assert names.name(label[: -len(fresh)]) is None and not names.label_of(short), line
            else:
                assert names.name(label) == short, line
        report = (report_pages / f"{name}.md").read_text(encoding="utf-8")
        baseline = re.search(r"Baseline equilibrium set: (.*)\.", report).group(1)  # the region of the current point
        assert sorted(exact["current"].split(" + ")) == sorted(re.split(r", | and | \+ ", baseline))
        assert not page.errors
    finally:
        page.close()


#: Regime maps from the exact conditions: (game, horizontal axis, vertical axis, a third
#: parameter moved, its new value); the axes differ from the plane the page starts with.
CONDITION_MAPS = {"2x2": ("games/post-war.yaml", "H", "beta", "F", "2.5"),
                  "3x3": ("games/alliance.yaml", "B_R", "G", "k", "2"),
                  "2x2x2": ("games/patrons.yaml", "w", "x", "p", "4"),
                  "tree": ("games/assad.yaml", "T", "p", "F_R", "4.5"),
                  "chance": ("games/s300.yaml", "g", "p_C", "f", "0.6"),
                  "curved": ("tests/data/explore_curved.yaml", "b", "a", "r", "2"),
                  "repeated": ("tests/data/explore_repeated.yaml", "T", "delta", "R", "4")}


def _exact_point(game, values: list[float]) -> dict[str, Fraction]:
    """A point of the page as exact numbers: every float read as the rational it is."""
    return {name: Fraction(v) for name, v in zip(game.parameters, values)}


def _condition_value(equation: str, game, point: dict[str, Fraction]) -> Fraction:
    from convenience.expressions import parse_expression

    left, _, right = equation.partition(" = ")
    return parse_expression(f"({left}) - ({right})", list(game.parameters)).evaluate(point)


@pytest.mark.parametrize("case", list(CONDITION_MAPS))
def test_regime_map_boundaries_are_where_the_equilibria_change(browser, tmp_path, case):
    """On a plane the reader picks, with a third parameter moved: every drawn boundary has, just
    either side of it, different equilibria for the Python solver (exact arithmetic) and the
    page's answer equals the solver's there; exact lines pass through the zero of their
    condition; the map follows the third slider."""
    from convenience.explore.conditions import symbolic_analysis

    path, x, y, moved, value = CONDITION_MAPS[case]
    game = load(ROOT / path)
    analysis, why = symbolic_analysis(game)
    assert analysis is not None, why
    names = list(game.parameters)
    page_file = tmp_path / "page.html"
    page_file.write_text(explore_page(game, path), encoding="utf-8")
    page = Page(browser, page_file.as_uri())
    try:
        assert [names[k] for k in page.page.evaluate("JSON.parse(document.getElementById('game-data').textContent).plane || [0, 1]")] != [x, y]
        page.page.select_option("#map-x", str(names.index(x)))
        page.page.select_option("#map-y", str(names.index(y)))
        page.idle()
        before = page.page.evaluate("window.explore.exact()")
        page.set(names.index(moved), value)
        page.idle()
        exact = page.page.evaluate("window.explore.exact()")
        assert exact["status"] == "conditions" and exact["axes"] == [x, y]
        drawn = [c for c in exact["curves"] if c["drawn"]]
        assert drawn
        assert [c["runs"] for c in before["curves"]] != [c["runs"] for c in exact["curves"]]  # it follows the slider
        values = page.state()["values"]
        assert values[names.index(moved)] == float(value)
        for curve in drawn:
            for run in curve["runs"][:: max(1, len(curve["runs"]) // 3)]:
                sides = []
                for sx, sy in run["sides"]:
                    v = list(values)
                    v[names.index(x)], v[names.index(y)] = sx, sy
                    point = _exact_point(game, v)
                    mine = page.page.evaluate("v => window.explore.answerAt(v)", v)
                    result = solve_game(game.at(point))
                    theirs = canonical_equilibria(result)
                    assert _same(mine["canonical"], theirs), (curve["equation"], point, mine, theirs)
                    assert sorted(mine["holding"]) == sorted(analysis.equilibrium_set(point)), (curve["equation"], point)
                    if game.kind == "repeated":  # the target sustained: by the conditions, the page's solver, Python's
                        sustained = canonical_repeated(result)["sustained"]
                        assert mine["sustained"] == mine["solverSustained"] == sustained, (curve["equation"], point)
                        theirs = [theirs, sustained]
                    sides.append((theirs, _condition_value(curve["equation"], game, point)))
                assert not _same(sides[0][0], sides[1][0]), (curve["equation"], run)
                assert (sides[0][1] > 0) != (sides[1][1] > 0)  # the sides lie either side of the curve
                if curve["how"] != "traced":  # a closed form: its points are on the curve
                    scale = max(abs(sides[0][1]), abs(sides[1][1]))
                    for at in run["at"]:
                        v = list(values)
                        v[names.index(x)], v[names.index(y)] = at
                        assert abs(_condition_value(curve["equation"], game, _exact_point(game, v))) <= scale * 1e-3
        shown = page.page.text_content("#map-exact")
        hows = {c["how"] for c in drawn}
        assert ("Solid black lines, exact: solved in closed form" in shown) == bool(hows & {"line", "curve"})
        assert ("traced from the exact condition" in shown) == ("traced" in hows)
        assert all(c["equation"] in shown for c in drawn)
        legend = page.page.text_content("#map-legend")
        assert all(r["text"] in legend for r in exact["regions"]) and "(the current point)" in legend
        assert not page.errors
        assert [url.split("#")[0] for url in page.requests] == [page_file.as_uri()]  # nothing but the page itself
    finally:
        page.close()
