"""Messages name the setting to change as data: flags on the command line, keyword arguments in Python."""

from __future__ import annotations

import random

import pytest

from convenience.budget import BudgetExceeded, budget_limit
from convenience.errors import InputError, Remedy, Setting, worded_for, wording

FLAGS = ("--budget", "--float", "-m ", "-O ", "--draw-cap", "convenience solve")


def random_bimatrix(n: int, seed: int) -> str:
    rng = random.Random(seed)
    lines = ["title: Random", "players:", f"  A: [{', '.join(f'r{i}' for i in range(n))}]",
             f"  B: [{', '.join(f'c{j}' for j in range(n))}]", "payoffs:"]
    for i in range(n):
        cells = ", ".join(f"c{j}: [{rng.randint(-9, 9)}, {rng.randint(-9, 9)}]" for j in range(n))
        lines.append(f"  r{i}: {{{cells}}}")
    return "\n".join(lines) + "\n"


IRRATIONAL = """\
title: Root
players:
  A: [a1, a2]
  B: [b1, b2]
payoffs:
  a1: {b1: [sqrt(2), 0], b2: [0, 1]}
  a2: {b1: [0, 1], b2: [1, 0]}
"""


def test_a_setting_is_worded_for_each_interface():
    assert Setting("budget").words("cli") == "--budget"
    assert Setting("budget").words("python") == "convenience.budget.budget_limit(N)"
    assert Setting("method", "lemke-howson").words("cli") == "-m lemke-howson"
    assert Setting("method", "lemke-howson").words("python") == "method='lemke-howson'"
    assert Setting("float").words("cli") == "--float" and Setting("float").words("python") == "exact=False"
    assert Setting("option", "starts=N").words("cli") == "-O starts=N"
    assert Setting("option", "starts=N").words("python") == "starts=N"
    remedy = Remedy("find one with {}", Setting("method", "lemke-howson"))
    assert str(remedy) == "find one with method='lemke-howson'"  # Python by default
    with worded_for("cli"):
        assert wording() == "cli" and str(remedy) == "find one with -m lemke-howson"
    assert wording() == "python"
    with pytest.raises(ValueError):
        with worded_for("shell"):
            pass


def test_a_spent_budget_names_keyword_arguments_in_python(load_text):
    from convenience.api import solve_game

    game = load_text(random_bimatrix(12, 1))
    with pytest.raises(BudgetExceeded) as caught, budget_limit(1_000):
        solve_game(game, method="vertex-enumeration")
    text = str(caught.value)
    assert "method='lemke-howson'" in text and "exact=False" in text and "budget_limit(N)" in text, text
    assert not any(flag in text for flag in FLAGS), text
    cli = caught.value.message("cli")
    assert "-m lemke-howson" in cli and "--float" in cli and "--budget" in cli, cli
    assert cli.replace("-m lemke-howson", "").replace("--float", "").replace("--budget", "") == \
        text.replace("method='lemke-howson'", "").replace("exact=False", "").replace("convenience.budget.budget_limit(N)", "")


def test_a_spent_budget_names_flags_on_the_command_line(run_cli, write_game):
    path = write_game(random_bimatrix(12, 1))
    result = run_cli("solve", path, "-m", "vertex-enumeration", "--budget", "1000")
    assert result.exit_code == 3
    assert "-m lemke-howson" in result.stderr and "--float" in result.stderr and "--budget" in result.stderr
    assert "method=" not in result.stderr and "budget_limit" not in result.stderr


def test_an_input_error_names_the_float_path_for_each_interface(load_text, run_cli, write_game):
    from convenience.api import solve_game

    with pytest.raises(InputError) as caught:
        solve_game(load_text(IRRATIONAL), exact=True)
    assert "(use exact=False)" in str(caught.value)
    result = run_cli("solve", write_game(IRRATIONAL), "--exact")
    assert result.exit_code == 2 and "(use --float)" in result.stderr


@pytest.fixture
def load_text():
    from convenience.api import loads

    return loads


def test_a_wrong_argument_is_named_as_a_keyword_in_python_and_as_a_flag_on_the_command_line(load_text, run_cli,
                                                                                             write_game):
    from convenience.api import solve_game

    game = "title: T\nplayers:\n  A: [a1, a2]\n  B: [b1]\npayoffs:\n  a1: {b1: [1, 0]}\n  a2: {b1: [0, 0]}\n"
    with pytest.raises(InputError) as caught:
        solve_game(load_text(game), method="nonsense")
    assert str(caught.value).startswith("method: unknown method 'nonsense'"), str(caught.value)
    result = run_cli("solve", write_game(game), "-m", "nonsense")
    assert result.exit_code == 2 and "--method: unknown method 'nonsense'" in result.stderr
