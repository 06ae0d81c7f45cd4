"""Exact arithmetic in Q(sqrt d): the numbers that verify equilibria where three players mix."""

from fractions import Fraction as F

import pytest

from convenience.analysis.sensitivity.surd import Surd


def test_a_rational_surd_takes_the_root_of_the_other_operand():
    root2 = Surd(F(0), F(1), F(2))
    one = Surd(F(1))
    assert str(one + root2) == "1 + sqrt(2)"
    assert (one + root2) * (root2 - one) == 1  # (sqrt 2 + 1)(sqrt 2 - 1) = 1
    assert 1 / (one + root2) == root2 - 1


def test_rational_surds_hash_like_the_equal_fraction():
    assert Surd(F(3, 4)) == F(3, 4)
    assert hash(Surd(F(3, 4))) == hash(F(3, 4))
    assert len({Surd(F(3, 4)), F(3, 4)}) == 1


def test_two_different_roots_are_refused_not_mixed():
    with pytest.raises(ValueError, match="one field"):
        Surd(F(0), F(1), F(2)) * Surd(F(0), F(1), F(3))


def test_sign_is_exact_near_zero():
    # 1414213562373095/10^15 - sqrt(2) is a tiny negative number
    x = Surd(F(1414213562373095, 10 ** 15), F(-1), F(2))
    assert x.sign() == -1 and (-x).sign() == 1
