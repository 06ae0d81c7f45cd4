"""Explorer pages without a browser: the data they carry, their bytes, the command and the report hook."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import pytest

from convenience.api import load
from convenience.explore import explore_page
from convenience.explore.data import compile_expression, page_data, slider_step
from convenience.explore.page import script_json
from convenience.expressions import parse_expression

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = sorted(p for p in (ROOT / "games").glob("*.yaml") if "kind: conclusions" not in p.read_text(encoding="utf-8"))
MAX_BYTES = 500_000


def _interpret(node, values):
    """The page's evaluator, written again in Python: nested lists to a number."""
    op, args = node[0], node[1:]
    if op == "n":
        return args[0]
    if op == "p":
        return values[args[0]]
    a = [_interpret(x, values) for x in args]
    table = {"+": lambda: a[0] + a[1], "-": lambda: a[0] - a[1], "*": lambda: a[0] * a[1], "/": lambda: a[0] / a[1],
             "^": lambda: a[0] ** a[1], "neg": lambda: -a[0], "min": lambda: min(a), "max": lambda: max(a),
             "abs": lambda: abs(a[0])}
    return table[op]()


@pytest.mark.parametrize("text", ["B_R - k", "p*K - (1 - p)^2", "max(a, -b, 3/4) / (k + 1)", "-a^2 + abs(b - 7)"])
def test_compiled_expressions_evaluate_like_the_parser(text):
    names = ["a", "b", "k", "p", "B_R", "K"]
    expr = parse_expression(text, names)
    values = {"a": Fraction(3, 2), "b": Fraction(-2), "k": Fraction(5), "p": Fraction(1, 3), "B_R": Fraction(7),
              "K": Fraction(11, 4)}
    code = compile_expression(expr, {n: i for i, n in enumerate(names)})
    assert _interpret(code, [float(values[n]) for n in names]) == pytest.approx(float(expr.evaluate(values)))

    def operations(node):
        yield node[0]
        for arg in node[1:]:
            if isinstance(arg, list):
                yield from operations(arg)

    assert set(operations(code)) <= {"n", "p", "+", "-", "*", "/", "^", "neg", "min", "max", "abs"}


def test_data_carries_no_expression_text():
    game = load(ROOT / "games" / "intervention.yaml")
    data = page_data(game, "games/intervention.yaml")
    text = json.dumps(data["normal"]["payoffs"])
    assert "V" in game.parameters and "c" in game.parameters
    assert '"V"' not in text and '"c"' not in text  # parameters travel as indices
    assert [p["name"] for p in data["parameters"]] == list(game.parameters)


@pytest.mark.parametrize("low, high, step", [(0, 10, 0.1), (0, 1, 0.01), (-4, 4, 0.1), (0, 0.95, 0.01), (3, 10, 0.1)])
def test_slider_steps_are_round(low, high, step):
    assert slider_step(low, high) == step


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
def test_every_library_page_is_self_contained_small_and_deterministic(path):
    game = load(path)
    page = explore_page(game, f"games/{path.name}")
    assert page == explore_page(load(path), f"games/{path.name}")
    assert len(page.encode("utf-8")) <= MAX_BYTES
    assert not re.search(r"(?i)\b(src|href)\s*=\s*[\"']?(https?:)?//", page)
    assert "http://" not in page and "https://" not in page
    assert "default-src 'none'" in page
    assert page.count("</script>") == 2  # the data element and the script: no label closes either


def test_hostile_labels_cannot_close_the_data_element():
    game = load(ROOT / "tests" / "data" / "explore_hostile.yaml")
    page = explore_page(game, "hostile.yaml")
    data = page.split('<script type="application/json" id="game-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and ">" not in data and "&" not in data
    assert json.loads(data)["players"][0] == "<script>window.pwned = 2</script>"
    assert "<title>&lt;script&gt;" in page
    assert script_json({"a": "</script>\u2028"}) == '{"a":"\\u003c/script\\u003e\\u2028"}'


def test_explore_command_writes_the_page(run_cli, tmp_path):
    out = tmp_path / "page.html"
    result = run_cli("explore", ROOT / "games" / "assad.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == explore_page(load(ROOT / "games" / "assad.yaml"), "assad.yaml")


def test_explore_command_refuses_its_input_and_bad_files(run_cli, write_game, tmp_path):
    game = write_game("""
        title: t
        players: {A: [x, y], B: [x, y]}
        payoffs: {x: {x: [1, 1], y: [0, 0]}, y: {x: [0, 0], y: [1, q]}}
    """)
    result = run_cli("explore", game, "-o", game)
    assert result.exit_code == 2 and "refusing" in result.output
    result = run_cli("explore", game)
    assert result.exit_code == 2 and "unknown parameter 'q'" in result.output
    assert not game.with_suffix(".html").exists()


def _exact_boundaries(report: str) -> list[str]:
    """The equations a report lists under "Boundaries between regions (exact)", each once."""
    if "Boundaries between regions (exact):" not in report:
        return []
    block = report.split("Boundaries between regions (exact):", 1)[1].strip().split("\n\n", 1)[0]
    equations = [e for line in block.splitlines() for e in line.rsplit(": ", 1)[1].split("; ")]
    return list(dict.fromkeys(equations))


def test_boundary_equations_compile_to_their_difference_and_odd_ones_are_left_out():
    from convenience.explore.data import boundary_curves

    baseline = {"C": Fraction(3), "P": Fraction(1), "k": Fraction(2)}
    equations = ["5*P + 9 = 5*C", "C**2 = 2", "5*P + 9 = 5*C", "10*C = 10*P + 18", "P = k", "k = 3", "C = P = 1",
                 "C = open(P)", "C + 1"]
    curves = boundary_curves(equations, ("C", "P"), baseline)
    # the same line written twice or scaled is kept once; "k = 3" does not meet the plane
    assert [c["equation"] for c in curves] == ["5*P + 9 = 5*C", "C**2 = 2", "P = k"]
    line, parabola, level = (c["code"] for c in curves)
    assert _interpret(line, [3.0, 1.2, 0.0]) == pytest.approx(0.0)  # 5 * 1.2 + 9 = 15 = 5 * 3
    assert _interpret(line, [3.0, 1.0, 0.0]) == pytest.approx(-1.0)
    assert _interpret(parabola, [2 ** 0.5, 0.0, 0.0]) == pytest.approx(0.0)
    assert _interpret(level, [0.0, 2.0, 2.0]) == 0.0  # P = k, with k at the value the page sets


def test_report_writes_and_links_the_pages(run_cli, tmp_path):
    games = tmp_path / "games"
    games.mkdir()
    for name in ("post-war.yaml", "s300.yaml"):
        (games / name).write_bytes((ROOT / "games" / name).read_bytes())
    out = tmp_path / "reports"
    result = run_cli("report", games, "-o", out, "--samples", "0")
    assert result.exit_code == 0, result.output
    for name in ("post-war", "s300"):
        game = load(games / f"{name}.yaml")
        page = (out / f"{name}.html").read_text(encoding="utf-8")
        data = json.loads(page.split('id="game-data">', 1)[1].split("</script>", 1)[0])
        plane = tuple(game.parameters)[data["plane"][0]], tuple(game.parameters)[data["plane"][1]]
        assert len(data.pop("plane")) == 2  # the regime map starts on the report's two most fragile parameters
        report = (out / f"{name}.md").read_text(encoding="utf-8")
        conditions = data.pop("conditions")  # the game's own conditions, so no report equations travel
        assert "boundaries" not in data
        # every exact boundary the report lists is the zero set of one of the page's conditions (at the baseline)
        baseline = {n: p.value for n, p in game.parameters.items()}
        keys = {_key(c["equation"], plane, baseline) for c in conditions["curves"]}
        assert {_key(e, plane, baseline) for e in _exact_boundaries(report)} <= keys
        # the candidates carry the report's short names
        mine = page_data(game, f"{name}.yaml")
        assert {k: v for k, v in conditions.items() if k != "candidates"} == \
            {k: v for k, v in mine.pop("conditions").items() if k != "candidates"}
        assert data == mine
        from convenience.explore.conditions import symbolic_analysis

        holding = symbolic_analysis(game)[0].equilibrium_set(baseline)
        named = sorted(c["name"] for c in conditions["candidates"] if c["label"] in holding)
        listed = re.search(r"Baseline equilibrium set: (.*)\.", report).group(1).split(" + ")
        assert named == sorted(listed)
        assert f"]({name}.html)" in (out / f"{name}.md").read_text(encoding="utf-8")
        assert f"[explore]({name}.html)" in (out / "index.md").read_text(encoding="utf-8")
    assert "2 explorer pages" in result.output
    assert _exact_boundaries((out / "post-war.md").read_text(encoding="utf-8"))


def _key(equation: str, plane: tuple[str, str], baseline: dict) -> str | None:
    """The zero set of ``left - right`` on the plane, the others at the baseline, as a canonical text."""
    from convenience.explore.data import curve_key

    left, _, right = equation.partition(" = ")
    return curve_key(parse_expression(f"({left}) - ({right})", list(baseline)), plane, baseline)

def test_a_finitely_repeated_game_carries_answers_on_a_grid():
    from convenience.equilibria import solve_game
    from convenience.explore.data import GRID_BUDGET, canonical_repeated, grid_axes

    game = load(ROOT / "tests" / "data" / "explore_finite.yaml")
    axes = grid_axes(game.parameters)
    assert [len(values) for _, values in axes] == [4, 4, 4, 4]  # 5^4 would exceed the budget
    assert 4 ** 4 <= GRID_BUDGET < 5 ** 4
    grid = page_data(game, "finite.yaml")["repeated"]["grid"]
    assert len(grid["results"]) == 4 ** 4 and "repeated 3 times" in grid["why"]
    last = {name: values[-1] for name, (_, values) in zip(game.parameters, axes)}  # the last point of the grid
    expected = canonical_repeated(solve_game(game.at(last)))
    got = grid["results"][-1]
    assert got["sustained"] == expected["sustained"]
    assert sorted([[round(x, 6) for x in p] for p in eq] for eq in got["stage"]) == sorted(expected["stage"])


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600)])
def test_explore_command_honours_the_umask_and_leaves_no_temporary_file(run_cli, tmp_path, umask, mode):
    import os

    old = os.umask(umask)
    try:
        assert run_cli("explore", ROOT / "games" / "intervention.yaml", "-o", tmp_path / "page.html").exit_code == 0
    finally:
        os.umask(old)
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]
    assert (tmp_path / "page.html").stat().st_mode & 0o777 == mode


def test_explore_command_checks_its_output_before_any_work(run_cli, tmp_path, monkeypatch):
    import convenience.explore as explore

    def refuse(*args, **kwargs):
        raise AssertionError("the page was built before the output path was checked")

    monkeypatch.setattr(explore, "explore_page", refuse)
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    for out in (tmp_path, a_file / "page.html", "/proc/convenience.html"):
        result = run_cli("explore", ROOT / "games" / "intervention.yaml", "-o", out)
        assert result.exit_code == 2 and "--output" in result.stderr and "Traceback" not in result.output, out
    assert a_file.read_text() == "mine"


def _holding(conditions: dict, values: list[float]) -> set[str]:
    """The page's reading of its conditions, written again in Python: the labels of the candidates
    whose every condition holds at ``values``."""
    holds = _condition_values(conditions, values)
    return {c["label"] for c in conditions["candidates"] if all(holds[j] for j in c["conditions"])}


def _condition_values(conditions: dict, values: list[float]) -> list[bool]:
    """Whether each of the page's conditions holds at ``values``."""
    def poly(terms):
        total = 0.0
        for term in terms:
            x = term[0]
            for k, e in zip(term[1::2], term[2::2]):
                x *= values[k] ** e
            total += x
        return total

    vals = [poly(t) for t in conditions["polynomials"]]
    holds = []
    for n, d, strict, nonzero in conditions["conditions"]:
        if nonzero:
            holds.append(vals[n] != 0)
        else:
            holds.append(vals[d] != 0 and (vals[n] * vals[d] > 0 if strict else vals[n] * vals[d] >= 0))
    return holds


@pytest.mark.parametrize("path", ["games/post-war.yaml", "games/alliance.yaml", "games/assad.yaml",
                                  "games/patrons.yaml", "tests/data/explore_curved.yaml"])
def test_conditions_travel_as_numbers_and_hold_where_the_exact_ones_hold(path):
    import random

    from convenience.explore.conditions import symbolic_analysis

    game = load(ROOT / path)
    conditions = page_data(game, path)["conditions"]
    for part in ("polynomials", "conditions"):  # numbers and positions only: no text from the game file
        assert not re.search(r"[A-Za-z]", json.dumps(conditions[part]).replace("true", "").replace("false", ""))
    analysis = symbolic_analysis(game)[0]
    rng = random.Random(path)
    for _ in range(40):
        point = {n: Fraction(rng.randint(0, 64), 16) * (p.high - p.low) / 4 + p.low
                 for n, p in game.parameters.items()}
        exact = analysis.equilibrium_set(point)
        assert _holding(conditions, [float(v) for v in point.values()]) == set(exact), point
    assert {c["equation"] for c in conditions["curves"]}  # one curve per irreducible factor, written as an equation
    assert all(" = " in c["equation"] for c in conditions["curves"])


@pytest.mark.parametrize("path, why", [
    ("games/intervention.yaml", "not rational functions of the parameters"),
    ("games/iran-domestic.yaml", "imperfect information"),
    ("games/mistrust.yaml", "imperfect information"),
    ("games/federation.yaml", "three players mixing"),
    ("tests/data/explore_finite.yaml", "repeated 3 times is solved by convenience on a grid"),
])
def test_a_game_without_symbolic_conditions_says_why(path, why):
    data = page_data(load(ROOT / path), path)
    assert "conditions" not in data and why in data["no_conditions"]


def test_a_repeated_game_carries_when_grim_trigger_sustains_its_target():
    """The page's reading of the grim-trigger conditions (for every player, some stage
    equilibrium whose conditions hold and against which deviating does not pay) says
    "sustained" exactly where ``convenience solve`` does."""
    import random

    from convenience.equilibria import solve_game
    from convenience.explore.data import canonical_repeated

    game = load(ROOT / "tests" / "data" / "explore_repeated.yaml")
    conditions = page_data(game, "repeated.yaml")["conditions"]
    rng = random.Random(7)
    seen = set()
    for _ in range(60):
        point = {n: Fraction(rng.randint(0, 40), 40) * (p.high - p.low) + p.low for n, p in game.parameters.items()}
        values = [float(v) for v in point.values()]
        holding = _holding(conditions, values)
        on = [c["label"] in holding for c in conditions["candidates"]]
        holds = _condition_values(conditions, values)
        sustained = all(any((o[0] is None or on[o[0]]) and all(holds[j] for j in o[1]) for o in options)
                        for options in conditions["sustained"])
        assert sustained == canonical_repeated(solve_game(game.at(point)))["sustained"], point
        seen.add(sustained)
    assert seen == {True, False}
