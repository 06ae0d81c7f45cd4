"""The JSON Schema of game files, for editors that validate and complete YAML.

``convenience schema > game.schema.json``, then point the editor's YAML extension at it
(for VS Code: ``# yaml-language-server: $schema=game.schema.json`` at the top of a file).
The schema describes the shape; ``convenience validate`` checks the rest (names that must
match, ranges that must contain baselines, probabilities that must sum to one).
"""

from __future__ import annotations

from typing import Any

NUMBER_OR_EXPRESSION = {
    "description": "A number (3, 0.25), a fraction ('3/4') or arithmetic over declared parameters "
                   "('B_R - k', 'max(a, b)'; + - * / ^ and min, max, abs, sqrt, exp, log).",
    "anyOf": [{"type": "number"}, {"type": "string", "minLength": 1}],
}
SOURCE = {
    "description": "Claim id(s) from seeds/claims.yaml linking this assumption to its evidence.",
    "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
}
DISTRIBUTION = {
    "description": "How robustness analysis samples the parameter.",
    "anyOf": [
        {"enum": ["uniform", "triangular"]},
        {"type": "object", "required": ["type"], "additionalProperties": False,
         "properties": {"type": {"enum": ["uniform", "triangular", "normal", "beta"]},
                        "mode": NUMBER_OR_EXPRESSION, "mean": NUMBER_OR_EXPRESSION,
                        "sd": NUMBER_OR_EXPRESSION, "a": NUMBER_OR_EXPRESSION, "b": NUMBER_OR_EXPRESSION}},
    ],
}
PARAMETER = {
    "anyOf": [
        NUMBER_OR_EXPRESSION,
        {"type": "object", "required": ["value"], "additionalProperties": False,
         "properties": {
             "value": {**NUMBER_OR_EXPRESSION, "description": "Baseline value."},
             "range": {"type": "array", "items": NUMBER_OR_EXPRESSION, "minItems": 2, "maxItems": 2,
                       "description": "[low, high]; must contain the baseline."},
             "distribution": DISTRIBUTION,
             "description": {"type": "string"},
             "source": SOURCE,
             "unit": {"type": "string"},
         }},
    ],
}
PAYOFF_VECTOR = {
    "description": "Payoffs in player order, or by player name.",
    "anyOf": [{"type": "array", "items": NUMBER_OR_EXPRESSION},
              {"type": "object", "additionalProperties": NUMBER_OR_EXPRESSION}],
}
CELL = {
    "anyOf": [
        PAYOFF_VECTOR,
        {"type": "object", "required": ["payoffs"], "properties": {"payoffs": PAYOFF_VECTOR, "source": SOURCE}},
    ],
}
NESTED = {"type": "object", "additionalProperties": {"anyOf": [CELL, {"$ref": "#/$defs/nested"}]}}
PROFILE_LIST = {
    "type": "array",
    "items": {"type": "object", "required": ["profile", "payoffs"], "additionalProperties": False,
              "properties": {"profile": {"anyOf": [{"type": "array", "items": {"type": "string"}},
                                                   {"type": "object", "additionalProperties": {"type": "string"}}]},
                             "payoffs": PAYOFF_VECTOR, "source": SOURCE}},
}
EXPECT = {
    "type": "array",
    "description": "Claims checked by `convenience check` (see docs/library.md).",
    "items": {"type": "object"},
}
COMMON = {
    "title": {"type": "string", "minLength": 1},
    "description": {"type": "string"},
    "source": SOURCE,
    "parameters": {"type": "object", "additionalProperties": {"$ref": "#/$defs/parameter"},
                   "propertyNames": {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}},
    "expect": EXPECT,
    "notes": {"type": "string"},
}
TREE_PAYOFFS = {
    "description": "Payoffs in player order, or by player (a player's payoff may depend on its type: "
                   "{Strong: 3, Weak: 2}).",
    "anyOf": [{"type": "array", "items": NUMBER_OR_EXPRESSION},
              {"type": "object", "additionalProperties": {"anyOf": [
                  NUMBER_OR_EXPRESSION, {"type": "object", "additionalProperties": NUMBER_OR_EXPRESSION}]}}],
}
NODE = {
    "description": "A game-tree node: a decision node (player, actions), a chance node (chance, actions), "
                   "or a terminal node (payoffs, or just a list of payoffs). See docs/format-trees.md.",
    "anyOf": [
        {"type": "array", "items": NUMBER_OR_EXPRESSION},
        {"type": "object", "additionalProperties": False,
         "properties": {
             "name": {"type": "string"},
             "player": {"type": "string"},
             "info": {"type": "string", "description": "Information-set label."},
             "actions": {"type": "object", "additionalProperties": {"$ref": "#/$defs/node"}},
             "chance": {"type": "object", "additionalProperties": NUMBER_OR_EXPRESSION,
                        "description": "Outcome -> probability."},
             "payoffs": TREE_PAYOFFS,
             "source": SOURCE,
         }},
    ],
}


def game_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of convenience game files."""
    normal = {
        "type": "object", "required": ["title", "players", "payoffs"], "additionalProperties": False,
        "properties": {
            "kind": {"const": "normal"}, **COMMON,
            "players": {"type": "object", "minProperties": 1,
                        "additionalProperties": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                        "description": "Each player's name and strategies, in order."},
            "payoffs": {"anyOf": [{"$ref": "#/$defs/nested"}, PROFILE_LIST]},
            "payoff_scale": {"enum": ["cardinal", "ordinal"],
                             "description": "ordinal: payoffs are ranks (higher is better)."},
        },
    }
    tree = {
        "type": "object", "required": ["title", "players", "tree"], "additionalProperties": False,
        "properties": {
            "kind": {"const": "tree"}, **COMMON,
            "players": {"type": "array", "items": {"type": "string"}},
            "types": {"type": "object", "description": "Bayesian shorthand: player -> {type: prior}."},
            "tree": {"$ref": "#/$defs/node"},
        },
    }
    repeated = {
        "type": "object", "required": ["kind", "title", "stage"], "additionalProperties": False,
        "properties": {
            "kind": {"const": "repeated"}, **COMMON,
            "stage": {"type": "object", "required": ["players", "payoffs"], "additionalProperties": False,
                      "description": "The stage game, written like a normal-form game.",
                      "properties": {"title": {"type": "string"}, "description": {"type": "string"},
                                     "source": SOURCE, "notes": {"type": "string"},
                                     "players": {"type": "object"},
                                     "payoffs": {"anyOf": [{"$ref": "#/$defs/nested"}, PROFILE_LIST]}}},
            "discount": {**NUMBER_OR_EXPRESSION, "description": "Discount factor, 0 <= delta < 1."},
            "horizon": {"type": "integer", "minimum": 1, "maximum": 50,
                        "description": "Number of periods of a finitely repeated game."},
            "target": {"description": "The cooperative profile to sustain.",
                       "anyOf": [{"type": "object", "additionalProperties": {"type": "string"}},
                                 {"type": "array", "items": {"type": "string"}}]},
            "punishment": {"description": "nash (default), minmax, or a stage profile.",
                           "anyOf": [{"enum": ["nash", "minmax"]},
                                     {"type": "object", "additionalProperties": {"type": "string"}},
                                     {"type": "array", "items": {"type": "string"}}]},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://convenience.readthedocs.io/schema/game.json",
        "title": "convenience game file",
        "description": "A strategic dilemma: normal form, game tree, or repeated game.",
        "oneOf": [normal, tree, repeated],
        "$defs": {"parameter": PARAMETER, "nested": NESTED, "node": NODE},
    }
