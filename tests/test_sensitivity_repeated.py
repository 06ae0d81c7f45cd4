"""Sensitivity of repeated games: the sustainability verdict flips at the critical discount factor."""

from __future__ import annotations

import pytest

from convenience.analysis.sensitivity.analyze import analyze
from convenience.spec import loads

PD = """
kind: repeated
title: Repeated Prisoner's Dilemma
parameters:
  T: {value: 5, range: [3, 10]}
  R: {value: 3}
  P: {value: 1}
  S: 0
  delta: {value: 0.6, range: [0, 0.99]}
discount: delta
stage:
  players: {Row: [Cooperate, Defect], Column: [Cooperate, Defect]}
  payoffs:
    Cooperate: {Cooperate: [R, R], Defect: [S, T]}
    Defect: {Cooperate: [T, S], Defect: [P, P]}
target: {Row: Cooperate, Column: Cooperate}
punishment: nash
"""


def test_grim_trigger_thresholds_are_the_critical_discount_factor():
    report = analyze(loads(PD), samples=0)
    by = {t.parameter: t for t in report.thresholds}
    # delta* = (T - R)/(T - P) = 1/2 at T = 5; at delta = 0.6 the temptation may rise to T = 6
    assert by["delta"].nearest_below.value == pytest.approx(0.5, abs=1e-6)
    assert by["T"].nearest_above.value == pytest.approx(6.0, abs=1e-6)
    assert report.headline() == ("The conclusion is most fragile to delta: (Row: Cooperate; Column: Cooperate) "
                                 "stops being sustained when delta falls below 0.5 (baseline 0.6)")
    assert any("sustained iff delta >=" in n for n in report.notes)
