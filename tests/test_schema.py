"""The JSON Schema accepts every game file the project ships and rejects malformed ones."""

from pathlib import Path

import jsonschema
import pytest
import yaml

from convenience.spec.schema import game_schema
from convenience.spec import is_game_document

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(p for pattern in ("games/*.yaml", "tests/data/**/*.yaml", "docs/examples/*.yaml")
               for p in ROOT.glob(pattern) if is_game_document(yaml.safe_load(p.read_text(encoding="utf-8"))))


def test_there_are_files_to_check():
    assert len(FILES) >= 5


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_shipped_games_validate(path):
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), game_schema())


@pytest.mark.parametrize("data", [
    {"kind": "tree", "title": "t", "players": ["A"], "tree": {"player": "A", "actions": {"x": [1]}}, "extra": 1},
    {"kind": "repeated", "title": "r", "stage": {"players": {}, "payoffs": {}}, "horizon": 99},
    {"title": "n", "players": {"A": ["x"]}, "payoffs": {"x": [1]}, "payoff_scale": "interval"},
])
def test_malformed_files_fail(data):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, game_schema())
