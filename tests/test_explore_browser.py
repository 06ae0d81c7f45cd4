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
    """Explorer pages written by ``convenience report`` (their maps carry the report's exact boundaries)."""
    from contextlib import chdir

    from convenience.commands.report import build_outputs

    out = tmp_path_factory.mktemp("reports")
    with chdir(ROOT):
        outputs = build_outputs([Path("games/post-war.yaml"), Path("games/alliance.yaml"), Path("games/assad.yaml")],
                                out, samples=0, seed=0)
    for path, data in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return out


@pytest.mark.parametrize("name", ["post-war", "alliance", "assad"])
def test_exact_boundaries_separate_what_the_solver_separates(browser, report_pages, name):
    """Each drawn piece of an exact boundary has different equilibria on its two sides, for the
    Python solver too; the lines are hidden (and the page says why) once another parameter moves."""
    game = load(ROOT / "games" / f"{name}.yaml")
    page = Page(browser, (report_pages / f"{name}.html").as_uri())
    try:
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
