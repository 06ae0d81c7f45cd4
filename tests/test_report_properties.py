"""Property: any small parametric 2x2 game gives a well-formed report, identical on a rerun."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from report_structure import report_problems

coefficients = st.integers(min_value=-3, max_value=3)


def _game_yaml(a: list[int], b: list[int], names: tuple[str, str]) -> str:
    cells = [f"[{a[k]} + {b[k]}*t, {a[3 - k]} - t]" for k in range(4)]
    return (f"title: Random game {names[0]} versus {names[1]}\n"
            "players:\n"
            f"  {names[0]}: [Up, Down]\n"
            f"  {names[1]}: [Left, Right]\n"
            "parameters:\n"
            "  t: {value: 1, range: [0, 2], description: a shift of the payoffs}\n"
            "payoffs:\n"
            f"  Up: {{Left: {cells[0]}, Right: {cells[1]}}}\n"
            f"  Down: {{Left: {cells[2]}, Right: {cells[3]}}}\n")


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=st.lists(coefficients, min_size=4, max_size=4), b=st.lists(coefficients, min_size=4, max_size=4),
       names=st.sampled_from([("Row", "Column"), ("Blue", "Red")]))
@example(a=[0, 0, 1, 0], b=[0, 0, -1, 0], names=("Row", "Column"))  # the baseline lies on a threshold
def test_random_games_give_well_formed_identical_reports(tmp_path: Path, a, b, names):
    from convenience.commands.report import build_outputs

    games = tmp_path / "games"
    games.mkdir(exist_ok=True)
    (games / "random.yaml").write_text(_game_yaml(a, b, names), encoding="utf-8")
    out = tmp_path / "out"
    first = build_outputs([games], out, samples=100, seed=3)
    second = build_outputs([games], out, samples=100, seed=3)
    assert first == second
    for path, data in first.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for path in first:
        if path.suffix == ".md":
            assert report_problems(path) == [], path.name
    text = (out / "random.md").read_text(encoding="utf-8")
    assert "## Verdict" in text and "## Provenance and reproducibility" in text
