"""Safe arithmetic expressions over declared parameters.

Payoffs and probabilities in a game file may be numbers (``3``, ``0.25``, ``"3/4"``) or
arithmetic over the game's parameters (``"B_R - k"``, ``"p*K - (1 - p)^2"``,
``"max(a, b)"``). The text is parsed here by a small recursive-descent parser into an
:class:`Expression` tree; it is never handed to ``eval`` or to sympy's parser, so user text
cannot run code. The grammar is::

    expr   := term (("+" | "-") term)*
    term   := unary (("*" | "/") unary)*
    unary  := ("-" | "+") unary | power
    power  := atom (("^" | "**") unary)?
    atom   := number | name | name "(" expr ("," expr)* ")" | "(" expr ")"

An expression evaluates exactly (``fractions.Fraction``) when its inputs are rational, as
floats or numpy arrays otherwise (so one parsed payoff serves a single solve and a sweep of a
million samples alike), and converts to sympy for symbolic analysis. sympy is imported only
then: plain solving never pays for it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from convenience.errors import InputError, did_you_mean

#: Functions an expression may call, with their number of arguments (None: two or more).
FUNCTIONS: dict[str, int | None] = {"min": None, "max": None, "abs": 1, "sqrt": 1, "exp": 1, "log": 1}
#: Longest expression text, in characters.
MAX_LENGTH = 2000
#: Deepest nesting of parentheses, unary signs and function calls.
MAX_DEPTH = 60
#: Most operations from the root of an expression to a leaf (``a + b + ... `` counts one per term).
MAX_OPERATIONS_DEEP = 200
#: Largest whole exponent of an exact power.
MAX_EXPONENT = 64
#: Most digits in a number literal, and the largest decimal exponent it may carry (either sign).
MAX_DIGITS = 300
#: Largest size, in bits, of the numerator or denominator of an exact value (about 10^301): above
#: it a number would not fit a float and exact arithmetic would run away.
MAX_BITS = 1000

_TOKEN = re.compile(r"\s*(?:(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
                    r"|(?P<op>\*\*|[-+*/^(),]))")


class ExpressionError(ValueError):
    """Raised inside the parser; turned into :class:`InputError` with a location."""


@dataclass(frozen=True)
class Expression:
    """A parsed expression: ``op`` is one of ``num``, ``par``, ``+ - * / ^ neg`` or a function.

    ``args`` holds the operands (``Expression`` objects), the number (``Fraction``) for
    ``num`` or the parameter name for ``par``. ``text`` is the canonical written form.
    """

    op: str
    args: tuple[Any, ...]

    # -- construction -------------------------------------------------------------------
    @staticmethod
    def number(value: Fraction | int) -> "Expression":
        return Expression("num", (Fraction(value),))

    # -- inspection ---------------------------------------------------------------------
    @property
    def parameters(self) -> frozenset[str]:
        """Names of the parameters the expression uses."""
        if self.op == "par":
            return frozenset(self.args)
        if self.op == "num":
            return frozenset()
        return frozenset().union(*(arg.parameters for arg in self.args))

    @property
    def is_constant(self) -> bool:
        return not self.parameters

    # -- evaluation ---------------------------------------------------------------------
    def evaluate(self, values: Mapping[str, Any]) -> Any:
        """The value for the given parameter values.

        Exact (``Fraction``) if every value used is an ``int`` or ``Fraction`` and no
        irrational function is applied; float otherwise; a numpy array when values are
        arrays. Division by zero raises ``ZeroDivisionError`` (or gives inf/nan for arrays).
        """
        op, args = self.op, self.args
        if op == "num":
            return args[0]
        if op == "par":
            return values[args[0]]
        if op == "neg":
            return -args[0].evaluate(values)
        a = [arg.evaluate(values) for arg in args]
        if op == "+":
            return _bounded(a[0] + a[1])
        if op == "-":
            return _bounded(a[0] - a[1])
        if op == "*":
            return _bounded(a[0] * a[1])
        if op == "/":
            if _is_zero(a[1]):
                raise ZeroDivisionError(f"division by zero in {self}")
            return _bounded(a[0] / a[1])
        if op == "^":
            return _power(a[0], a[1])
        return _call(op, a)

    def with_float_constants(self) -> "Expression":
        """The same expression with float constants: fast over numpy arrays (no object dtype)."""
        if self.op == "num":
            return Expression("num", (float(self.args[0]),))
        if self.op == "par":
            return self
        return Expression(self.op, tuple(a.with_float_constants() for a in self.args))

    def to_sympy(self) -> Any:
        """The same expression as a sympy object (parameters are real symbols)."""
        import sympy

        op, args = self.op, self.args
        if op == "num":
            return sympy.Rational(args[0].numerator, args[0].denominator)
        if op == "par":
            return sympy.Symbol(args[0], real=True)
        s = [arg.to_sympy() for arg in args]
        if op == "neg":
            return -s[0]
        if op == "+":
            return s[0] + s[1]
        if op == "-":
            return s[0] - s[1]
        if op == "*":
            return s[0] * s[1]
        if op == "/":
            return s[0] / s[1]
        if op == "^":
            return s[0] ** s[1]
        functions = {"min": sympy.Min, "max": sympy.Max, "abs": sympy.Abs,
                     "sqrt": sympy.sqrt, "exp": sympy.exp, "log": sympy.log}
        return functions[op](*s)

    def __str__(self) -> str:
        return _format(self, 0)


# -- formatting -----------------------------------------------------------------------------
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3, "^": 4}


def _format(expr: Expression, parent: int) -> str:
    op = expr.op
    if op == "num":
        value = expr.args[0]
        text = str(value)
        return f"({text})" if (value < 0 or value.denominator != 1) and parent >= 2 else text
    if op == "par":
        return expr.args[0]
    if op in FUNCTIONS:
        return f"{op}({', '.join(_format(a, 0) for a in expr.args)})"
    prec = _PRECEDENCE[op]
    if op == "neg":
        text = f"-{_format(expr.args[0], prec)}"
    elif op == "^":
        text = f"{_format(expr.args[0], prec + 1)}^{_format(expr.args[1], prec)}"
    else:
        right_prec = prec + 1 if op in "-/" else prec
        text = f"{_format(expr.args[0], prec)} {op} {_format(expr.args[1], right_prec)}"
    return f"({text})" if prec < parent or (parent and op == "neg" and parent > prec) else text


# -- arithmetic helpers ---------------------------------------------------------------------
def _is_zero(value: Any) -> bool:
    try:
        return bool(value == 0)
    except ValueError:  # numpy array: element-wise, handled by numpy (inf/nan)
        return False


def _power(base: Any, exponent: Any) -> Any:
    """``base ^ exponent``: exact for a rational base and whole exponent (bounded first), real
    floats otherwise; a negative base to a non-whole power is refused (not a real number)."""
    if isinstance(exponent, Fraction) and exponent.denominator == 1:
        if abs(exponent) > MAX_EXPONENT:
            raise ExpressionError(f"exponent {exponent} is too large (at most {MAX_EXPONENT})")
        if isinstance(base, Fraction):
            if base == 0 and exponent < 0:
                raise ZeroDivisionError("zero raised to a negative power")
            bits = max(base.numerator.bit_length(), base.denominator.bit_length()) * abs(int(exponent))
            if bits > MAX_BITS:
                raise ExpressionError(f"({base})^{exponent} is too large to compute exactly "
                                      f"(more than {MAX_BITS} bits)")
            return base ** int(exponent)
        return base ** int(exponent)
    if hasattr(base, "shape") or hasattr(exponent, "shape"):
        import numpy as np

        with np.errstate(invalid="ignore", over="ignore"):
            return np.power(np.asarray(_as_float(base), dtype=float), _as_float(exponent))
    base, exponent = float(base), float(exponent)
    if base < 0:
        raise ExpressionError(f"a negative number ({base:g}) to the non-whole power {exponent:g} "
                              "is not a real number")
    return base ** exponent


def _as_float(value: Any) -> Any:
    return float(value) if isinstance(value, (Fraction, int)) else value


def _bounded(value: Any) -> Any:
    """``value``, unless it is an exact number too large to compute with (see :data:`MAX_BITS`)."""
    if isinstance(value, Fraction) and (value.numerator.bit_length() > MAX_BITS
                                        or value.denominator.bit_length() > MAX_BITS):
        raise ExpressionError(f"an intermediate result is too large to compute exactly (more than {MAX_BITS} bits)")
    return value


def _call(name: str, args: list[Any]) -> Any:
    arrays = any(hasattr(a, "shape") and getattr(a, "shape", ()) != () for a in args)
    if name in ("min", "max"):
        if arrays:
            import numpy as np

            reduce = np.minimum if name == "min" else np.maximum
            result = args[0]
            for a in args[1:]:
                result = reduce(result, a)
            return result
        return min(args) if name == "min" else max(args)
    if name == "abs":
        return abs(args[0])
    import numpy as np

    x = _as_float(args[0])
    if arrays:
        with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
            return {"sqrt": np.sqrt, "exp": np.exp, "log": np.log}[name](x)
    x = float(x)
    if name == "sqrt" and x < 0:
        raise ExpressionError(f"sqrt({x:g}) is not a real number")
    if name == "log" and x <= 0:
        raise ExpressionError(f"log({x:g}) is not defined (log needs a positive number)")
    if name == "exp" and x > 700:
        raise ExpressionError(f"exp({x:g}) is too large for a float")
    return {"sqrt": math.sqrt, "exp": math.exp, "log": math.log}[name](x)


# -- parsing --------------------------------------------------------------------------------
def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match:
            char = text[position:].lstrip()[:1]
            if char == ".":
                raise ExpressionError("attribute access ('.') is not allowed")
            if char in "'\"":
                raise ExpressionError("strings are not allowed in expressions")
            raise ExpressionError(f"unexpected character {char!r}")
        kind = match.lastgroup
        assert kind is not None, "every alternative of the token pattern is a named group"
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str, parameters: Collection[str]) -> None:
        self.tokens = _tokenize(text)
        self.index = 0
        self.parameters = parameters
        self.depth = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise ExpressionError("unexpected end of expression" + (f" (expected '{value}')" if value else ""))
        if value is not None and token[1] != value:
            raise ExpressionError(f"expected '{value}' but found '{token[1]}'")
        self.index += 1
        return token

    def parse(self) -> Expression:
        if not self.tokens:
            raise ExpressionError("empty expression")
        expr = self.expr()
        rest = self.peek()
        if rest is not None:
            raise ExpressionError(f"unexpected '{rest[1]}'")
        return expr

    def expr(self) -> Expression:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(f"expression nested too deeply (at most {MAX_DEPTH} levels)")
        left = self.term()
        while (token := self.peek()) and token[1] in "+-" and token[0] == "op":
            self.take()
            left = _fold(Expression(token[1], (left, self.term())))
        self.depth -= 1
        return left

    def term(self) -> Expression:
        left = self.unary()
        while (token := self.peek()) and token[0] == "op" and token[1] in ("*", "/"):
            self.take()
            left = _fold(Expression(token[1], (left, self.unary())))
        return left

    def unary(self) -> Expression:
        token = self.peek()
        if token and token[1] in ("-", "+"):
            self.take()
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise ExpressionError(f"expression nested too deeply (at most {MAX_DEPTH} levels)")
            operand = self.unary()
            self.depth -= 1
            return _fold(Expression("neg", (operand,))) if token[1] == "-" else operand
        return self.power()

    def power(self) -> Expression:
        base = self.atom()
        token = self.peek()
        if token and token[1] in ("^", "**"):
            self.take()
            return _fold(Expression("^", (base, self.unary())))
        return base

    def atom(self) -> Expression:
        kind, value = self.take()
        if kind == "number":
            return Expression.number(number_literal(value))
        if kind == "name":
            nxt = self.peek()
            if nxt and nxt[1] == "(":
                return self.call(value)
            if value not in self.parameters:
                known = sorted(self.parameters)
                hint = did_you_mean(value, known)
                declared = f"; declared: {', '.join(known)}" if known and not hint else ""
                raise ExpressionError(f"unknown parameter '{value}'{hint}{declared}")
            return Expression("par", (value,))
        if value == "(":
            inner = self.expr()
            self.take(")")
            return inner
        raise ExpressionError(f"unexpected '{value}'")

    def call(self, name: str) -> Expression:
        if name not in FUNCTIONS:
            raise ExpressionError(f"unknown function '{name}'{did_you_mean(name, FUNCTIONS)}; "
                                  f"allowed: {', '.join(FUNCTIONS)}")
        self.take("(")
        args = [self.expr()]
        while (token := self.peek()) and token[1] == ",":
            self.take()
            args.append(self.expr())
        self.take(")")
        arity = FUNCTIONS[name]
        if (arity is None and len(args) < 2) or (arity is not None and len(args) != arity):
            expected = "two or more arguments" if arity is None else f"{arity} argument"
            raise ExpressionError(f"{name}() takes {expected}, got {len(args)}")
        return _fold(Expression(name, tuple(args)))


def number_literal(text: str) -> Fraction:
    """The exact value of a number literal, refused before any arithmetic when it has more than
    :data:`MAX_DIGITS` digits or an exponent beyond +-:data:`MAX_DIGITS` (``1e100000000``)."""
    mantissa, _, exponent = text.lower().partition("e")
    digits = len(mantissa.replace(".", "").lstrip("0"))
    if len(mantissa) > MAX_DIGITS + 1 or digits > MAX_DIGITS:
        raise ExpressionError(f"number with more than {MAX_DIGITS} digits")
    if exponent:
        if len(exponent.lstrip("+-").lstrip("0")) > 4 or abs(int(exponent)) > MAX_DIGITS:
            raise ExpressionError(f"the exponent of {text[:20]} is out of range (at most {MAX_DIGITS} either way)")
        whole = len(mantissa.partition(".")[0].lstrip("0"))
        if whole + int(exponent) > MAX_DIGITS:
            raise ExpressionError(f"{text[:20]} is too large (at most {MAX_DIGITS} digits)")
    return _bounded(Fraction(text))


def exact_number(text: str) -> Fraction:
    """A signed number or fraction written in a Gambit file (``-3``, ``1.5e2``, ``-3/2``), bounded
    like :func:`number_literal`; ``ValueError`` (an :class:`ExpressionError` when out of bounds)
    if it is not one."""
    numerator, _, denominator = text.partition("/")
    sign = -1 if numerator.startswith("-") else 1
    numerator = numerator[1:] if numerator[:1] in "+-" else numerator
    pattern = r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
    if not re.fullmatch(pattern, numerator) or (denominator and not re.fullmatch(pattern, denominator)):
        raise ValueError(f"not a number: {text[:40]!r}")
    value = sign * number_literal(numerator)
    if denominator:
        value = _bounded(value / number_literal(denominator))  # ZeroDivisionError for x/0
    return value


def _fold(expr: Expression) -> Expression:
    """Evaluate operations on constants now, exactly, so ``3/4`` is the number 3/4."""
    if all(isinstance(a, Expression) and a.op == "num" for a in expr.args) and expr.op not in ("sqrt", "exp", "log"):
        try:
            value = expr.evaluate({})
        except ZeroDivisionError as error:
            raise ExpressionError(f"division by zero ({error})") from None
        except OverflowError:
            raise ExpressionError(f"{expr} is too large for a float") from None
        if isinstance(value, Fraction):
            return Expression.number(value)
    return expr


def _operations_deep(expr: Expression) -> int:
    """How many operations lie on the longest path from the root to a leaf (iteratively)."""
    deepest, stack = 0, [(expr, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if node.op not in ("num", "par"):
            stack.extend((arg, depth + 1) for arg in node.args)
    return deepest


def parse_expression(value: Any, parameters: Collection[str], *, file: str | None = None,
                     line: int | None = None, column: int | None = None,
                     key: str | None = None) -> Expression:
    """Parse a YAML value (number or text) into an :class:`Expression`.

    Integers and decimals are exact (``0.1`` is 1/10). Booleans, nulls, lists and mappings
    are refused, as are non-finite numbers, unknown names (with a did-you-mean), calls to
    anything but the functions in :data:`FUNCTIONS`, and attribute access.
    """

    def fail(message: str) -> InputError:
        return InputError(message, file=file, line=line, column=column, key=key)

    if isinstance(value, bool) or value is None:
        raise fail(f"expected a number or an expression, got {value!r}")
    try:
        if isinstance(value, (int, Fraction)):
            return Expression.number(_bounded(Fraction(value)))
        if isinstance(value, float):
            if not math.isfinite(value):
                raise fail(f"the value {value} is not a finite number")
            return Expression.number(_bounded(Fraction(repr(value))))
    except ExpressionError as error:
        raise fail(f"{error} (numbers must lie within about 10^301)") from None
    if not isinstance(value, str):
        raise fail(f"expected a number or an expression, got a {type(value).__name__}")
    if len(value) > MAX_LENGTH:
        raise fail(f"expression longer than {MAX_LENGTH} characters")
    lowered = value.strip().lower()
    if lowered in ("nan", "inf", "-inf", "+inf", ".nan", ".inf", "-.inf", "infinity", "-infinity"):
        raise fail(f"the value {value!r} is not a finite number")
    try:
        expr = _Parser(value, parameters).parse()
    except ExpressionError as error:
        raise fail(f"{error} in {_shorten(value)}") from None
    if _operations_deep(expr) > MAX_OPERATIONS_DEEP:
        raise fail(f"expression more than {MAX_OPERATIONS_DEEP} operations deep in {_shorten(value)}")
    return expr


def _shorten(text: str) -> str:
    """``text`` quoted, cut to 80 characters for a message."""
    return repr(text) if len(text) <= 80 else repr(text[:77] + "...")
