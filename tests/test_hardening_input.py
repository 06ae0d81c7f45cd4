"""Bad input of every kind ends in exit 2 with one message naming the file and line (or the
option), quickly and without a traceback: huge or malformed numbers, sizes and depths over the
documented limits, values that are not real numbers, and command-line values out of range."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARMS = (ROOT / "tests" / "data" / "report" / "arms.yaml").read_text(encoding="utf-8")
ENTRY = (ROOT / "tests" / "data" / "tree_entry.yaml").read_text(encoding="utf-8")
BOS = (ROOT / "tests" / "data" / "bos.nfg").read_text(encoding="utf-8")
EFG = (ROOT / "tests" / "data" / "tree_gambit_incremental.efg").read_text(encoding="utf-8")


def two_by_two(payoff: str) -> str:
    return f"""title: T
players:
  A: [x, y]
  B: [x, y]
payoffs:
  x: {{x: [{payoff}, 1], y: [0, 0]}}
  y: {{x: [0, 0], y: [1, 1]}}
"""


def repeated(payoff: str, extra: str = "target: {A: C, B: C}\n", discount: str = "0.9") -> str:
    return f"""kind: repeated
title: R
stage:
  players: {{A: [C, D], B: [C, D]}}
  payoffs:
    C: {{C: [{payoff}, 3], D: [0, 5]}}
    D: {{C: [5, 0], D: [1, 1]}}
discount: {discount}
{extra}"""


RANGED_K = "target: {A: C, B: C}\nparameters:\n  k: {value: 3, range: [0, 4]}\n"


def deep_tree(depth: int) -> str:
    out, indent = "kind: tree\ntitle: T\nplayers: [A, B]\ntree:\n", "  "
    for i in range(depth):
        out += f"{indent}player: {'AB'[i % 2]}\n{indent}actions:\n{indent}  L: {{payoffs: {{A: 0, B: 0}}}}\n{indent}  R:\n"
        indent += "    "
    return out + f"{indent}payoffs: {{A: 1, B: 1}}\n"


def aliased_tree(levels: int) -> str:
    """A small file whose anchors and aliases make a tree of 2^levels leaves."""
    lines = ["kind: tree", "title: T", "players: [A]", "x0: &n0 {payoffs: {A: 1}}"]
    for k in range(1, levels + 1):
        lines.append(f"x{k}: &n{k} {{player: A, actions: {{L: *n{k - 1}, R: *n{k - 1}}}}}")
    lines.append(f"tree: *n{levels}")
    return "\n".join(lines) + "\n"


def efg_chain(depth: int) -> str:
    body = "".join(f'p "" 1 {i + 1} "" {{ "L" "R" }} 0\nt "" {i + 1} "" {{ 0 }}\n' for i in range(depth))
    return f'EFG 2 R "deep" {{ "A" }}\n""\n\n{body}t "" 99999 "" {{ 1 }}\n'


# (case id, files, arguments, text the message must contain)
CASES = [
    # numbers
    ("quoted huge exponent", {"g.yaml": two_by_two('"1e100000000"')}, ["solve", "g.yaml"], "g.yaml:6:"),
    ("huge exponent in --set", {"g.yaml": ARMS}, ["solve", "g.yaml", "--set", "b=1e100000000"], "--set b"),
    ("huge exponent in .nfg", {"g.nfg": BOS.replace("2, 1", "1e100000000, 1")}, ["solve", "g.nfg"], "g.nfg:9"),
    ("huge exponent in .efg", {"g.efg": EFG.replace("{ -3/2, -3 }", "{ 1e100000000, -3 }")}, ["solve", "g.efg"],
     "g.efg:8:"),
    ("400-digit payoff in .efg", {"g.efg": EFG.replace("{ -3/2, -3 }", "{ " + "9" * 400 + ", -3 }")},
     ["solve", "g.efg"], "g.efg:8:"),
    ("5000-digit information set in .efg", {"g.efg": EFG.replace('p "root" 1 1 ', 'p "root" 1 ' + "1" * 5000 + " ")},
     ["solve", "g.efg"], "g.efg:4:"),
    ("4301-digit integer", {"g.yaml": two_by_two("1" * 4301)}, ["solve", "g.yaml"], "g.yaml:6:"),
    ("power tower", {"g.yaml": two_by_two('"(((2^64)^64)^64)^64"')}, ["solve", "g.yaml"], "g.yaml:6:"),
    ("1e400", {"g.yaml": two_by_two('"1e400"')}, ["solve", "g.yaml"], "g.yaml:6:"),
    ("1e400 in a 3-player game", {"g.yaml": "title: T\nplayers: {A: [x, y], B: [x, y], C: [x, y]}\npayoffs:\n"
                                  "  x: {x: {x: [1e400, 1, 1], y: [0,0,0]}, y: {x: [0,0,0], y: [0,0,0]}}\n"
                                  "  y: {x: {x: [0,0,0], y: [0,0,0]}, y: {x: [0,0,0], y: [1,1,1]}}\n"},
     ["solve", "g.yaml"], "g.yaml:4:"),
    ("1e400 in analyze", {"g.yaml": ARMS.replace("Restrain: [2, 2]", "Restrain: [1e400, 2]")},
     ["analyze", "g.yaml", "-n", "10"], "g.yaml:20:"),
    ("1e400^0.5", {"g.yaml": two_by_two('"1e400^0.5"')}, ["solve", "g.yaml"], "g.yaml:6:"),
    ("(-1)^0.5", {"g.yaml": two_by_two('"(-1)^0.5"')}, ["solve", "g.yaml"], "not a real number"),
    ("(-8)^(1/3)", {"g.yaml": two_by_two('"(-8)^(1/3)"')}, ["solve", "g.yaml"], "g.yaml:6:"),
    ("(c-2)^0.5 at the baseline", {"g.yaml": ARMS.replace("Arm: {payoffs: [-c, -c]", 'Arm: {payoffs: ["(c-2)^0.5", -c]')},
     ["solve", "g.yaml"], "at c = 1"),
    ("(c-2)^0.5 inside the range", {"g.yaml": ARMS.replace("Arm: {payoffs: [-c, -c]", 'Arm: {payoffs: ["(c-2)^0.5", -c]')
                                    .replace("c: {value: 1,", "c: {value: 3,")},
     ["analyze", "g.yaml", "-n", "100"], "inside the declared ranges"),
    ("sd (-1)^0.5", {"g.yaml": ARMS.replace("distribution: {type: uniform}",
                                            'distribution: {type: normal, mean: 1, sd: "(-1)^0.5"}')},
     ["solve", "g.yaml"], "distribution.sd"),
    ("--set (-1)^0.5", {"g.yaml": ARMS}, ["solve", "g.yaml", "--set", "b=(-1)^0.5"], "--set b"),
    ("--set sqrt(-1)", {"g.yaml": ARMS}, ["solve", "g.yaml", "--set", "b=sqrt(-1)"], "--set b"),
    ("--set exp(1000)", {"g.yaml": ARMS}, ["solve", "g.yaml", "--set", "b=exp(1000)"], "--set b"),
    ("chance (-1)^0.5", {"g.yaml": ENTRY.replace("Fight: {payoffs: {Entrant: -1, Incumbent: -c}}",
                                                 'Fight:\n          chance: {W: "(-1)^0.5", L: 0.5}\n'
                                                 '          actions:\n            W: {payoffs: {Entrant: 0, Incumbent: 0}}\n'
                                                 '            L: {payoffs: {Entrant: 0, Incumbent: 0}}')},
     ["solve", "g.yaml"], "chance.W"),
    ("discount (-0.5)^0.5", {"g.yaml": repeated("3", discount='"(-0.5)^0.5"')}, ["solve", "g.yaml"], "discount"),
    # values that go wrong only somewhere inside the declared ranges, met by the analysis
    ("tree payoff (c-1)^0.5 with c in [0, 6]", {"g.yaml": ENTRY.replace("Incumbent: -c}", 'Incumbent: "-(c-1)^0.5"}')},
     ["analyze", "g.yaml", "-n", "100"], "g.yaml:13:16: tree.actions.In.actions.Fight: payoff -(c - 1)^(1/2) is not a "
                                         "finite real number at c = 0, inside the declared ranges (c in [0, 6])"),
    ("chance (c-1)^0.5/3 with c in [0, 6]", {"g.yaml": ENTRY.replace(
        "Fight: {payoffs: {Entrant: -1, Incumbent: -c}}",
        'Fight:\n          chance: {W: "(c-1)^0.5/3", L: "1-(c-1)^0.5/3"}\n'
        '          actions:\n            W: {payoffs: {Entrant: 0, Incumbent: 0}}\n'
        '            L: {payoffs: {Entrant: 0, Incumbent: -c}}')},
     ["analyze", "g.yaml", "-n", "100"], "probability of 'W' (c - 1)^(1/2) / 3 is not a finite real number at c = 0"),
    ("repeated stage payoff (k-2)^0.5", {"g.yaml": repeated('"(k-2)^0.5 + 3"', extra=RANGED_K)},
     ["analyze", "g.yaml", "-n", "100"], "g.yaml:6:13: payoffs.C.C[A]: payoff (k - 2)^(1/2) + 3 is not a finite real "
                                         "number at k = 0"),
    ("discount (k-2)^0.5", {"g.yaml": repeated("3", extra=RANGED_K, discount='"(k-2)^0.5 * 0.9"')},
     ["analyze", "g.yaml", "-n", "100"], "g.yaml:8:11: discount: discount factor (k - 2)^(1/2) * (9/10) is not a "
                                         "finite real number at k = 0"),
    ("discount k/4 reaching 1", {"g.yaml": repeated("3", extra=RANGED_K, discount='"k / 4"')},
     ["analyze", "g.yaml", "-n", "100"], "discount factor k / 4 leaves [0, 1) (value 1) at k = 4"),
    ("stage payoff 10^21", {"g.yaml": repeated("1000000000000000000000")}, ["solve", "g.yaml"], "g.yaml:6:"),
    # sizes and depths
    (".nfg of 10^10 profiles", {"g.nfg": 'NFG 1 R "x" { "A" "B" } { 100000 100000 }\n\n1 2 3\n'},
     ["solve", "g.nfg"], "g.nfg:1"),
    (".nfg of 40 players", {"g.nfg": 'NFG 1 R "x" { ' + " ".join(f'"P{i}"' for i in range(40)) + " } { "
                            + " ".join(["2"] * 40) + " }\n\n1 2 3\n"}, ["solve", "g.nfg"], "g.nfg:1"),
    ("YAML of 10^10 profiles", {"g.yaml": "title: T\nplayers:\n" + "".join(
        f"  P{i}: [{', '.join(f's{j}' for j in range(10))}]\n" for i in range(10)) + "payoffs: {}\n"},
     ["solve", "g.yaml"], "g.yaml:3:"),
    ("YAML of more than 1,000,000 characters", {"g.yaml": ARMS + 'notes: "' + "x" * 1_000_000 + '"\n'},
     ["validate", "g.yaml"], f"g.yaml:{ARMS.count(chr(10)) + 1}:"),
    ("500-deep notes", {"g.yaml": ARMS + "notes: " + "[" * 500 + "]" * 500 + "\n"}, ["solve", "g.yaml"], "g.yaml:"),
    ("sum of 1000 terms", {"g.yaml": ARMS.replace("Restrain: [2, 2]", 'Restrain: ["' + "+".join(["b"] * 1000)
                                                  + '", 2]')}, ["solve", "g.yaml"], "g.yaml:20:"),
    ("tree 61 moves deep", {"g.yaml": deep_tree(61)}, ["solve", "g.yaml"], "g.yaml:"),
    ("tree of 2^20 leaves through aliases", {"g.yaml": aliased_tree(20)}, ["solve", "g.yaml"], "g.yaml:"),
    (".efg 2000 moves deep", {"g.efg": efg_chain(2000)}, ["solve", "g.efg"], "g.efg:"),
    # messages that name the line
    ("truncated .nfg", {"g.nfg": BOS[:-8]}, ["solve", "g.nfg"], "g.nfg:13"),
    (".nfg players and strategy lists", {"g.nfg": BOS.replace('{ "Alice" "Bob" }', '{ "Alice" "Bob" "Carol" }')},
     ["solve", "g.nfg"], "g.nfg:3"),
    ("control character", {"g.yaml": ARMS.replace("Arms race", "Arms\x01race")}, ["solve", "g.yaml"], "g.yaml:1:"),
    ("tab in the indentation", {"g.yaml": "title: T\nplayers:\n\tA: [x]\n"}, ["solve", "g.yaml"],
     "g.yaml:3:1: YAML syntax error: found character '\\t' that cannot start any token"),
    ("undefined alias", {"g.yaml": ARMS.replace("Restrain: [2, 2]", "Restrain: *two")}, ["solve", "g.yaml"],
     "undefined alias 'two'"),
    ("1,100-deep flow list", {"g.yaml": ARMS + "notes: " + "[" * 1100 + "]" * 1100 + "\n"}, ["solve", "g.yaml"],
     "nested more than 200 deep"),
    ("expect as a list of lists", {"g.yaml": ARMS.split("expect:")[0] + "expect:\n  - [a, b]\n"},
     ["check", "g.yaml"], "g.yaml:26:"),
    ("unhashable distribution type", {"g.yaml": ARMS.replace("distribution: {type: uniform}",
                                                             "distribution: {type: [normal]}")},
     ["solve", "g.yaml"], "g.yaml:14:"),
    ("strategies in a tree's players", {"g.yaml": ENTRY.replace(
        "players: [Entrant, Incumbent]", "players: {Entrant: [In, Out], Incumbent: [Fight, Accommodate]}")},
     ["solve", "g.yaml"], "g.yaml:3:"),
    ("solve on a folder with no game", {"d/other.yaml": "a: 1\n"}, ["solve", "d"], "no game"),
    ("validate on a folder with no game", {"d/other.yaml": "a: 1\n"}, ["validate", "d"], "no game"),
    ("check on an empty folder", {"d/readme.txt": "x"}, ["check", "d"], "no game"),
    # command-line values
    ("--samples 10^12", {"g.yaml": ARMS}, ["analyze", "g.yaml", "-n", "1000000000000"], "--samples"),
    ("--grid of 10^9 points", {"g.yaml": ARMS}, ["analyze", "g.yaml", "-n", "0", "--grid", "b=0:3:1000000000"],
     "--grid b"),
    ("--grid to 1e400", {"g.yaml": ARMS}, ["analyze", "g.yaml", "-n", "0", "--grid", "b=0:1e400:3"], "--grid b"),
    ("--seed -1 in analyze", {"g.yaml": ARMS}, ["analyze", "g.yaml", "-n", "10", "--seed", "-1"], "--seed"),
    ("--seed -1 in report", {"g.yaml": ARMS}, ["report", "g.yaml", "-o", "out", "--samples", "10", "--seed", "-1"],
     "--seed"),
    ("--noise inf", {"g.yaml": ARMS}, ["analyze", "g.yaml", "-n", "10", "--noise", "inf"], "--noise"),
]


@pytest.mark.parametrize("files, args, where", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_exits_2_with_a_located_message(run_cli, tmp_path, monkeypatch, files, args, where):
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    monkeypatch.chdir(tmp_path)
    result = run_cli(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("error: ") and where in message, message
    assert len(message) < 600
    assert {p: p.read_bytes() for p in before} == before  # inputs untouched
    assert not (tmp_path / "out").exists()


def test_a_fifo_or_a_device_as_game_file_does_not_block(run_cli, tmp_path):
    fifo = tmp_path / "game.yaml"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    for path in (fifo, Path("/dev/zero"), Path("/dev/null")):
        result = run_cli("solve", path)
        assert result.exit_code == 2 and str(path) in result.stderr, result.output


def test_a_yaml_file_over_its_limit_is_refused_before_it_is_parsed(run_cli, tmp_path, monkeypatch):
    from convenience import yamlio

    def parsed(text):
        raise AssertionError("the YAML text was parsed")

    monkeypatch.setattr(yamlio, "_load", parsed)
    path = tmp_path / "big.yaml"
    path.write_text(ARMS + "notes: [" + ", ".join(["1"] * 340_000) + "]\n", encoding="utf-8")
    result = run_cli("solve", path)
    assert result.exit_code == 2 and f"{path}:{ARMS.count(chr(10)) + 1}:" in result.stderr
    assert "longer than 1,000,000 characters" in result.stderr and ".nfg" in result.stderr


def test_deep_trees_and_long_sums_within_the_limits_are_solved(run_cli, tmp_path):
    (tmp_path / "deep.yaml").write_text(deep_tree(60), encoding="utf-8")
    (tmp_path / "sum.yaml").write_text(ARMS.replace("Restrain: [2, 2]", 'Restrain: ["' + "+".join(["b"] * 200)
                                                     + '", 2]'), encoding="utf-8")
    (tmp_path / "wide.efg").write_text(efg_chain(60), encoding="utf-8")
    # 200 levels of YAML nesting, the documented limit, counting the top mapping and the innermost list
    (tmp_path / "notes.yaml").write_text(ARMS + "notes: " + "[" * 199 + "]" * 199 + "\n", encoding="utf-8")
    for name in ("deep.yaml", "sum.yaml", "wide.efg", "notes.yaml"):
        result = run_cli("solve", tmp_path / name, "-f", "json")
        assert result.exit_code == 0, (name, result.output)


def test_every_limit_is_documented():
    from convenience import expressions, yamlio
    from convenience.analysis.sensitivity.choices import MAX_GRID_POINTS
    from convenience.extensive.tree import MAX_DEPTH, MAX_NODES
    from convenience.pipeline import MAX_SAMPLES
    from convenience.spec import MAX_EFG_BYTES, MAX_FILE_BYTES
    from convenience.spec.gambit_efg import MAX_EFG_NODES
    from convenience.spec.normal import MAX_PROFILES
    from convenience.spec.repeated import MAX_HORIZON, MAX_STAGE_PAYOFF

    docs = (ROOT / "docs" / "format.md").read_text(encoding="utf-8") + (ROOT / "docs" / "cli.md").read_text(
        encoding="utf-8")
    numbers = {re.sub(r"[ ,]", "", n) for n in re.findall(r"\d[\d, ]*\d|\d", docs)}
    for value in (MAX_FILE_BYTES // 1_000_000, MAX_EFG_BYTES // 1_000_000, MAX_EFG_NODES, MAX_PROFILES, MAX_NODES, MAX_DEPTH, MAX_HORIZON, MAX_SAMPLES,
                  MAX_GRID_POINTS, expressions.MAX_LENGTH, expressions.MAX_DEPTH, expressions.MAX_OPERATIONS_DEEP,
                  expressions.MAX_EXPONENT, expressions.MAX_DIGITS, expressions.MAX_BITS, yamlio.MAX_NESTING,
                  yamlio.MAX_INTEGER_DIGITS, yamlio.MAX_YAML_CHARACTERS, int(MAX_STAGE_PAYOFF)):
        assert str(value) in numbers or f"10^{len(str(value)) - 1}" in docs, value
