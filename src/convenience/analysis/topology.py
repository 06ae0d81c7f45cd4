"""Which canonical dilemma is this 2x2 game? The Robinson-Goforth topology of ordinal games.

Only the order of each player's four payoffs matters for the strategic type of a 2x2 game.
With strict preferences each player ranks the four outcomes 1 (worst) to 4 (best). Relabelling
the row player's strategies or the column player's strategies does not change the game, and
no strict game is fixed by such a relabelling, so the 4! x 4! = 576 pairs of orderings fall into
exactly 144 games (Robinson and Goforth, *The Topology of the 2x2 Games*, 2005).

Orientation (Bruns, "Names for Games", *Games* 6, 2015): swap rows so that the row player's
best outcome (4) is in the second row, and swap columns so that the column player's best outcome
is in the second column. Each player's payoffs are then one of 12 *types*:

* where the player's 4 lies: in the other player's first strategy (family "unaligned": the
  best outcome needs the other to forgo *its* best) or in the other player's second strategy
  (family "aligned");
* how ranks 1, 2, 3 fill the other three cells (6 ways). Types are numbered around the
  hexagon that swapping two adjacent ranks (1 with 2, or 2 with 3) walks through, so
  neighbouring numbers are neighbouring games in the topology.

The 12 symmetric games (both players of the same type) carry the standard names; an
asymmetric game is named by its two types, row player's first ("Prisoner's Dilemma /
Chicken"). The *layer* (1-4) says which players are aligned: 1 neither (Prisoner's Dilemma,
Chicken, ...), 2 only the row player, 3 only the column player, 4 both (a common best outcome:
Stag Hunt, Harmony, ...). Numbers here are this project's; the printed table of Robinson and
Goforth orders its rows differently, but the games, their neighbourhoods and names agree.

Ties: a game with tied payoffs is not one of the 144 strict games. :func:`classify_2x2` marks it
``strict=False`` and lists, as ``candidates``, the strict games obtained by breaking each tie
either way (the games it borders). :func:`classify_many` returns type 0 for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations, product

import numpy as np

from convenience.normal_form import GameOrPayoffs, payoff_array

#: Type number -> (name, short code), in hexagon order within each family.
TYPES: dict[int, tuple[str, str]] = {
    1: ("Prisoner's Dilemma", "Pd"),
    2: ("Chicken", "Ch"),
    3: ("Leader", "Le"),
    4: ("Battle of the Sexes (Hero)", "Hr"),
    5: ("Compromise", "Cm"),
    6: ("Deadlock", "Dl"),
    7: ("Stag Hunt", "Sh"),
    8: ("Harmony", "Ha"),
    9: ("Concord", "Nc"),
    10: ("Peace", "Pc"),
    11: ("Coordination", "Co"),
    12: ("Assurance", "As"),
}

# Ranks (1-4) of cells (own first, other's first), (own first, other's second), (own second,
# other's first), (own second, other's second) for each type, own 4 in own second strategy.
_UNALIGNED = [(3, 1, 2), (3, 2, 1), (2, 3, 1), (1, 3, 2), (1, 2, 3), (2, 1, 3)]  # (a, b, d); c = 4
_ALIGNED = [(2, 3, 1), (1, 3, 2), (1, 2, 3), (2, 1, 3), (3, 1, 2), (3, 2, 1)]  # (a, b, c); d = 4

PATTERNS: dict[int, np.ndarray] = {}
for _h, (_a, _b, _d) in enumerate(_UNALIGNED):
    PATTERNS[1 + _h] = np.array([[_a, _b], [4, _d]])
for _h, (_a, _b, _c) in enumerate(_ALIGNED):
    PATTERNS[7 + _h] = np.array([[_a, _b], [_c, 4]])

# lookup: ranks - 1 of the 4 cells in base 4 -> type (0 if the pattern is not oriented)
_LOOKUP = np.zeros(256, dtype=np.int8)
for _t, _m in PATTERNS.items():
    _r = _m.ravel() - 1
    _LOOKUP[64 * _r[0] + 16 * _r[1] + 4 * _r[2] + _r[3]] = _t


@dataclass(frozen=True)
class Dilemma:
    """The place of one 2x2 game in the topology.

    ``row_type``/``column_type`` are 1-12 (0 when the game has ties), ``ordinal`` the ranks
    (shape ``(2, 2, 2)``, absolute axes) in the oriented game, whose rows are the original
    rows ``row_order`` and columns the original columns ``column_order``.
    """

    name: str
    code: str
    row_type: int
    column_type: int
    layer: int
    symmetric: bool
    strict: bool
    ordinal: np.ndarray
    row_order: tuple[int, int]
    column_order: tuple[int, int]
    candidates: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "name": self.name, "code": self.code, "row_type": self.row_type,
            "column_type": self.column_type, "layer": self.layer, "symmetric": self.symmetric,
            "strict": self.strict, "ordinal": self.ordinal.tolist(),
            "row_order": list(self.row_order), "column_order": list(self.column_order),
            "candidates": list(self.candidates),
        }


def type_name(row_type: int, column_type: int) -> str:
    """``"Stag Hunt"`` for a symmetric game, ``"Prisoner's Dilemma / Chicken"`` otherwise."""
    if row_type == column_type:
        return TYPES[row_type][0]
    return f"{TYPES[row_type][0]} / {TYPES[column_type][0]}"


def type_code(row_type: int, column_type: int) -> str:
    if row_type == column_type:
        return TYPES[row_type][1]
    return f"{TYPES[row_type][1]}-{TYPES[column_type][1]}"


def layer_of(row_type: int, column_type: int) -> int:
    """1: neither player aligned, 2: row only, 3: column only, 4: both."""
    return 1 + (row_type > 6) + 2 * (column_type > 6)


def _ranks(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ranks 1-4 of the 4 cells (axis 0) and a mask of games with a tie."""
    less = (values[None, :] < values[:, None]).sum(axis=1)  # how many cells are below each cell
    ranks = less + 1
    tie = np.zeros(values.shape[1:], dtype=bool)
    for i in range(4):
        for j in range(i + 1, 4):
            tie |= values[i] == values[j]
    return ranks, tie


def classify_many(payoffs) -> tuple[np.ndarray, np.ndarray]:
    """Row and column types (1-12, 0 for games with ties) of a batch ``(2, 2, 2, n_games)``."""
    x = np.asarray(payoffs, dtype=float)
    if x.ndim == 3:
        x = x[..., None]
    if x.shape[:3] != (2, 2, 2):
        raise ValueError(f"payoffs must have shape (2, 2, 2, n_games), got {x.shape}")
    n = x.shape[-1]
    ra, tie_a = _ranks(x[0].reshape(4, n))
    rb, tie_b = _ranks(x[1].reshape(4, n))
    ra, rb = ra.reshape(2, 2, n), rb.reshape(2, 2, n)
    # orient: row player's 4 in row 1, column player's 4 in column 1
    flip_r = (ra[0] == 4).any(axis=0)
    flip_c = (rb[:, 0] == 4).any(axis=0)
    ra = _orient(ra, flip_r, flip_c)
    rb = _orient(rb, flip_r, flip_c)
    row_type = _LOOKUP[_code(ra)]
    column_type = _LOOKUP[_code(np.swapaxes(rb, 0, 1))]
    strict = ~(tie_a | tie_b)
    return np.where(strict, row_type, 0).astype(np.int8), np.where(strict, column_type, 0).astype(np.int8)


def _orient(r: np.ndarray, flip_r: np.ndarray, flip_c: np.ndarray) -> np.ndarray:
    r = np.where(flip_r, r[::-1], r)
    return np.where(flip_c, r[:, ::-1], r)


def _code(r: np.ndarray) -> np.ndarray:
    r = np.clip(r - 1, 0, 3)
    return 64 * r[0, 0] + 16 * r[0, 1] + 4 * r[1, 0] + r[1, 1]


def classify_2x2(game: GameOrPayoffs) -> Dilemma:
    """Place a 2x2 game (a ``NormalFormGame`` or an array ``(2, 2, 2)``) in the topology."""
    x = payoff_array(game)
    if x.shape != (2, 2, 2):
        raise ValueError(f"the Robinson-Goforth topology covers 2x2 games; this game has shape {x.shape}")
    ra, tie_a = _ranks(x[0].reshape(4, 1))
    rb, tie_b = _ranks(x[1].reshape(4, 1))
    ra, rb = ra.reshape(2, 2), rb.reshape(2, 2)
    flip_r = bool((ra[0] == 4).any())
    flip_c = bool((rb[:, 0] == 4).any())
    row_order = (1, 0) if flip_r else (0, 1)
    column_order = (1, 0) if flip_c else (0, 1)
    oriented = np.array([ra, rb])[:, list(row_order)][:, :, list(column_order)]
    if not (tie_a[0] or tie_b[0]):
        t_row, t_col = (int(v[0]) for v in classify_many(x))
        return Dilemma(type_name(t_row, t_col), type_code(t_row, t_col), t_row, t_col,
                       layer_of(t_row, t_col), t_row == t_col, True, oriented, row_order, column_order)
    names = sorted({type_name(*(int(v[0]) for v in classify_many(g))) for g in _tie_breakings(x)})
    return Dilemma("ties: between " + " and ".join(names) if len(names) <= 2 else
                   f"ties: borders {len(names)} games", "tie", 0, 0, 0, False, False, oriented,
                   row_order, column_order, tuple(names))


def _tie_breakings(x: np.ndarray):
    """Every strict game whose orders refine the (weak) orders of ``x``."""
    options = []
    for player in range(2):
        v = x[player].ravel()
        orders = []
        for perm in permutations(range(4)):
            strict = np.empty(4)
            strict[list(perm)] = np.arange(4)
            if all((v[i] < v[j]) <= (strict[i] < strict[j]) for i in range(4) for j in range(4)):
                orders.append(strict.reshape(2, 2))
        options.append(orders)
    for a, b in product(*options):
        yield np.array([a, b])


def dilemma_namer(game):
    """For a parametric 2x2 game: a function naming the dilemma at arrays of parameter values.

    The returned function takes ``{name: array}`` (the other parameters at baseline) and gives
    one name per point ("Prisoner's Dilemma", "Stag Hunt / Chicken", or "ties" for games with
    payoff ties), computed for all points in one array pass. ``None`` for other games.
    """
    if tuple(len(s) for s in getattr(game, "strategies", ())) != (2, 2):
        return None
    payoffs_at = game.numeric_function()

    def names(points):
        arrays = {k: np.ravel(np.asarray(v, dtype=float)) for k, v in points.items()}
        payoffs = payoffs_at(**arrays)
        n = max((a.size for a in arrays.values()), default=1)
        payoffs = np.broadcast_to(payoffs.reshape(2, 2, 2, -1), (2, 2, 2, n))
        rows, columns = classify_many(payoffs)
        cache: dict = {}
        return [cache.setdefault((r, c), "ties" if r == 0 or c == 0 else type_name(int(r), int(c)))
                for r, c in zip(rows.tolist(), columns.tolist())]

    return names
