/* Solving a game at one parameter point, in the page: the same algorithms as convenience's
   solvers, in floating point (every equilibrium is checked by its regret before it is shown).
   - two players: vertex enumeration of the best-response polytopes (every extreme equilibrium);
   - three players: support enumeration (pure, two mixers: linear systems; three mixers:
     the quadratic their indifference conditions reduce to);
   - trees: subgame by subgame from the deepest, backward induction with every tie combination
     where information is perfect, a one-player choice otherwise;
   - repeated games: the stage game's equilibria and the grim-trigger critical discount factor.
   Nothing here touches the page; it reads the game data and returns plain objects. */
"use strict";

var Solve = (function () {
  var TOL = 1e-9;
  var CAP = 64;

  /* -- expressions: nested lists compiled to closures over the parameter vector -- */
  var FUNCTIONS = {
    "+": function (a) { return a[0] + a[1]; },
    "-": function (a) { return a[0] - a[1]; },
    "*": function (a) { return a[0] * a[1]; },
    "/": function (a) { return a[0] / a[1]; },
    "^": function (a) { return Math.pow(a[0], a[1]); },
    "neg": function (a) { return -a[0]; },
    "min": function (a) { return Math.min.apply(null, a); },
    "max": function (a) { return Math.max.apply(null, a); },
    "abs": function (a) { return Math.abs(a[0]); },
    "sqrt": function (a) { return Math.sqrt(a[0]); },
    "exp": function (a) { return Math.exp(a[0]); },
    "log": function (a) { return Math.log(a[0]); }
  };

  function compile(node) {
    var op = node[0];
    if (op === "n") { var c = node[1]; return function () { return c; }; }
    if (op === "p") { var k = node[1]; return function (v) { return v[k]; }; }
    if (!Object.prototype.hasOwnProperty.call(FUNCTIONS, op)) { throw new Error("unknown operation"); }
    var f = FUNCTIONS[op];
    var args = node.slice(1).map(compile);
    return function (v) {
      var a = new Array(args.length);
      for (var i = 0; i < args.length; i++) { a[i] = args[i](v); }
      return f(a);
    };
  }

  /* -- small linear algebra -- */
  function solveLinear(M, b) {
    var n = b.length, A = M.map(function (row, i) { return row.slice().concat([b[i]]); });
    for (var c = 0; c < n; c++) {
      var p = c;
      for (var r = c + 1; r < n; r++) { if (Math.abs(A[r][c]) > Math.abs(A[p][c])) { p = r; } }
      if (Math.abs(A[p][c]) < 1e-12) { return null; }
      var t = A[c]; A[c] = A[p]; A[p] = t;
      for (r = 0; r < n; r++) {
        if (r === c) { continue; }
        var f = A[r][c] / A[c][c];
        if (f !== 0) { for (var k = c; k <= n; k++) { A[r][k] -= f * A[c][k]; } }
      }
    }
    return A.map(function (row, i) { return row[n] / row[i]; });
  }

  function subsets(n) {
    var out = [];
    for (var mask = 1; mask < (1 << n); mask++) {
      var s = [];
      for (var i = 0; i < n; i++) { if (mask & (1 << i)) { s.push(i); } }
      out.push(s);
    }
    return out;
  }

  function combinations(n, k) {
    var out = [], pick = [];
    (function go(start) {
      if (pick.length === k) { out.push(pick.slice()); return; }
      for (var i = start; i < n; i++) { pick.push(i); go(i + 1); pick.pop(); }
    })(0);
    return out;
  }

  function quadraticRoots(a, b, c, scale) {
    var eps = 1e-12 * scale;
    if (Math.abs(a) <= eps) {
      if (Math.abs(b) <= eps) { return Math.abs(c) <= eps ? null : []; }
      return [-c / b];
    }
    var d = b * b - 4 * a * c;
    if (d < -1e-12 * scale * scale) { return []; }
    d = Math.sqrt(Math.max(d, 0));
    var q = -0.5 * (b + (b >= 0 ? d : -d));
    var roots = [q / a];
    if (q !== 0) { roots.push(c / q); } else { roots.push(0); }
    return roots;
  }

  /* -- normal-form games: payoffs[p][flat index], shape -- */
  function NormalGame(shape, payoffs) {
    this.shape = shape;
    this.payoffs = payoffs;
    this.n = shape.length;
    var strides = new Array(this.n), s = 1;
    for (var i = this.n - 1; i >= 0; i--) { strides[i] = s; s *= shape[i]; }
    this.strides = strides;
    this.size = s;
    var big = 1;
    payoffs.forEach(function (row) { row.forEach(function (x) { big = Math.max(big, Math.abs(x)); }); });
    this.scale = big;
  }
  NormalGame.prototype.cell = function (idx) {
    var k = 0;
    for (var i = 0; i < this.n; i++) { k += idx[i] * this.strides[i]; }
    return k;
  };
  NormalGame.prototype.u = function (p, idx) { return this.payoffs[p][this.cell(idx)]; };
  /* player p's payoff from each pure strategy against the others' mixtures */
  NormalGame.prototype.pureValues = function (p, profile) {
    var g = this, out = new Array(g.shape[p]).fill(0), idx = new Array(g.n).fill(0);
    (function go(i, w) {
      if (w === 0) { return; }
      if (i === g.n) {
        for (var s = 0; s < g.shape[p]; s++) { idx[p] = s; out[s] += w * g.u(p, idx); }
        return;
      }
      if (i === p) { go(i + 1, w); return; }
      for (var t = 0; t < g.shape[i]; t++) { idx[i] = t; go(i + 1, w * profile[i][t]); }
    })(0, 1);
    return out;
  };
  NormalGame.prototype.expected = function (profile) {
    var g = this;
    return profile.map(function (x, p) {
      var v = g.pureValues(p, profile);
      return v.reduce(function (acc, y, s) { return acc + y * x[s]; }, 0);
    });
  };
  NormalGame.prototype.regret = function (profile) {
    var g = this, worst = 0;
    profile.forEach(function (x, p) {
      var v = g.pureValues(p, profile), best = Math.max.apply(null, v);
      var got = v.reduce(function (acc, y, s) { return acc + y * x[s]; }, 0);
      worst = Math.max(worst, best - got);
    });
    return worst;
  };
  NormalGame.prototype.range = function () {
    var lo = Infinity, hi = -Infinity;
    this.payoffs.forEach(function (row) { row.forEach(function (x) { lo = Math.min(lo, x); hi = Math.max(hi, x); }); });
    return Math.max(hi - lo, 1e-300);
  };

  function clean(x) {
    var y = x.map(function (v) { return v < 0 ? 0 : v; }), s = y.reduce(function (a, b) { return a + b; }, 0);
    return y.map(function (v) { v = v / s; return Math.abs(v) < 1e-12 ? 0 : (Math.abs(1 - v) < 1e-12 ? 1 : v); });
  }

  /* keep verified, distinct profiles, in a fixed order */
  function finish(game, profiles) {
    var seen = {}, out = [], limit = 1e-7 * game.range();
    profiles.forEach(function (prof) {
      prof = prof.map(clean);
      if (game.regret(prof) > limit) { return; }
      var key = JSON.stringify(prof.map(function (x) { return x.map(function (v) { return v.toFixed(7); }); }));
      if (seen[key]) { return; }
      seen[key] = true;
      out.push(prof);
    });
    out.sort(function (a, b) { return supportSize(a) - supportSize(b) || compareProfiles(a, b); });
    return out;
  }

  /* the solvers' order: pure equilibria first, then by support size, then by probabilities (larger first) */
  function supportSize(profile) {
    return profile.reduce(function (n, x) { return n + x.filter(function (v) { return v > 0; }).length; }, 0);
  }

  function compareProfiles(a, b) {
    var fa = [].concat.apply([], a), fb = [].concat.apply([], b);
    for (var i = 0; i < fa.length; i++) { if (fa[i] !== fb[i]) { return fb[i] - fa[i]; } }
    return 0;
  }

  /* two players: vertices of P = {x >= 0, B'x <= 1} and Q = {A'y <= 1, y >= 0}, completely labelled pairs */
  function polytopeVertices(m, n, C, rowsFirst) {
    // variables z (size k); constraints: k sign constraints z_i >= 0 and the other side's inequalities
    var k = rowsFirst ? m : n, other = rowsFirst ? n : m;
    var cons = [];  // {coef, rhs, label}
    for (var i = 0; i < k; i++) {
      var e = new Array(k).fill(0); e[i] = 1;
      cons.push({ coef: e, rhs: 0, label: rowsFirst ? i : m + i, sign: true });
    }
    for (var j = 0; j < other; j++) {
      var row = new Array(k);
      for (i = 0; i < k; i++) { row[i] = rowsFirst ? C[i][j] : C[j][i]; }
      cons.push({ coef: row, rhs: 1, label: rowsFirst ? m + j : j, sign: false });
    }
    var out = [], seen = {};
    combinations(cons.length, k).forEach(function (pick) {
      var z = solveLinear(pick.map(function (c) { return cons[c].coef; }), pick.map(function (c) { return cons[c].rhs; }));
      if (!z) { return; }
      var labels = 0, ok = true;
      cons.forEach(function (c) {
        var lhs = 0;
        for (var t = 0; t < k; t++) { lhs += c.coef[t] * z[t]; }
        if (c.sign ? lhs < -TOL : lhs > 1 + TOL) { ok = false; }
        if (Math.abs(lhs - c.rhs) <= TOL) { labels |= (1 << c.label); }
      });
      if (!ok) { return; }
      var key = z.map(function (v) { return v.toFixed(9); }).join(",");
      if (seen[key]) { return; }
      seen[key] = true;
      if (z.every(function (v) { return Math.abs(v) <= TOL; })) { return; }
      out.push({ z: z, labels: labels });
    });
    return out;
  }

  function bimatrix(game) {
    var m = game.shape[0], n = game.shape[1];
    var A = [], B = [], minA = Infinity, minB = Infinity;
    for (var i = 0; i < m; i++) {
      A.push([]); B.push([]);
      for (var j = 0; j < n; j++) {
        var a = game.u(0, [i, j]), b = game.u(1, [i, j]);
        A[i].push(a); B[i].push(b); minA = Math.min(minA, a); minB = Math.min(minB, b);
      }
    }
    var scaleA = Math.max(1, game.scale), shiftA = A.map(function (r) { return r.map(function (v) { return (v - minA) / scaleA + 1; }); });
    var shiftB = B.map(function (r) { return r.map(function (v) { return (v - minB) / scaleA + 1; }); });
    var P = polytopeVertices(m, n, shiftB, true), Q = polytopeVertices(m, n, shiftA, false);
    var all = (1 << (m + n)) - 1, found = [];
    P.forEach(function (x) {
      Q.forEach(function (y) {
        if ((x.labels | y.labels) === all) { found.push([x.z, y.z]); }
      });
    });
    return finish(game, found);
  }

  /* three players: support enumeration */
  function threePlayers(game) {
    var supports = game.shape.map(subsets), found = [], skipped = false;
    supports[0].forEach(function (s0) {
      supports[1].forEach(function (s1) {
        supports[2].forEach(function (s2) {
          var got = supportCandidates(game, [s0, s1, s2]);
          if (got === null) { skipped = true; return; }
          got.forEach(function (p) { found.push(p); });
        });
      });
    });
    var out = finish(game, found);
    out.incomplete = skipped;
    return out;
  }

  function fullProfile(game, supports, probs) {
    return supports.map(function (s, p) {
      var x = new Array(game.shape[p]).fill(0);
      s.forEach(function (k, t) { x[k] = probs[p][t]; });
      return x;
    });
  }

  function positive(probs) {
    return probs.every(function (x) { return x.every(function (v) { return v > -1e-10 && isFinite(v); }); });
  }

  /* U_i with player i at strategy a, the others at the given strategies */
  function pay(game, i, idx) { return game.u(i, idx); }

  function supportCandidates(game, S) {
    var mixers = [0, 1, 2].filter(function (p) { return S[p].length > 1; });
    if (mixers.length === 0) { return [fullProfile(game, S, [[1], [1], [1]])]; }
    if (mixers.length === 1) { return []; }  // indifference of one mixer is a condition on pure opponents: non-generic
    if (mixers.length === 2) { return twoMixers(game, S, mixers); }
    var sizes = S.map(function (s) { return s.length; });
    var big = sizes.filter(function (k) { return k > 2; });
    if (big.length === 0) { return threeMixers222(game, S); }
    if (big.length === 1 && big[0] === 3) { return threeMixers322(game, S); }
    return null;
  }

  function twoMixers(game, S, mixers) {
    var i = mixers[0], j = mixers[1], k = 3 - i - j;
    if (S[i].length !== S[j].length) { return []; }
    var a = S[i].length, idx = [0, 0, 0];
    idx[k] = S[k][0];
    function mixOf(me, them) {  // probabilities of `them` making `me` indifferent
      var M = [], rhs = [];
      S[me].forEach(function (s) {
        var row = [];
        S[them].forEach(function (t) { idx[me] = s; idx[them] = t; row.push(pay(game, me, idx)); });
        row.push(-1);
        M.push(row); rhs.push(0);
      });
      var last = S[them].map(function () { return 1; }); last.push(0);
      M.push(last); rhs.push(1);
      var z = solveLinear(M, rhs);
      return z ? z.slice(0, a) : null;
    }
    var y = mixOf(i, j), x = mixOf(j, i);
    if (!x || !y) { return []; }
    var probs = [[1], [1], [1]];
    probs[i] = x; probs[j] = y;
    return positive(probs) ? [fullProfile(game, S, probs)] : [];
  }

  /* bilinear form of player i's payoff difference between strategies a and b, in the
     first-support-strategy probabilities u (player pu) and v (player pv): alpha + beta u + gamma v + delta u v */
  function bilinear(game, S, i, a, b, pu, pv) {
    var idx = [0, 0, 0];
    function d(ku, kv) {
      idx[pu] = S[pu][ku]; idx[pv] = S[pv][kv];
      idx[i] = a; var x = pay(game, i, idx);
      idx[i] = b; return x - pay(game, i, idx);
    }
    var d00 = d(0, 0), d01 = d(0, 1), d10 = d(1, 0), d11 = d(1, 1);
    return [d11, d01 - d11, d10 - d11, d00 - d01 - d10 + d11];
  }
  function bil(f, u, v) { return f[0] + f[1] * u + f[2] * v + f[3] * u * v; }

  function threeMixers222(game, S) {
    var sc = game.scale, eps = 1e-12 * sc;
    var E0 = bilinear(game, S, 0, S[0][0], S[0][1], 1, 2);  // in (q, r)
    var E1 = bilinear(game, S, 1, S[1][0], S[1][1], 0, 2);  // in (p, r)
    var E2 = bilinear(game, S, 2, S[2][0], S[2][1], 0, 1);  // in (p, q)
    var rs;
    var q0 = [E0[1], E0[3]], p1 = [E1[1], E1[3]];  // coefficient of q in E0 (as a + b r), of p in E1
    if (Math.abs(q0[0]) <= eps && Math.abs(q0[1]) <= eps) {
      rs = quadraticRoots(0, E0[2], E0[0], sc);
    } else if (Math.abs(p1[0]) <= eps && Math.abs(p1[1]) <= eps) {
      rs = quadraticRoots(0, E1[2], E1[0], sc);
    } else {
      // q = Nq/Dq, p = Np/Dp as functions of r; E2 * Dp * Dq is quadratic in r
      var Nq = [-E0[0], -E0[2]], Dq = [E0[1], E0[3]], Np = [-E1[0], -E1[2]], Dp = [E1[1], E1[3]];
      var mul = function (f, g) { return [f[0] * g[0], f[0] * g[1] + f[1] * g[0], f[1] * g[1]]; };
      var DD = mul(Dp, Dq), PD = mul(Np, Dq), QD = mul(Nq, Dp), PQ = mul(Np, Nq);
      var c = [0, 1, 2].map(function (t) { return E2[0] * DD[t] + E2[1] * PD[t] + E2[2] * QD[t] + E2[3] * PQ[t]; });
      rs = quadraticRoots(c[2], c[1], c[0], sc * sc * sc);
    }
    if (rs === null) { return null; }
    var out = [];
    rs.forEach(function (r) {
      if (!(r > -1e-10 && r < 1 + 1e-10)) { return; }
      var p = null, q = null;
      var dq = E0[1] + E0[3] * r, dp = E1[1] + E1[3] * r;
      if (Math.abs(dq) > eps) { q = -(E0[0] + E0[2] * r) / dq; }
      if (Math.abs(dp) > eps) { p = -(E1[0] + E1[2] * r) / dp; }
      if (q === null && p !== null) { var d2 = E2[2] + E2[3] * p; if (Math.abs(d2) > eps) { q = -(E2[0] + E2[1] * p) / d2; } }
      if (p === null && q !== null) { var d3 = E2[1] + E2[3] * q; if (Math.abs(d3) > eps) { p = -(E2[0] + E2[2] * q) / d3; } }
      if (p === null || q === null) { return; }
      var tol = 1e-7 * sc;
      if (Math.abs(bil(E0, q, r)) > tol || Math.abs(bil(E1, p, r)) > tol || Math.abs(bil(E2, p, q)) > tol) { return; }
      var probs = [[p, 1 - p], [q, 1 - q], [r, 1 - r]];
      if (positive(probs)) { out.push(fullProfile(game, S, probs)); }
    });
    return out;
  }

  function threeMixers322(game, S) {
    var sc = game.scale, eps = 1e-12 * sc;
    var B = S[0].length === 3 ? 0 : (S[1].length === 3 ? 1 : 2);
    var o = [0, 1, 2].filter(function (p) { return p !== B; }), U = o[0], V = o[1];
    var Ea = bilinear(game, S, B, S[B][0], S[B][1], U, V), Eb = bilinear(game, S, B, S[B][0], S[B][2], U, V);
    // q (U's prob) from Ea and Eb must agree: (a1 + c1 r)(b2 + d2 r) - (a2 + c2 r)(b1 + d1 r) = 0
    var c0 = Ea[0] * Eb[1] - Eb[0] * Ea[1];
    var c1 = Ea[0] * Eb[3] + Ea[2] * Eb[1] - Eb[0] * Ea[3] - Eb[2] * Ea[1];
    var c2 = Ea[2] * Eb[3] - Eb[2] * Ea[3];
    var rs = quadraticRoots(c2, c1, c0, sc * sc);
    if (rs === null) { return null; }
    var out = [], idx = [0, 0, 0];
    rs.forEach(function (r) {
      if (!(r > -1e-10 && r < 1 + 1e-10)) { return; }
      var q = null, da = Ea[1] + Ea[3] * r, db = Eb[1] + Eb[3] * r;
      if (Math.abs(da) > eps) { q = -(Ea[0] + Ea[2] * r) / da; } else if (Math.abs(db) > eps) { q = -(Eb[0] + Eb[2] * r) / db; }
      if (q === null) { return; }
      var tol = 1e-7 * sc;
      if (Math.abs(bil(Ea, q, r)) > tol || Math.abs(bil(Eb, q, r)) > tol) { return; }
      var wU = [q, 1 - q], wV = [r, 1 - r];
      // U indifferent: sum_k p_k sum_v wV[v] (u_U(k, U0, v) - u_U(k, U1, v)) = 0; V likewise with wU
      var rowU = S[B].map(function (k) {
        var s = 0; idx[B] = k;
        for (var v = 0; v < 2; v++) {
          idx[V] = S[V][v]; idx[U] = S[U][0]; var x = pay(game, U, idx);
          idx[U] = S[U][1]; s += wV[v] * (x - pay(game, U, idx));
        }
        return s;
      });
      var rowV = S[B].map(function (k) {
        var s = 0; idx[B] = k;
        for (var u = 0; u < 2; u++) {
          idx[U] = S[U][u]; idx[V] = S[V][0]; var x = pay(game, V, idx);
          idx[V] = S[V][1]; s += wU[u] * (x - pay(game, V, idx));
        }
        return s;
      });
      var p = solveLinear([rowU, rowV, [1, 1, 1]], [0, 0, 1]);
      if (!p) { return; }
      var probs = [[1], [1], [1]];
      probs[B] = p; probs[U] = wU; probs[V] = wV;
      if (positive(probs)) { out.push(fullProfile(game, S, probs)); }
    });
    return out;
  }

  function normalEquilibria(game) {
    if (game.n === 2) { return bimatrix(game); }
    if (game.n === 3) { return threePlayers(game); }
    var out = [];
    var idx = new Array(game.n).fill(0);
    (function go(i) {
      if (i === game.n) {
        out.push(idx.map(function (s, p) { var x = new Array(game.shape[p]).fill(0); x[s] = 1; return x; }));
        return;
      }
      for (var s = 0; s < game.shape[i]; s++) { idx[i] = s; go(i + 1); }
    })(0);
    var res = finish(game, out);
    res.incomplete = true;
    return res;
  }

  /* -- trees -- */
  function TreeAt(tree, v, nPlayers) {
    var nodes = tree.nodes, self = this;
    this.nodes = nodes;
    this.infosets = tree.infosets;
    this.n = nPlayers;
    this.total = new Array(nodes.length);  // payoffs of each terminal (outcomes summed along the path)
    this.prob = new Array(nodes.length).fill(1);
    this.parent = new Array(nodes.length).fill(-1);
    var big = 1;
    (function walk(k, acc) {
      var node = nodes[k], here = acc.slice();
      if (node.payoffs) { for (var i = 0; i < nPlayers; i++) { here[i] += node.payoffs[i](v); } }
      if (node.kind === "terminal") {
        self.total[k] = here;
        here.forEach(function (x) { big = Math.max(big, Math.abs(x)); });
        return;
      }
      node.children.forEach(function (c, a) {
        self.parent[c] = k;
        if (node.kind === "chance") { self.prob[c] = node.probs[a](v); }
        walk(c, here);
      });
    })(0, new Array(nPlayers).fill(0));
    this.scale = big;
  }

  function subtreeNodes(t, root) {
    var out = [], stack = [root];
    while (stack.length) { var k = stack.pop(); out.push(k); t.nodes[k].children.forEach(function (c) { stack.push(c); }); }
    return out;
  }

  function subgameRoots(t) {
    var roots = [];
    t.nodes.forEach(function (node, k) {
      if (node.kind === "terminal") { return; }
      var inside = {};
      subtreeNodes(t, k).forEach(function (v) { inside[v] = true; });
      var ok = true;
      subtreeNodes(t, k).forEach(function (v) {
        var nd = t.nodes[v];
        if (nd.kind === "decision") {
          t.infosets[nd.infoset].nodes.forEach(function (w) { if (!inside[w]) { ok = false; } });
        }
      });
      if (ok) { roots.push(k); }
    });
    return roots;
  }

  function depthOf(t, k) { var d = 0; while (t.parent[k] >= 0) { k = t.parent[k]; d++; } return d; }

  /* every subgame-perfect profile: {assign: {infoset: probs}, value} */
  function treeEquilibria(t) {
    var roots = subgameRoots(t), isRoot = {}, cache = {}, truncated = false;
    roots.forEach(function (r) { isRoot[r] = true; });
    roots.sort(function (a, b) { return depthOf(t, b) - depthOf(t, a) || a - b; });
    roots.forEach(function (r) {
      var below = [];  // nearest subgame roots strictly below r
      (function find(k) {
        t.nodes[k].children.forEach(function (c) { if (isRoot[c]) { below.push(c); } else { find(c); } });
      })(r);
      var results = [];
      product(below.map(function (c) { return cache[c]; })).forEach(function (combo) {
        if (results.length >= CAP) { truncated = true; return; }
        var cut = {};
        below.forEach(function (c, i) { cut[c] = combo[i]; });
        localSolutions(t, r, cut).forEach(function (sol) {
          var assign = {};
          combo.forEach(function (s) { Object.keys(s.assign).forEach(function (h) { assign[h] = s.assign[h]; }); });
          Object.keys(sol.assign).forEach(function (h) { assign[h] = sol.assign[h]; });
          results.push({ assign: assign, value: sol.value });
        });
      });
      cache[r] = results.slice(0, CAP);
    });
    var out = cache[0];
    out.truncated = truncated;
    return out;
  }

  function product(lists) {
    var out = [[]];
    lists.forEach(function (list) {
      var next = [];
      out.forEach(function (head) { list.forEach(function (x) { next.push(head.concat([x])); }); });
      out = next;
    });
    return out;
  }

  function nearlyEqual(a, b, scale) { return Math.abs(a - b) <= TOL * Math.max(1, scale); }

  /* the equilibria of the subgame at r with the subgames below cut to their values */
  function localSolutions(t, r, cut) {
    var perfect = true;
    (function walk(k) {
      if (cut[k] && k !== r) { return; }
      var node = t.nodes[k];
      if (node.kind === "decision" && t.infosets[node.infoset].nodes.length > 1) { perfect = false; }
      node.children.forEach(walk);
    })(r);
    return perfect ? backward(t, r, cut) : reducedForm(t, r, cut);
  }

  function Unsupported(message) { this.message = message; }

  function backward(t, r, cut) {
    var scale = t.scale;
    function go(k) {
      if (cut[k] && k !== r) { return [{ assign: {}, value: cut[k].value }]; }
      var node = t.nodes[k];
      if (node.kind === "terminal") { return [{ assign: {}, value: t.total[k] }]; }
      var kids = node.children.map(go);
      if (node.kind === "chance") {
        return product(kids).slice(0, CAP).map(function (combo) {
          var value = new Array(t.n).fill(0), assign = {};
          combo.forEach(function (s, a) {
            var w = t.prob[node.children[a]];
            for (var i = 0; i < t.n; i++) { value[i] += w * s.value[i]; }
            Object.keys(s.assign).forEach(function (h) { assign[h] = s.assign[h]; });
          });
          return { assign: assign, value: value };
        });
      }
      var out = [], i = node.player;
      product(kids).forEach(function (combo) {
        var best = Math.max.apply(null, combo.map(function (s) { return s.value[i]; }));
        combo.forEach(function (s, a) {
          if (!nearlyEqual(s.value[i], best, scale) || out.length >= CAP) { return; }
          var assign = {};
          combo.forEach(function (x) { Object.keys(x.assign).forEach(function (h) { assign[h] = x.assign[h]; }); });
          var probs = new Array(node.children.length).fill(0); probs[a] = 1;
          assign[node.infoset] = probs;
          out.push({ assign: assign, value: s.value });
        });
      });
      return out;
    }
    return go(r);
  }

  /* a subgame with imperfect information: its reduced normal form (plans that fix an action only
     where the player's own earlier moves do not exclude the information set), solved as a
     normal-form game, each equilibrium turned back into behaviour (uniform where no used plan reaches) */
  function reducedForm(t, r, cut) {
    var mine = [];  // per player: its information sets in this subgame, in order of first appearance
    var lastOwn = {};  // information set -> "h:a" of its player's previous own move ("" for none)
    for (var i = 0; i < t.n; i++) { mine.push([]); }
    (function walk(k, seqs) {
      if (cut[k] && k !== r) { return; }
      var node = t.nodes[k];
      if (node.kind === "decision") {
        var h = node.infoset;
        if (mine[node.player].indexOf(h) < 0) { mine[node.player].push(h); lastOwn[h] = seqs[node.player]; }
        node.children.forEach(function (c, a) {
          var next = seqs.slice(); next[node.player] = h + ":" + a; walk(c, next);
        });
        return;
      }
      node.children.forEach(function (c) { walk(c, seqs); });
    })(r, new Array(t.n).fill(""));
    mine.forEach(function (sets) { sets.sort(function (a, b) { return a - b; }); });  // the solver's plan order
    var plans = mine.map(function (sets) {
      function expand(todo) {
        if (!todo.length) { return [{}]; }
        var h = todo[0], rest = todo.slice(1), out = [];
        t.infosets[h].actions.forEach(function (_, a) {
          var below = sets.filter(function (g) { return lastOwn[g] === h + ":" + a; });
          expand(below.concat(rest)).forEach(function (sub) {
            var plan = {}; plan[h] = a;
            Object.keys(sub).forEach(function (g) { plan[g] = sub[g]; });
            out.push(plan);
          });
        });
        return out;
      }
      return expand(sets.filter(function (g) { return lastOwn[g] === ""; }));
    });
    var shape = plans.map(function (p) { return p.length; });
    var size = shape.reduce(function (a, b) { return a * b; }, 1);
    if (size > 400) { throw new Unsupported("a subgame whose normal form has more than 400 profiles (convenience solve finds one of its equilibria by the sequence form)"); }
    function valueOf(choice) {
      return (function go(k) {
        if (cut[k] && k !== r) { return cut[k].value; }
        var node = t.nodes[k];
        if (node.kind === "terminal") { return t.total[k]; }
        if (node.kind === "chance") {
          var v = new Array(t.n).fill(0);
          node.children.forEach(function (c) {
            if (t.prob[c] === 0) { return; }
            var x = go(c); for (var i = 0; i < t.n; i++) { v[i] += t.prob[c] * x[i]; }
          });
          return v;
        }
        return go(node.children[choice[node.player][node.infoset]]);
      })(r);
    }
    var payoffs = [];
    for (i = 0; i < t.n; i++) { payoffs.push(new Array(size)); }
    var idx = new Array(t.n).fill(0);
    for (var cell = 0; cell < size; cell++) {
      var rest = cell;
      for (i = t.n - 1; i >= 0; i--) { idx[i] = rest % shape[i]; rest = Math.floor(rest / shape[i]); }
      var v = valueOf(idx.map(function (k, p) { return plans[p][k]; }));
      for (i = 0; i < t.n; i++) { payoffs[i][cell] = v[i]; }
    }
    var game = new NormalGame(shape, payoffs);
    var eqs = normalEquilibria(game);
    if (eqs.incomplete && t.n > 3) { throw new Unsupported("a subgame with more than three players moving without seeing each other's moves"); }
    var out = [], seen = {};
    eqs.forEach(function (profile) {
      var assign = {};
      mine.forEach(function (sets, p) {
        sets.forEach(function (h) {
          var k = t.infosets[h].actions.length, mass = new Array(k).fill(0), total = 0;
          plans[p].forEach(function (plan, j) {
            if (profile[p][j] > 0 && Object.prototype.hasOwnProperty.call(plan, h)) { mass[plan[h]] += profile[p][j]; total += profile[p][j]; }
          });
          assign[h] = total > 0 ? mass.map(function (m) { return m / total; }) : mass.map(function () { return 1 / k; });
        });
      });
      var key = JSON.stringify(Object.keys(assign).sort().map(function (h) { return assign[h].map(function (x) { return x.toFixed(9); }); }));
      if (seen[key]) { return; }
      seen[key] = true;
      out.push({ assign: assign, value: game.expected(profile) });
    });
    return out;
  }

  /* -- repeated games: grim trigger with Nash reversion (or a given punishment profile) -- */
  function incentive(c, d, p) {
    var slope = d - p, intercept = c - d;
    if (slope === 0) { return { threshold: null, low: 0, high: null, ok: intercept >= 0 }; }
    var r = (d - c) / (d - p);
    if (slope > 0) { var low = Math.max(0, r); return { threshold: r, low: low, high: null, ok: low < 1 }; }
    if (r < 0) { return { threshold: r, low: 0, high: null, ok: false }; }
    return { threshold: r, low: 0, high: r < 1 ? r : null, ok: true };
  }

  function repeated(game, stageEq, target, punishment, delta) {
    var n = game.n, conditions = [];
    for (var i = 0; i < n; i++) {
      var c = game.u(i, target), idx = target.slice(), d = -Infinity;
      for (var s = 0; s < game.shape[i]; s++) { idx[i] = s; d = Math.max(d, game.u(i, idx)); }
      var pun;
      if (punishment === "nash") {
        var vals = stageEq.map(function (e) { return { v: game.expected(e)[i], pure: isPure(e) }; });
        vals.sort(function (a, b) { return (a.v - b.v) || ((a.pure ? 0 : 1) - (b.pure ? 0 : 1)); });
        pun = vals[0].v;
      } else {
        pun = game.u(i, punishment);
      }
      var inc = incentive(c, d, pun);
      inc.player = i;
      conditions.push(inc);
    }
    var sustainable = conditions.every(function (x) { return x.ok; });
    var low = Math.max.apply(null, conditions.map(function (x) { return x.low; }));
    var highs = conditions.filter(function (x) { return x.high !== null; }).map(function (x) { return x.high; });
    var high = highs.length ? Math.min.apply(null, highs) : null;
    if (high !== null && high < low) { sustainable = false; }
    var critical = sustainable ? low : null;
    var binding = conditions.filter(function (x) { return x.ok && Math.abs(x.low - low) <= 1e-12 && low > 0; }).map(function (x) { return x.player; });
    var sustained = sustainable && delta !== null && delta >= low - 1e-12 && (high === null || delta <= high + 1e-12);
    return { critical: critical, upper: high, sustainable: sustainable, sustained: sustained, binding: binding, delta: delta };
  }

  function isPure(profile) { return profile.every(function (x) { return x.some(function (v) { return v === 1; }); }); }

  return {
    compile: compile, NormalGame: NormalGame, normalEquilibria: normalEquilibria, TreeAt: TreeAt,
    treeEquilibria: treeEquilibria, repeated: repeated, Unsupported: Unsupported, isPure: isPure, TOL: TOL
  };
})();
