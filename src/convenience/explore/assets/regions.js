/* The regime map from the game's exact equilibrium conditions.
   The page carries, for every candidate equilibrium, the inequalities in the parameters under
   which it is one (numerator/denominator >= 0, each a polynomial given as a list of terms over
   parameter positions). On a plane of two parameters, the others at their current values,
   every polynomial becomes a polynomial in the two plotted parameters x and y:
   - a region is the set of candidates whose conditions hold (evaluated at each point);
   - a boundary is the zero set of one irreducible factor. Degree one in both together: a
     straight line, solved in closed form. Degree one in y (or x): y = -A(x)/B(x) (or x = ...),
     solved in closed form point by point. Otherwise the zero set is traced: marching squares on
     a fine grid, every crossing located on its cell edge by bisection.
   A boundary is drawn where the regions just either side of it differ; where that changes
   along it (another boundary crosses) the change point is located by bisection.
   Nothing here touches the page; it reads the data and returns plain objects. */
"use strict";

var Regions = (function () {
  var ZERO = 1e-12;     // relative size below which a coefficient is taken as zero
  var SIDE = 1e-6;      // offset of the two sides of a boundary, as a share of the map
  var LINE_STEPS = 128, CURVE_STEPS = 256, TRACE = 160, BISECT = 48;

  /* -- polynomials: terms [c, k1, e1, k2, e2, ...] -- */
  function evaluate(terms, v) {
    var s = 0;
    for (var i = 0; i < terms.length; i++) {
      var t = terms[i], x = t[0];
      for (var j = 1; j < t.length; j += 2) { x *= Math.pow(v[t[j]], t[j + 1]); }
      s += x;
    }
    return s;
  }

  /* the polynomial on the plane X-Y, the others at v: coefficients c[i][j] of x^i y^j */
  function restrict(terms, X, Y, v) {
    var c = [], dx = 0, dy = 0, scale = 0, i, j;
    terms.forEach(function (t) {
      var coef = t[0], ex = 0, ey = 0;
      for (var k = 1; k < t.length; k += 2) {
        if (t[k] === X) { ex += t[k + 1]; } else if (t[k] === Y) { ey += t[k + 1]; } else { coef *= Math.pow(v[t[k]], t[k + 1]); }
      }
      while (c.length <= ex) { c.push([]); }
      while (c[ex].length <= ey) { c[ex].push(0); }
      c[ex][ey] += coef;
      scale = Math.max(scale, Math.abs(coef));
    });
    for (i = 0; i < c.length; i++) {
      for (j = 0; j < c[i].length; j++) {
        if (Math.abs(c[i][j]) <= ZERO * scale) { c[i][j] = 0; }
        if (c[i][j] !== 0) { dx = Math.max(dx, i); dy = Math.max(dy, j); }
      }
    }
    var total = 0;
    for (i = 0; i < c.length; i++) { for (j = 0; j < c[i].length; j++) { if (c[i][j] !== 0) { total = Math.max(total, i + j); } } }
    return { c: c, dx: dx, dy: dy, degree: total };
  }

  function at(r, x, y) {
    var s = 0, c = r.c;
    for (var i = c.length - 1; i >= 0; i--) {
      var row = c[i], t = 0;
      for (var j = row.length - 1; j >= 0; j--) { t = t * y + row[j]; }
      s = s * x + t;
    }
    return s;
  }

  /* -- regions -- */
  function Plane(data, X, Y, v, box) {
    this.data = data; this.X = X; this.Y = Y; this.box = box;  // box: [xlo, xhi, ylo, yhi]
    this.polys = data.polynomials.map(function (t) { return restrict(t, X, Y, v); });
    this.values = new Float64Array(this.polys.length);
  }
  Plane.prototype.xy = function (u, w) {
    var b = this.box;
    return [b[0] + (b[1] - b[0]) * u, b[2] + (b[3] - b[2]) * w];
  };
  /* which candidates hold at (x, y): their positions joined by commas (the region's key) */
  Plane.prototype.key = function (x, y) {
    var vals = this.values, polys = this.polys, data = this.data, k;
    for (k = 0; k < polys.length; k++) { vals[k] = at(polys[k], x, y); }
    var holds = data.conditions.map(function (c) {
      var n = vals[c[0]], d = vals[c[1]];
      if (c[3]) { return n !== 0; }
      if (d === 0 || !isFinite(n) || !isFinite(d)) { return false; }
      return c[2] ? n * d > 0 : n * d >= 0;
    });
    var out = [], on = data.candidates.map(function (cand, i) {
      var yes = cand.conditions.every(function (j) { return holds[j]; });
      if (yes) { out.push(i); }
      return yes;
    });
    if (!data.sustained) { return out.join(","); }
    /* a repeated game: grim trigger sustains the target when every player has a way not to deviate
       (a punishment that is a stage equilibrium here, against which its conditions hold) */
    var sustained = data.sustained.every(function (options) {
      return options.some(function (o) { return (o[0] === null || on[o[0]]) && o[1].every(function (j) { return holds[j]; }); });
    });
    return out.join(",") + (sustained ? "|sustained" : "|not sustained");
  };

  /* -- boundaries -- */
  /* the two sides of the curve at parameter t of a piece, or undefined when one is off the map
     or both lie on the same side of the curve; sides[0] and sides[1] are {u, w, key} */
  Plane.prototype.sides = function (piece, t) {
    var p = piece.point(t), e = piece.span * 1e-7;
    var a = piece.point(Math.max(piece.t0, t - e)), b = piece.point(Math.min(piece.t1, t + e));
    var du = b[0] - a[0], dw = b[1] - a[1], len = Math.sqrt(du * du + dw * dw);
    if (!(len > 0)) { return undefined; }
    var self = this, r = piece.poly, nu = -dw / len, nw = du / len;
    if (piece.traced) {  // a chord of the zero set: its point on the zero set along the normal, by bisection
      var f = function (s) { var xy = self.xy(p[0] + nu * s, p[1] + nw * s); return at(r, xy[0], xy[1]); };
      var lo = -1 / TRACE, hi = 1 / TRACE, up = f(lo) > 0;
      if (up === (f(hi) > 0)) { return undefined; }
      for (var it = 0; it < BISECT; it++) { var m = (lo + hi) / 2; if ((f(m) > 0) === up) { lo = m; } else { hi = m; } }
      p = [p[0] + nu * (lo + hi) / 2, p[1] + nw * (lo + hi) / 2];
    }
    nu *= SIDE; nw *= SIDE;
    var out = [[p[0] + nu, p[1] + nw], [p[0] - nu, p[1] - nw]].map(function (s) {
      if (s[0] < 0 || s[0] > 1 || s[1] < 0 || s[1] > 1) { return null; }
      var xy = self.xy(s[0], s[1]);
      return { u: s[0], w: s[1], x: xy[0], y: xy[1], sign: at(r, xy[0], xy[1]) > 0, key: self.key(xy[0], xy[1]) };
    });
    if (!out[0] || !out[1] || out[0].sign === out[1].sign) { return undefined; }
    return out;
  };

  function separates(s) { return s !== undefined && s[0].key !== s[1].key; }

  /* pieces of the zero set in map coordinates (u, w in [0, 1]), each {point(t), t0, t1, span} */
  Plane.prototype.pieces = function (r) {
    var self = this, b = this.box, sx = b[1] - b[0], sy = b[3] - b[2];
    function toU(x) { return (x - b[0]) / sx; }
    function toW(y) { return (y - b[2]) / sy; }
    if (r.degree === 1) {  // a + bx x + by y = 0: its ends where it meets the edges of the map
      var a = (r.c[0] || [])[0] || 0, bx = (r.c[1] || [])[0] || 0, by = (r.c[0] || [])[1] || 0, ends = [];
      [b[0], b[1]].forEach(function (x) { if (by !== 0) { var y = -(a + bx * x) / by; if (y >= b[2] && y <= b[3]) { ends.push([toU(x), toW(y)]); } } });
      [b[2], b[3]].forEach(function (y) { if (bx !== 0) { var x = -(a + by * y) / bx; if (x >= b[0] && x <= b[1]) { ends.push([toU(x), toW(y)]); } } });
      ends.sort(function (p, q) { return p[0] - q[0] || p[1] - q[1]; });
      if (ends.length < 2) { return { how: "line", pieces: [] }; }
      var p0 = ends[0], p1 = ends[ends.length - 1];
      if (p0[0] === p1[0] && p0[1] === p1[1]) { return { how: "line", pieces: [] }; }
      return { how: "line", pieces: [{ t0: 0, t1: 1, span: 1, steps: LINE_STEPS, poly: r,
        point: function (t) { return [p0[0] + (p1[0] - p0[0]) * t, p0[1] + (p1[1] - p0[1]) * t]; } }] };
    }
    if (r.dy === 1 || r.dx === 1) {  // y = -A(x)/B(x), or x = -A(y)/B(y)
      var alongX = r.dy === 1, A = [], B = [];
      r.c.forEach(function (row, i) {
        row.forEach(function (coef, j) {
          var p = alongX ? i : j, q = alongX ? j : i, into = q === 0 ? A : B;
          while (into.length <= p) { into.push(0); }
          into[p] += coef;
        });
      });
      var lo = alongX ? b[0] : b[2], hi = alongX ? b[1] : b[3], olo = alongX ? b[2] : b[0], ohi = alongX ? b[3] : b[1];
      var solve = function (s) {
        var na = 0, nb = 0, k;
        for (k = A.length - 1; k >= 0; k--) { na = na * s + A[k]; }
        for (k = B.length - 1; k >= 0; k--) { nb = nb * s + B[k]; }
        return -na / nb;
      };
      var inside = function (s) { var o = solve(s); return isFinite(o) && o >= olo && o <= ohi; };
      var point = function (t) {
        var s = lo + (hi - lo) * t, o = solve(s);
        return alongX ? [toU(s), toW(o)] : [toU(o), toW(s)];
      };
      /* the runs of t in [0, 1] where the curve is inside the map, ends located by bisection */
      var runs = [], N = CURVE_STEPS, start = null, prevIn = false;
      for (var k = 0; k <= N; k++) {
        var t = k / N, now = inside(lo + (hi - lo) * t);
        if (now && !prevIn) { start = k === 0 ? 0 : edge((k - 1) / N, t, false); }
        if (!now && prevIn) { runs.push([start, edge((k - 1) / N, t, true)]); }
        prevIn = now;
      }
      if (prevIn) { runs.push([start, 1]); }
      function edge(t0, t1, wasIn) {  // the last point inside (wasIn) or the first one (not wasIn)
        for (var it = 0; it < BISECT; it++) {
          var m = (t0 + t1) / 2;
          if (inside(lo + (hi - lo) * m) === wasIn) { t0 = m; } else { t1 = m; }
        }
        return wasIn ? t0 : t1;
      }
      return { how: "curve", pieces: runs.filter(function (q) { return q[1] > q[0]; }).map(function (q) {
        return { t0: q[0], t1: q[1], span: q[1] - q[0], steps: Math.max(8, Math.ceil(CURVE_STEPS * (q[1] - q[0]))), poly: r, point: point };
      }) };
    }
    return { how: "traced", pieces: this.trace(r) };
  };

  /* the zero set of f(u, w) over the unit square, as segments [[u, w], [u, w]]: marching
     squares over an M x M grid, each crossing located on its cell edge by `steps` bisections */
  function marchingSquares(f, M, steps) {
    var F = [], i, j;
    for (j = 0; j <= M; j++) { F.push([]); for (i = 0; i <= M; i++) { F[j].push(f(i / M, j / M)); } }
    function crossing(a, c, fa) {
      var lo = 0, hi = 1, up = fa > 0;
      for (var it = 0; it < steps; it++) {
        var m = (lo + hi) / 2;
        if ((f(a[0] + (c[0] - a[0]) * m, a[1] + (c[1] - a[1]) * m) > 0) === up) { lo = m; } else { hi = m; }
      }
      var s = (lo + hi) / 2;
      return [a[0] + (c[0] - a[0]) * s, a[1] + (c[1] - a[1]) * s];
    }
    var out = [];
    for (j = 0; j < M; j++) {
      for (i = 0; i < M; i++) {
        var corners = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]], ends = [];
        for (var e = 0; e < 4; e++) {
          var p = corners[e], q = corners[(e + 1) % 4], fp = F[p[1]][p[0]], fq = F[q[1]][q[0]];
          if (!isFinite(fp) || !isFinite(fq) || (fp > 0) === (fq > 0)) { continue; }
          ends.push(crossing([p[0] / M, p[1] / M], [q[0] / M, q[1] / M], fp));
        }
        for (var k = 0; k + 1 < ends.length; k += 2) { out.push([ends[k], ends[k + 1]]); }
      }
    }
    return out;
  }

  /* a boundary without a closed form: traced over a TRACE x TRACE grid */
  Plane.prototype.trace = function (r) {
    var self = this;
    function f(u, w) { var xy = self.xy(u, w); return at(r, xy[0], xy[1]); }
    return marchingSquares(f, TRACE, BISECT).map(function (s) { return segment(s[0], s[1], r); });
  };
  function segment(a, c, r) {
    return { t0: 0, t1: 1, span: 1, steps: 1, poly: r, traced: true, point: function (t) { return [a[0] + (c[0] - a[0]) * t, a[1] + (c[1] - a[1]) * t]; } };
  }

  /* the parts of a piece that separate two regions: [t start, t end, sides at a point inside] */
  Plane.prototype.drawn = function (piece) {
    var self = this, N = piece.steps, marks = [], k;
    for (k = 0; k < N; k++) {
      var t = piece.t0 + piece.span * (k + 0.5) / N, s = this.sides(piece, t);
      marks.push({ t: t, sides: s, on: separates(s), key: s ? s[0].key + "|" + s[1].key : "?" });
    }
    if (N === 1) {  // a traced segment: drawn whole when it separates
      return marks[0].on ? [{ from: piece.t0, to: piece.t1, sides: marks[0].sides }] : [];
    }
    var runs = [], first = 0;
    for (k = 0; k < N; k++) {
      if (k < N - 1 && marks[k + 1].key === marks[k].key) { continue; }
      if (marks[k].on) {  // marks first..k separate the same two regions
        runs.push({ from: first === 0 ? piece.t0 : change(marks[first - 1], marks[first]),
                    to: k === N - 1 ? piece.t1 : change(marks[k], marks[k + 1]), sides: marks[first].sides });
      }
      first = k + 1;
    }
    return runs;
    /* where what the piece separates changes between two marks: bisection on t */
    function change(a, c) {
      var lo = a.t, hi = c.t;
      if (N === 1) { return a.t; }
      for (var it = 0; it < BISECT; it++) {
        var m = (lo + hi) / 2, s = self.sides(piece, m), key = s ? s[0].key + "|" + s[1].key : "?";
        if (key === a.key) { lo = m; } else { hi = m; }
        if (hi - lo < 1e-13) { break; }
      }
      return (lo + hi) / 2;
    }
  };

  return { evaluate: evaluate, restrict: restrict, at: at, Plane: Plane, marchingSquares: marchingSquares };
})();
