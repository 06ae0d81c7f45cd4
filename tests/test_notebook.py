"""The notebook in docs/ runs from top to bottom, and games and results display themselves in
Jupyter (HTML and Markdown) and turn into pandas DataFrames."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from convenience.api import check_paths, claims_frame, load, loads, solve_game
from convenience.normal_form import NormalFormGame

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "docs" / "notebook.ipynb"


def test_the_docs_notebook_runs_top_to_bottom():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "docs")}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("<table" in h and "Coordinate" in h for h in html)  # the game and the frames show as tables


@pytest.mark.parametrize("name", ["alliance.yaml", "turkey.yaml", "mistrust.yaml"])
def test_every_kind_of_game_displays_itself(name):
    game = load(ROOT / "games" / name)
    markdown, html = game._repr_markdown_(), game._repr_html_()
    assert game.title in markdown
    assert html.startswith("<p>")
    if game.kind == "tree":
        tree = game.at()
        assert f"{tree.n_nodes:,} nodes" in markdown
        # the outline names every action at the root and shows one payoff line per leaf
        assert all(f"- {a} " in markdown for a in tree.actions_at(0))
        assert markdown.count("payoffs: ") == len(tree.terminals)
        assert "<ul>" in html
    else:
        assert "<table>" in html and all(s in markdown for s in game.strategies[0])
    result = solve_game(game)
    assert result._repr_html_().startswith("<h") and "<table>" in result._repr_html_()


def test_labels_are_text_in_html_never_markup():
    game = loads("""
title: <script>alert(1)</script>
players: {A: ["<b>x</b>", y], B: [x, y]}
payoffs:
  "<b>x</b>": {x: [1, 1], y: [0, 0]}
  y: {x: [0, 0], y: [1, 1]}
""")
    for html in (game._repr_html_(), solve_game(game)._repr_html_()):
        assert "<script" not in html and "<b>" not in html
    tree = loads("""
kind: tree
title: hostile
players: ["<script>P</script>", B]
tree:
  player: "<script>P</script>"
  actions:
    "<b>go</b>": {payoffs: {"<script>P</script>": 1, B: 0}}
    stay:
      player: B
      actions:
        "<i>x</i>": {payoffs: {"<script>P</script>": 0, B: 1}}
        y: {payoffs: {"<script>P</script>": 2, B: 0}}
""")
    html = tree._repr_html_()
    assert "<script" not in html and "<b>" not in html and "<i>" not in html and "&lt;b&gt;go" in html


def test_from_arrays_names_players_and_strategies_readably():
    game = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert game.players == ("Row", "Column")
    assert game.strategies == (("R1", "R2"), ("C1", "C2"))
    assert [e.label() for e in solve_game(game).equilibria] == ["Row: R2; Column: C2"]
    three = NormalFormGame.from_arrays(*[[[[0, 0], [0, 0]], [[0, 0], [0, 0]]]] * 3)
    assert three.players == ("Player 1", "Player 2", "Player 3") and three.strategies[2] == ("s1", "s2")
    named = NormalFormGame.from_arrays([[1]], [[2]], players=["Us", "Them"], strategies=[["Hold"], ["Wait"]])
    assert named.payoffs[1][0, 0] == Fraction(2)
    with pytest.raises(ValueError, match="player names"):
        NormalFormGame.from_arrays([[1]], [[2]], players=["Us"])
    with pytest.raises(ValueError, match="strategy names"):
        NormalFormGame.from_arrays([[1, 2]], [[2, 1]], strategies=[["a"], ["b"]])


def test_frames_hold_the_results():
    pandas = pytest.importorskip("pandas")
    from convenience.analysis.sensitivity.analyze import analyze

    game = load(ROOT / "games" / "alliance.yaml")
    result = solve_game(game)
    frame = result.to_frame()
    assert isinstance(frame, pandas.DataFrame) and len(frame) == len(result.equilibria)
    for row, eq in zip(frame.itertuples(index=False), result.equilibria):
        assert row.equilibrium == eq.label()
    probabilities = frame[[c for c in frame.columns if c.startswith("Russia: ")]]
    assert (probabilities.sum(axis=1).round(12) == 1).all()

    report = analyze(game, samples=500, seed=3)
    thresholds = report.to_frame()
    assert list(thresholds["parameter"].drop_duplicates())[0] == report.tornado[0].parameter
    assert set(thresholds["parameter"]) <= {t.parameter for t in report.thresholds}
    shares = report.monte_carlo.to_frame()
    assert list(shares["label"]) == [f.label for f in report.monte_carlo.equilibria]
    assert (shares["ci95_low"] <= shares["share"]).all() and (shares["share"] <= shares["ci95_high"]).all()
    assert len(report.monte_carlo.to_frame("sets")) == len(report.monte_carlo.sets)

    checked = check_paths([ROOT / "games" / "alliance.yaml"])
    verdicts = claims_frame(checked)
    assert len(verdicts) == len(checked) and "holds" in verdicts


def test_pandas_is_imported_only_for_frames():
    import subprocess
    import sys

    code = ("import sys; from convenience.api import load, solve_game; "
            f"solve_game(load({str(ROOT / 'games' / 'alliance.yaml')!r})); print('pandas' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "False", done.stderr
