"""Work budgets: counted in units, deterministic, and their error says what was found and how to go on."""

from __future__ import annotations

import pickle

import pytest

from convenience.budget import DEFAULT_BUDGET, BudgetExceeded, WorkBudget, unlimited
from convenience.errors import ComputationError


def test_charges_up_to_the_limit_then_raises_with_what_was_found():
    budget = WorkBudget(3, "support enumeration (supports tried)")
    found = []
    for k in range(3):
        budget.charge(found=lambda: found)
        found.append(f"equilibrium {k}")
    assert budget.spent == 3 and budget.remaining == 0
    with pytest.raises(BudgetExceeded) as info:
        budget.charge(found=lambda: found)
    error = info.value
    assert isinstance(error, ComputationError)
    assert (error.limit, error.spent, error.found) == (3, 4, ("equilibrium 0", "equilibrium 1", "equilibrium 2"))
    text = str(error)
    assert text.startswith("support enumeration (supports tried): stopped after spending its work budget of 3 units")
    assert "found so far: equilibrium 0; equilibrium 1; equilibrium 2" in text
    assert "budget_limit(N)" in text and "faster method" in text and "smaller game" in text  # Python's words
    assert "raise the budget with --budget" in error.message("cli")


def test_the_description_of_what_was_found_is_built_only_when_the_budget_runs_out():
    calls = []
    budget = WorkBudget(10, "x")

    def found():
        calls.append(1)
        return ["a"]

    for _ in range(10):
        budget.charge(found=found)
    assert calls == []
    with pytest.raises(BudgetExceeded):
        budget.charge(found=found)
    assert calls == [1]


def test_large_charges_and_affords_let_a_caller_refuse_a_step_up_front():
    budget = WorkBudget(100, "systems")
    assert budget.affords(100) and not budget.affords(101)
    budget.charge(60)
    assert budget.remaining == 40 and not budget.affords(41)
    error = budget.exceeded(["partial"])
    assert error.found == ("partial",) and "nothing found" not in str(error)
    with pytest.raises(BudgetExceeded, match="nothing found so far"):
        budget.charge(41)


def test_unlimited_budgets_count_without_raising():
    budget = unlimited()
    budget.charge(10**12)
    assert budget.spent == 10**12 and budget.remaining is None and budget.affords(10**18)


def test_remedies_can_be_named_by_the_caller_and_found_extended_later():
    budget = WorkBudget(0, "backward induction (nodes)", remedies=["use --method sequence-form"])
    with pytest.raises(BudgetExceeded) as info:
        budget.charge()
    error = info.value.with_found(["root value 3"])
    assert str(error).endswith("found so far: root value 3; to go further: use --method sequence-form")


@pytest.mark.parametrize("limit", [-1, 1.5, "10", True])
def test_a_limit_is_a_whole_number_of_units(limit):
    with pytest.raises(ValueError):
        WorkBudget(limit, "x")


def test_the_error_survives_pickling_for_worker_processes():
    error = BudgetExceeded("x", 5, 6, found=["a"], remedies=["b"])
    again = pickle.loads(pickle.dumps(error))
    assert str(again) == str(error)
    assert DEFAULT_BUDGET > 0


def test_the_command_line_exits_3_with_the_budget_message_and_no_traceback(capsys):
    import typer

    from convenience.commands import EXIT_BUDGET, guarded

    @guarded
    def command():
        budget = WorkBudget(1, "vertex enumeration (vertices)")
        budget.charge(2, found=["(A, X)"])

    with pytest.raises(typer.Exit) as info:
        command()
    assert info.value.exit_code == EXIT_BUDGET == 3
    err = capsys.readouterr().err
    assert err.startswith("error: vertex enumeration (vertices): stopped after") and "(A, X)" in err
    assert "Traceback" not in err and "internal error" not in err


def test_work_counted_in_advance_is_refused_whole_without_spending():
    budget = WorkBudget(100, "analysis (units: cells)")
    budget.reserve(60)
    assert budget.spent == 60
    with pytest.raises(BudgetExceeded) as caught:
        budget.reserve(50, found=lambda: ["a game of 10 cells"])
    assert budget.spent == 60
    text = str(caught.value)
    assert text.startswith("analysis (units: cells): needs 110 units, more than its work budget of 100 units, "
                           "so it was not started; found so far: a game of 10 cells")
    again = pickle.loads(pickle.dumps(caught.value.located("g.yaml")))
    assert str(again).startswith("g.yaml: analysis (units: cells): needs 110 units") and again.needed == 110
    unlimited().reserve(10**12)
