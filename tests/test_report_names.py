"""Short names and plain-word paths of equilibria."""

from pathlib import Path

import pytest

from convenience.report.names import (
    MAX_LABEL,
    Names,
    action_phrase,
    fit,
    one_line,
    plain_path,
    play_items,
    play_lines,
    play_text,
    wrapped,
)
from convenience.report.tables import LINE_BREAK, cell

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("action, phrase", [
    ("Restrain", "Russia restrains"), ("CloseEyes", "Russia closes eyes"), ("Pass", "Russia passes"),
    ("Comply", "Russia complies"), ("In", "Russia: In"), ("Silent", "Russia: Silent"), ("JK", "Russia: JK"),
    ("close_eyes", "Russia closes eyes"), ("Strict", "Russia: Strict"), ("Alone", "Russia: Alone"),
    ("ActAlone", "Russia acts alone"), ("BackIran", "Russia backs Iran"),
])
def test_action_phrase(action, phrase):
    assert action_phrase("Russia", action, proper=("Russia", "Iran")) == phrase


def test_fit_cuts_long_text_after_a_whole_word():
    assert fit("short") == "short"
    long = "word " * 40
    assert len(fit(long)) <= MAX_LABEL and fit(long).endswith("word…")
    assert fit("Challenger attacks or backs down", 25) == "Challenger attacks or…"


def _solve(path):
    from convenience.equilibria import solve_game
    from convenience.spec import load_game

    return solve_game(load_game(ROOT / path))


def test_tree_path_in_plain_words():
    result = _solve("games/israel-restraint.yaml")
    assert [plain_path(e) for e in result.equilibria] == ["Russia restrains → Iran refrains"]


def test_a_pooling_play_is_one_line_whatever_the_type():
    result = _solve("tests/data/report/signal.yaml")
    assert play_lines(result.equilibria[0]) == ["Sender: Beer → Receiver retreats"]
    assert plain_path(result.equilibria[0]) == "Sender: Beer → Receiver retreats"


def test_each_type_gets_its_own_line_after_the_moves_every_type_shares():
    result = _solve("tests/data/report/entry.yaml")
    lines = [play_lines(e) for e in result.equilibria]
    assert ["Entrant: In →", "Strong (1/4): Incumbent fights", "Weak (3/4): Incumbent accommodates"] in lines
    assert "Entrant: In → Strong (1/4): Incumbent fights; Weak (3/4): Incumbent accommodates" in \
        [plain_path(e) for e in result.equilibria]


def test_a_play_parting_at_a_chance_move_inside_the_tree_names_its_shared_start_once():
    (mistrust,) = _solve("games/mistrust.yaml").equilibria
    assert play_lines(mistrust) == ["UnitedStates offers → Iran hedges →", "Reliable (1/5): Russia: Loyal",
                                    "Opportunist (4/5): Russia: Deal"]
    (s300,) = _solve("games/s300.yaml").equilibria
    assert play_lines(s300) == ["Russia: Strict → Iran keeps →", "Fake (3/10): Iran protests",
                                "NoReport (7/10): the game ends"]
    assert cell(play_text(s300)) == \
        "Russia: Strict → Iran keeps →<br>Fake (3/10): Iran protests<br>NoReport (7/10): the game ends"
    assert one_line(play_text(s300)) == \
        "Russia: Strict → Iran keeps → Fake (3/10): Iran protests; NoReport (7/10): the game ends"


def test_nested_chance_moves_and_a_mixed_move_after_chance_each_get_a_line():
    (e,) = _solve("tests/data/inspection.yaml").equilibria
    assert play_lines(e) == [
        "State builds →",
        "Detected (1/4): Inspector reports → Upheld (2/3): the game ends",
        "Detected (1/4): Inspector reports → Overturned (1/3): State rebuilds",
        "Missed (3/4): State hides (1/2) → Inspector searches (1/2) or waits (1/2)",
        "Missed (3/4): State shows (1/2) → Inspector searches (1/2) or waits (1/2)",
    ]
    assert all(len(line) <= MAX_LABEL and "…" not in line for line in play_text(e).split(LINE_BREAK))
    # as a list, the nested chance move sits under its branch, whose heading is written once;
    # the state's move played at random after chance keeps a line per path
    assert play_items(e) == ("State builds", [
        (0, "Detected (1/4): Inspector reports, then:"),
        (1, "Upheld (2/3): the game ends"),
        (1, "Overturned (1/3): State rebuilds"),
        (0, "Missed (3/4): State hides (1/2) → Inspector searches (1/2) or waits (1/2)"),
        (0, "Missed (3/4): State shows (1/2) → Inspector searches (1/2) or waits (1/2)"),
    ])


DEEP = """
kind: tree
title: Chance inside chance inside chance
players: [State, Inspector]
tree:
  player: State
  name: start
  actions:
    Build:
      chance: {Detected: 1/4, Missed: 3/4}
      actions:
        Detected:
          player: Inspector
          name: detected
          actions:
            Report:
              chance: {Upheld: 2/3, Overturned: 1/3}
              actions:
                Upheld: {payoffs: {State: -2, Inspector: 2}}
                Overturned:
                  player: State
                  name: overturned
                  actions:
                    Rebuild:
                      chance: {Found: 1/4, Lost: 1/4, Late: 1/2}
                      actions:
                        Found: {player: Inspector, name: found, actions: {Fine: {payoffs: [-1, 1]}, Pass: {payoffs: [0, 0]}}}
                        Lost: {player: Inspector, name: lost, actions: {Fine: {payoffs: [-1, 1]}, Pass: {payoffs: [0, 0]}}}
                        Late: {player: Inspector, name: late, actions: {Fine: {payoffs: [0, -1]}, Pass: {payoffs: [0, 0]}}}
                    Stop: {payoffs: {State: -3, Inspector: 1}}
            Ignore: {payoffs: {State: 1, Inspector: 0}}
        Missed: {payoffs: {State: 2, Inspector: -1}}
    Refrain: {payoffs: {State: 0, Inspector: 0}}
"""


def _solve_text(text):
    from convenience.equilibria import solve_game
    from convenience.spec import loads

    return solve_game(loads(text)).equilibria


def test_chance_moves_nest_at_any_depth_and_outcomes_that_go_on_alike_share_a_heading():
    (e,) = _solve_text(DEEP)
    assert play_items(e) == ("State builds", [
        (0, "Detected (1/4): Inspector reports, then:"),
        (1, "Upheld (2/3): the game ends"),
        (1, "Overturned (1/3): State rebuilds, then:"),
        (2, "Found (1/4), Lost (1/4): Inspector fines"),
        (2, "Late (1/2): Inspector passes"),
        (0, "Missed (3/4): the game ends"),
    ])
    # a table cell cannot nest: a line per final outcome, each with its whole heading
    assert play_lines(e) == [
        "State builds →",
        "Detected (1/4): Inspector reports → Upheld (2/3): the game ends",
        "Detected (1/4): Inspector reports → Overturned (1/3): State rebuilds → Found (1/4), Lost (1/4): "
        "Inspector fines",
        "Detected (1/4): Inspector reports → Overturned (1/3): State rebuilds → Late (1/2): Inspector passes",
        "Missed (3/4): the game ends",
    ]
    assert all(len(line) <= MAX_LABEL for line in play_text(e).split(LINE_BREAK))


def _protest(info):
    """Iran protests after either report, fake or genuine, then Russia (who knows which) backs
    it after a fake one and drops it after a genuine one; ``info``: Iran's information sets
    after the two reports (one shared label when Iran cannot tell them apart)."""
    return f"""
kind: tree
title: A protest
players: [Russia, Iran]
tree:
  player: Russia
  name: the rule
  actions:
    Strict:
      chance: {{Fake: 1/2, Genuine: 1/2}}
      actions:
        Fake:
          player: Iran
          info: {info[0]}
          actions:
            Protest:
              player: Russia
              name: a protest at a fake report
              actions: {{Back: {{payoffs: [1, 1]}}, Drop: {{payoffs: [0, 0]}}}}
            Accept: {{payoffs: [0, 0]}}
        Genuine:
          player: Iran
          info: {info[1]}
          actions:
            Protest:
              player: Russia
              name: a protest at a genuine report
              actions: {{Back: {{payoffs: [0, 0]}}, Drop: {{payoffs: [1, 1]}}}}
            Accept: {{payoffs: [0, 0]}}
    Lenient: {{payoffs: [-1, 0]}}
"""


def test_a_move_worded_alike_after_each_outcome_is_shared_only_when_it_is_one_decision():
    # Iran cannot tell the reports apart: one decision, made whatever chance drew, in the start
    (blind,) = _solve_text(_protest(("an unchecked report", "an unchecked report")))
    assert play_lines(blind) == ["Russia: Strict → Iran protests →", "Fake (1/2): Russia backs",
                                 "Genuine (1/2): Russia drops"]
    assert play_items(blind) == ("Russia: Strict → Iran protests",
                                 [(0, "Fake (1/2): Russia backs"), (0, "Genuine (1/2): Russia drops")])
    # Iran knows which report it has: two decisions that happen to agree, each after its outcome
    (knowing,) = _solve_text(_protest(("a fake report", "a genuine report")))
    assert play_lines(knowing) == ["Russia: Strict →", "Fake (1/2): Iran protests → Russia backs",
                                   "Genuine (1/2): Iran protests → Russia drops"]
    assert play_items(knowing) == ("Russia: Strict", [(0, "Fake (1/2): Iran protests → Russia backs"),
                                                      (0, "Genuine (1/2): Iran protests → Russia drops")])


def test_a_long_line_wraps_after_an_arrow_and_one_line_drops_whole_branches():
    line = "Resolved (9/10), Irresolute (1/10): Defender mobilizes → Challenger attacks or backs down"
    assert wrapped(line) == ["Resolved (9/10), Irresolute (1/10): Defender mobilizes →",
                             "Challenger attacks or backs down"]
    text = LINE_BREAK.join(["A moves →", *wrapped(line), "Irresolute (1/10): Defender stands"])
    assert one_line(text) == f"A moves → {line}; Irresolute (1/10): Defender stands"
    assert one_line(text, 105) == f"A moves → {line}; …"
    assert one_line(text, 40) == fit(one_line(text), 40)


def test_names_are_stable_and_rename_labels():
    names = Names()
    assert names.add("Row: Up; Column: Left", "(Up, Left)") == "E1"
    assert names.add("Row: Down; Column: Right") == "E2"
    assert names.add("Row: Up; Column: Left") == "E1"
    assert names.rename("Row: Up; Column: Left stops being an equilibrium") == "E1 stops being an equilibrium"
    assert names.titled("Row: Up; Column: Left") == "E1 (Up, Left)"


def test_profile_text_of_pure_and_mixed_equilibria():
    from convenience.report.names import profile_text

    result = _solve("tests/data/report/arms.yaml")
    texts = [profile_text(e) for e in result.equilibria]
    assert all(len(t) <= MAX_LABEL for t in texts)
    pure = [t for e, t in zip(result.equilibria, texts) if e.is_pure]
    assert pure and all(t.startswith("(") and t.endswith(")") for t in pure)


def test_lists_of_names_are_sorted_and_shortened():
    from convenience.report.names import compress_names

    assert compress_names("E1, E3, E2 and E4 stop being equilibria") == "E1–E4 stop being equilibria"
    assert compress_names("E1, E2, E3, E4, E5, E6 and E8 stop") == "E1–E6 and E8 stop"
    assert compress_names("E2 and E1 stop") == "E1 and E2 stop"
    assert compress_names("E12 alone") == "E12 alone"


def test_plan_key_ignores_the_order_of_information_sets_of_pure_plans_only():
    from convenience.report.build import plan_key

    one = "Russia: Strict; Iran: strict rule: Keep, lenient rule: Transfer, suspended: Silent"
    other = "Russia: Strict; Iran: strict rule: Keep, suspended: Silent, lenient rule: Transfer"
    assert plan_key(one) == plan_key(other)
    assert plan_key(one) != plan_key(one.replace("Silent", "Protest"))
    assert plan_key("Russia: Strict; Iran: strict rule: Keep 1/2, Transfer 1/2") is None


def test_a_plan_with_moves_played_at_random_reads_as_a_path_without_invented_probabilities():
    from pathlib import Path

    from convenience.report.names import plan_path
    from convenience.spec import load_game

    tree = load_game(Path(__file__).parent / "data" / "readable" / "crisis.yaml").at({})
    label = ("Defender: resolved: Mobilize, irresolute: Mobilize or Stand; Challenger: after mobilization: Attack or "
             "BackDown, after standing firm: Attack")
    assert plan_path(tree, label).split(LINE_BREAK) == [
        "Resolved, Irresolute: Defender mobilizes → Challenger attacks or backs down",
        "Irresolute: Defender stands → Challenger attacks"]
    assert plan_path(tree, label.replace("Stand", "Hide")) == ""


def test_the_table_of_equilibria_away_from_the_baseline_says_what_mixed_and_root_mean():
    from types import SimpleNamespace

    from convenience.report.names import Names
    from convenience.report.sections import MIXED_KEY, ROOT_KEY, plans_section

    names = Names()
    names.add("(A, C)", "(A, C)")
    report = SimpleNamespace(names=names, game=SimpleNamespace(players=("P", "Q")),
                             result=SimpleNamespace(equilibria=()), kind="normal")
    assert MIXED_KEY + "\n" not in plans_section(report)  # pure profiles need no key
    names.add("mixed(A+B / C+D) root 2", "mixed: A+B / C+D, root 2")
    text = "\n".join(plans_section(report))
    assert "| E2 | mixed: A+B / C+D, root 2 |" in text
    assert MIXED_KEY in text and ROOT_KEY in text
