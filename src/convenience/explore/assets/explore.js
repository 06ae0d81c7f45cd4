/* The explorer page: sliders over the game's parameters, and everything that follows from them.
   Every label from the game file is inserted as text (textContent), never as markup. */
"use strict";

(function () {
  var DATA = JSON.parse(document.getElementById("game-data").textContent);
  var PARAMS = DATA.parameters, NAMES = PARAMS.map(function (p) { return p.name; });
  var PLAYERS = DATA.players, KIND = DATA.kind;
  var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"];
  var LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  var values = PARAMS.map(function (p) { return p.value; });
  var timings = { render: null, updates: [] };
  var t0 = performance.now();

  /* -- compiled game -- */
  var normal = KIND === "normal" ? DATA.normal : (KIND === "repeated" ? DATA.repeated : null);
  var compiled = {};
  if (normal) { compiled.payoffs = normal.payoffs.map(function (row) { return row.map(Solve.compile); }); }
  if (KIND === "repeated" && DATA.repeated.discount) { compiled.discount = Solve.compile(DATA.repeated.discount); }
  if (KIND === "tree") {
    compiled.nodes = DATA.tree.nodes.map(function (n) {
      return { kind: n.kind, children: n.children, player: n.player, infoset: n.infoset,
               probs: n.probs ? n.probs.map(Solve.compile) : null,
               payoffs: n.payoffs ? n.payoffs.map(Solve.compile) : null };
    });
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } return e; }

  /* -- numbers -- */
  function fmt(x, tol) {
    tol = tol || 1e-9;
    if (x === null || x === undefined || !isFinite(x)) { return String(x); }
    if (Math.abs(x) < 1e-12) { return "0"; }
    for (var q = 1; q <= 64; q++) {
      var p = Math.round(x * q);
      if (Math.abs(x * q - p) < tol * Math.max(1, Math.abs(x * q))) {
        return q === 1 ? String(p) : p + "/" + q;
      }
    }
    return String(Number(x.toPrecision(4)));
  }
  function valueText(x) { return String(Number(x.toPrecision(12))); }

  /* -- solving at a point -- */
  function normalAt(v) {
    return new Solve.NormalGame(normal.shape, compiled.payoffs.map(function (row) {
      return row.map(function (f) { return f(v); });
    }));
  }

  function solveAt(v) {
    try {
      if (KIND === "normal") {
        var g = normalAt(v), eqs = Solve.normalEquilibria(g);
        return { kind: "normal", game: g, equilibria: eqs, incomplete: !!eqs.incomplete, concept: "Nash equilibrium" };
      }
      if (KIND === "repeated" && DATA.repeated.grid) { return fromGrid(v); }
      if (KIND === "repeated") {
        var s = normalAt(v), st = Solve.normalEquilibria(s);
        var delta = compiled.discount ? compiled.discount(v) : null;
        var target = DATA.repeated.target, rep = null;
        if (target && st.length) {
          var pun = DATA.repeated.punishment;
          rep = Solve.repeated(s, st, target, pun, delta);
        }
        return { kind: "repeated", game: s, equilibria: st, repeated: rep, incomplete: !!st.incomplete,
                 concept: "stage-game Nash equilibrium; grim trigger for the target" };
      }
      var t = new Solve.TreeAt({ nodes: compiled.nodes, infosets: DATA.tree.infosets }, v, PLAYERS.length);
      var sols = Solve.treeEquilibria(t);
      return { kind: "tree", tree: t, equilibria: sols, incomplete: !!sols.truncated, concept: "subgame-perfect equilibrium" };
    } catch (err) {
      if (err instanceof Solve.Unsupported) { return { kind: KIND, unsupported: err.message, equilibria: [] }; }
      throw err;
    }
  }

  /* the answer precomputed at the grid point nearest to v (each ranged parameter rounded to its nearest grid value) */
  function fromGrid(v) {
    var grid = DATA.repeated.grid, point = PARAMS.map(function (p) { return p.value; }), flat = 0;
    grid.axes.forEach(function (k, a) {
      var xs = grid.values[a], best = 0;
      xs.forEach(function (x, i) { if (Math.abs(x - v[k]) < Math.abs(xs[best] - v[k])) { best = i; } });
      point[k] = xs[best];
      flat = flat * xs.length + best;
    });
    var r = grid.results[flat], game = normalAt(point);
    var where = grid.axes.map(function (k) { return PARAMS[k].name + " = " + fmt(point[k]); }).join(", ");
    var others = PARAMS.filter(function (p, k) { return grid.axes.indexOf(k) < 0; }).map(function (p) { return p.name; });
    return { kind: "repeated", game: game, equilibria: r.stage, incomplete: false, gridPoint: point,
             repeated: { critical: r.critical, sustained: r.sustained, verdict: r.verdict },
             approx: "This page cannot solve " + grid.why + " itself: the answer shown was computed by convenience at the nearest grid point (" +
               where + (others.length ? "; " + others.join(", ") + " at their baselines" : "") + "), not at the point set above.",
             concept: "precomputed on a grid" };
  }

  function canonical(res) {
    function r6(x) { return Math.round(x * 1e6) / 1e6 + 0; }
    var rows;
    if (res.kind === "tree") {
      rows = res.equilibria.map(function (s) {
        return DATA.tree.infosets.map(function (_, h) { return (s.assign[h] || []).map(r6); });
      });
    } else {
      rows = res.equilibria.map(function (p) { return p.map(function (x) { return x.map(r6); }); });
    }
    return rows;  // in the solver's order: E1, E2, ... name the same equilibria as the reports
  }

  /* -- words -- */
  function phrase(player, action) {
    var table = DATA.phrases[player] || {};
    return Object.prototype.hasOwnProperty.call(table, action) ? table[action] : PLAYERS[player] + ": " + action;
  }

  function strategyText(p, x) {
    var names = normal.strategies[p], used = [];
    x.forEach(function (v, s) { if (v > 0) { used.push([names[s], v]); } });
    if (used.length === 1) { return used[0][0]; }
    return used.map(function (u) { return u[0] + " " + fmt(u[1]); }).join(" · ");
  }

  function profileName(x) {
    return "(" + x.map(function (xi, p) { return strategyText(p, xi); }).join(", ") + ")";
  }

  function pathLines(res, sol) {
    var nodes = DATA.tree.nodes, t = res.tree, lines = [];
    (function go(k, head, steps, w) {
      var node = nodes[k];
      if (node.kind === "terminal") { lines.push({ head: head, steps: steps, node: k, weight: w }); return; }
      if (node.kind === "chance") {
        node.children.forEach(function (c, a) {
          var pr = t.prob[c];
          if (pr <= 0) { return; }
          var text = node.actions[a] + " (" + fmt(pr) + ")";
          if (!steps.length) { go(c, head ? head + " · " + text : text, steps, w * pr); }
          else { go(c, head, steps.concat([text]), w * pr); }
        });
        return;
      }
      var probs = sol.assign[node.infoset] || [];
      var used = [];
      probs.forEach(function (pr, a) { if (pr > 0) { used.push(a); } });
      used.forEach(function (a) {
        var words = phrase(node.player, node.actions[a]) + (used.length > 1 ? " (" + fmt(probs[a]) + ")" : "");
        go(node.children[a], head, steps.concat([words]), w * probs[a]);
      });
    })(0, "", [], 1);
    return lines.map(function (l) { return (l.head ? l.head + ": " : "") + l.steps.join(" → "); });
  }

  function onPath(res, sol) {
    var on = {};
    (function go(k) {
      on[k] = true;
      var node = DATA.tree.nodes[k];
      if (node.kind === "chance") { node.children.forEach(function (c) { if (res.tree.prob[c] > 0) { go(c); } }); }
      if (node.kind === "decision") {
        (sol.assign[node.infoset] || []).forEach(function (pr, a) { if (pr > 0) { go(node.children[a]); } });
      }
    })(0);
    return on;
  }

  function treeValue(res, sol) {
    var t = res.tree, nodes = DATA.tree.nodes;
    return (function go(k) {
      var node = nodes[k];
      if (node.kind === "terminal") { return t.total[k]; }
      var v = new Array(PLAYERS.length).fill(0);
      node.children.forEach(function (c, a) {
        var w = node.kind === "chance" ? t.prob[c] : ((sol.assign[node.infoset] || [])[a] || 0);
        if (w > 0) { var x = go(c); for (var i = 0; i < v.length; i++) { v[i] += w * x[i]; } }
      });
      return v;
    })(0);
  }

  function describe(res) {
    return res.equilibria.map(function (e, k) {
      var out = { name: "E" + (k + 1) };
      if (res.kind === "tree") {
        out.lines = pathLines(res, e);
        var reached = {}, on = onPath(res, e);
        Object.keys(on).forEach(function (k) { var nd = DATA.tree.nodes[k]; if (nd.kind === "decision") { reached[nd.infoset] = true; } });
        var off = DATA.tree.infosets.map(function (h, j) {
          var pr = e.assign[j];
          if (!pr || reached[j]) { return null; }
          var used = [];
          pr.forEach(function (v, a) { if (v > 0) { used.push(h.actions[a] + (v < 1 ? " " + fmt(v) : "")); } });
          return PLAYERS[h.player] + " at " + h.label + ": " + used.join(" · ");
        }).filter(Boolean);
        if (off.length) { out.lines.push("off the path: " + off.join("; ")); }
        out.payoffs = treeValue(res, e);
        out.plan = DATA.tree.infosets.map(function (h, j) {
          var pr = e.assign[j];
          if (!pr) { return null; }
          var used = [];
          pr.forEach(function (v, a) { if (v > 0) { used.push(h.actions[a] + (v < 1 ? " " + fmt(v) : "")); } });
          return PLAYERS[h.player] + " at " + h.label + ": " + used.join(" · ");
        }).filter(Boolean);
      } else {
        out.lines = [profileName(e)];
        out.payoffs = res.game.expected(e);
        out.plan = e.map(function (x, p) { return PLAYERS[p] + ": " + strategyText(p, x); });
        out.pure = Solve.isPure(e);
      }
      return out;
    });
  }

  function signature(res) {
    if (res.unsupported) { return "?"; }
    var parts = res.equilibria.map(function (e) {
      if (res.kind === "tree") { return pathLines(res, e).map(function (l) { return l.replace(/ \([^)]*\)/g, ""); }).join(" / "); }
      return "(" + e.map(function (x, p) {
        return x.map(function (v, s) { return v > 0 ? normal.strategies[p][s] : null; }).filter(function (s) { return s !== null; }).join("+");
      }).join(", ") + ")";
    });
    var text = parts.join("; ") || "no equilibrium";
    if (res.repeated) { text += res.repeated.sustained ? " · target sustained" : " · target not sustained"; }
    return text;
  }

  /* -- claims -- */
  function label(chosen) {
    return chosen.map(function (ps) { return PLAYERS[ps[0]] + ": " + normal.strategies[ps[0]][ps[1]]; }).join(", ");
  }
  function gains(g, chosen) {
    var idx = new Array(g.n);
    chosen.forEach(function (ps) { idx[ps[0]] = ps[1]; });
    var out = [];
    for (var p = 0; p < g.n; p++) {
      var base = g.u(p, idx);
      for (var s = 0; s < g.shape[p]; s++) {
        if (s === idx[p]) { continue; }
        var other = idx.slice(); other[p] = s;
        out.push({ p: p, s: s, gain: g.u(p, other) - base });
      }
    }
    return out;
  }
  function plays(e, p, s) { return e[p][s]; }

  function checkClaim(c, res) {
    var g = res.game, tol = g ? 1e-9 * Math.max(1, g.range()) : 1e-9, t = c.target;
    switch (c.check) {
      case "equilibrium": case "not_equilibrium": case "strict": {
        var worst = gains(g, t).reduce(function (a, b) { return !a || b.gain > a.gain ? b : a; }, null);
        var isEq = !worst || worst.gain <= tol;
        if (c.check === "strict") {
          var strict = !worst || worst.gain < -tol;
          return [strict, strict ? "(" + label(t) + ") is a strict equilibrium" :
            PLAYERS[worst.p] + (Math.abs(worst.gain) <= tol ? " loses nothing" : " gains " + fmt(worst.gain)) + " by switching to " + normal.strategies[worst.p][worst.s]];
        }
        var detail = isEq ? "(" + label(t) + ") is an equilibrium" :
          "(" + label(t) + ") is not an equilibrium: " + PLAYERS[worst.p] + " gains " + fmt(worst.gain) + " by switching to " + normal.strategies[worst.p][worst.s];
        return [c.check === "equilibrium" ? isEq : !isEq, detail];
      }
      case "unique": {
        var eqs = res.equilibria;
        if (eqs.length !== 1) { return [false, eqs.length + " equilibria"]; }
        if (t === true) { return [true, "one equilibrium: " + profileName(eqs[0])]; }
        var ok = t.every(function (ps) { return eqs[0][ps[0]][ps[1]] === 1; });
        return [ok, ok ? profileName(eqs[0]) + " is the only equilibrium" : "the only equilibrium is " + profileName(eqs[0])];
      }
      case "outcome": {
        if (!res.equilibria.length) { return [false, "no equilibrium found"]; }
        for (var i = 0; i < res.equilibria.length; i++) {
          var e = res.equilibria[i];
          for (var j = 0; j < t.length; j++) {
            if (Math.abs(plays(e, t[j][0], t[j][1]) - 1) > 1e-9) { return [false, "equilibrium " + profileName(e) + " does not have " + label([t[j]])]; }
          }
        }
        return [true, "every equilibrium has " + label(t)];
      }
      case "never_played": {
        for (i = 0; i < res.equilibria.length; i++) {
          for (j = 0; j < t.length; j++) {
            if (plays(res.equilibria[i], t[j][0], t[j][1]) > 1e-9) { return [false, "equilibrium " + profileName(res.equilibria[i]) + " uses it"]; }
          }
        }
        return [true, "no equilibrium uses " + label(t)];
      }
      case "dominant": {
        for (j = 0; j < t.length; j++) {
          var p = t[j][0], s = t[j][1];
          for (var r = 0; r < g.shape[p]; r++) {
            if (r === s) { continue; }
            var worstMargin = Infinity, idx = new Array(g.n).fill(0);
            (function go(k) {
              if (k === g.n) {
                var a = idx.slice(); a[p] = s; var b = idx.slice(); b[p] = r;
                worstMargin = Math.min(worstMargin, g.u(p, a) - g.u(p, b)); return;
              }
              if (k === p) { go(k + 1); return; }
              for (var x = 0; x < g.shape[k]; x++) { idx[k] = x; go(k + 1); }
            })(0);
            if (!(worstMargin > tol)) { return [false, normal.strategies[p][r] + " does at least as well as " + normal.strategies[p][s] + " somewhere"]; }
          }
        }
        return [true, label(t) + " strictly dominant"];
      }
      case "payoff_dominant": {
        var eqc = checkClaim({ check: "equilibrium", target: t }, res);
        if (!eqc[0]) { return eqc; }
        var idx2 = new Array(g.n); t.forEach(function (ps) { idx2[ps[0]] = ps[1]; });
        var mine = PLAYERS.map(function (_, q) { return g.u(q, idx2); });
        var others = res.equilibria.filter(function (e) { return !t.every(function (ps) { return e[ps[0]][ps[1]] === 1; }); });
        for (i = 0; i < others.length; i++) {
          var pay = g.expected(others[i]);
          for (var q = 0; q < g.n; q++) { if (!(mine[q] - pay[q] > tol)) { return [false, PLAYERS[q] + " does as well in " + profileName(others[i])]; } }
        }
        return [true, "(" + label(t) + ") pays every player more than the other equilibria"];
      }
      case "sustained": {
        var rep = res.repeated, sus = !!(rep && rep.sustained);
        return [sus === t, rep && rep.verdict !== undefined ? rep.verdict :
          "the target is " + (sus ? "" : "not ") + "sustained at delta = " + fmt(rep ? rep.delta : NaN)];
      }
      case "spe_path": return sprPath(t, res);
      case "spe_action": return sprAction(t, res);
    }
    return [null, "not checked in this page"];
  }

  function nodeByLabel(text) {
    var nodes = DATA.tree.nodes;
    for (var k = 0; k < nodes.length; k++) { if (nodes[k].name === text) { return k; } }
    for (k = 0; k < nodes.length; k++) { if (nodes[k].path === text) { return k; } }
    return null;
  }
  function played(sol, k) {
    var node = DATA.tree.nodes[k], pr = sol.assign[node.infoset] || [];
    for (var a = 0; a < pr.length; a++) { if (pr[a] > 1 - 1e-9) { return node.actions[a]; } }
    return null;
  }
  function sprPath(target, res) {
    if (!res.equilibria.length) { return [false, "no subgame-perfect equilibrium found"]; }
    for (var i = 0; i < res.equilibria.length; i++) {
      var v = 0, sol = res.equilibria[i];
      for (var j = 0; j < target.length; j++) {
        var node = DATA.tree.nodes[v], want = target[j], got;
        if (node.kind === "terminal") { return [false, "play ends before '" + want + "'"]; }
        if (node.kind === "chance") {
          if (node.actions.indexOf(want) < 0) { return [false, "'" + want + "' is not a chance outcome here"]; }
          got = want;
        } else {
          got = played(sol, v);
          if (got !== want) { return [false, PLAYERS[node.player] + " plays " + (got || "a mixture") + ", not " + want]; }
        }
        v = node.children[node.actions.indexOf(got)];
      }
    }
    return [true, "every subgame-perfect equilibrium plays " + target.join(" → ")];
  }
  function sprAction(target, res) {
    if (!res.equilibria.length) { return [false, "no subgame-perfect equilibrium found"]; }
    for (var j = 0; j < target.length; j++) {
      var k = nodeByLabel(target[j][0]);
      if (k === null) { return [null, "no node named " + target[j][0]]; }
      for (var i = 0; i < res.equilibria.length; i++) {
        var got = played(res.equilibria[i], k);
        if (got !== target[j][1]) { return [false, "at " + target[j][0] + " an equilibrium plays " + (got || "a mixture")]; }
      }
    }
    return [true, "every subgame-perfect equilibrium plays " + target.map(function (x) { return x[1] + " at " + x[0]; }).join(", ")];
  }

  function claimsAt(v, res) {
    return DATA.claims.map(function (c) {
      var r = res, at = Object.keys(c.at);
      if (at.length) {
        var w = v.slice();
        at.forEach(function (name) { var k = NAMES.indexOf(name); if (k >= 0) { w[k] = c.at[name]; } });
        r = solveAt(w);
      }
      if (r.unsupported) { return { id: c.id, holds: null, detail: "not evaluated in this page" }; }
      var out = checkClaim(c, r);
      return { id: c.id, holds: out[0], detail: out[1] };
    });
  }

  /* -- thresholds: where the equilibria change as one parameter moves, the others fixed -- */
  function thresholds(v, sig) {
    var found = [];
    PARAMS.forEach(function (p, k) {
      if (p.low === null || p.high === null || p.high <= p.low) { return; }
      [1, -1].forEach(function (dir) {
        var end = dir > 0 ? p.high : p.low, span = end - v[k];
        if (Math.abs(span) < 1e-12) { return; }
        var steps = 40, prev = v[k], w = v.slice();
        for (var s = 1; s <= steps; s++) {
          var x = v[k] + span * s / steps;
          w[k] = x;
          var now = signature(solveAt(w));
          if (now !== sig) {
            var lo = prev, hi = x;
            for (var it = 0; it < 40; it++) {
              var mid = (lo + hi) / 2; w[k] = mid;
              if (signature(solveAt(w)) === sig) { lo = mid; } else { hi = mid; }
            }
            found.push({ name: p.name, index: k, dir: dir, at: (lo + hi) / 2, then: now,
                         distance: Math.abs((lo + hi) / 2 - v[k]) / (p.high - p.low) });
            return;
          }
          prev = x;
        }
      });
    });
    found.sort(function (a, b) { return a.distance - b.distance || a.index - b.index; });
    return found;
  }

  /* -- the page -- */
  var $ = function (id) { return document.getElementById(id); };

  function buildHeader() {
    $("title").textContent = DATA.title || DATA.source;
    $("description").textContent = DATA.description;
    $("file").textContent = DATA.source;
    var concept = { normal: "Nash equilibria (every extreme equilibrium for two players)",
                    tree: "subgame-perfect equilibria", repeated: "stage-game equilibria and the grim-trigger critical discount factor" }[KIND];
    $("concept").textContent = concept;
  }

  function buildControls() {
    var box = $("controls");
    PARAMS.forEach(function (p, k) {
      var div = el("div", { "class": "param" });
      var head = el("div", { "class": "param-head" });
      head.appendChild(el("label", { "for": "num-" + k, id: "label-" + k }, p.name));
      var num = el("input", { type: "number", id: "num-" + k, step: "any", "aria-describedby": "desc-" + k });
      num.value = valueText(values[k]);
      head.appendChild(num);
      div.appendChild(head);
      if (p.low !== null && p.high !== null) {
        num.setAttribute("min", p.low); num.setAttribute("max", p.high);
        var list = el("datalist", { id: "ticks-" + k });
        list.appendChild(el("option", { value: p.value, label: "baseline" }));
        var range = el("input", { type: "range", id: "range-" + k, min: p.low, max: p.high, step: p.step,
                                  list: "ticks-" + k, "aria-labelledby": "label-" + k, "aria-describedby": "desc-" + k });
        range.value = values[k];
        div.appendChild(range);
        div.appendChild(list);
        range.addEventListener("input", function () { setValue(k, +range.value, "range"); });
        var scale = el("div", { "class": "scale" });
        scale.appendChild(el("span", {}, valueText(p.low)));
        var base = el("span", { "class": "baseline" }, "baseline " + p.exact);
        base.style.left = (100 * (p.value - p.low) / (p.high - p.low)) + "%";
        scale.appendChild(base);
        scale.appendChild(el("span", {}, valueText(p.high)));
        div.appendChild(scale);
      } else {
        div.appendChild(el("p", { "class": "note" }, "No declared range; baseline " + p.exact + "."));
      }
      num.addEventListener("change", function () {
        var x = parseFloat(num.value);
        if (!isFinite(x)) { num.value = valueText(values[k]); return; }
        setValue(k, x, "number");
      });
      var desc = el("p", { id: "desc-" + k, "class": "meaning" }, p.description || "(no description)");
      div.appendChild(desc);
      if (p.source.length) { div.appendChild(el("p", { "class": "source" }, "Source: " + p.source.join(", "))); }
      box.appendChild(div);
    });
    $("reset").addEventListener("click", function () {
      values = PARAMS.map(function (p) { return p.value; });
      syncControls(); update();
    });
  }

  function syncControls() {
    PARAMS.forEach(function (p, k) {
      var num = $("num-" + k), range = $("range-" + k);
      if (document.activeElement !== num) { num.value = valueText(values[k]); }
      if (range) { range.value = values[k]; }
    });
  }

  function setValue(k, x, from) {
    var p = PARAMS[k];
    if (p.low !== null && x < p.low) { x = p.low; }
    if (p.high !== null && x > p.high) { x = p.high; }
    values[k] = x;
    if (from === "range") { $("num-" + k).value = valueText(x); }
    else { $("num-" + k).value = valueText(x); var r = $("range-" + k); if (r) { r.value = x; } }
    update();
  }

  /* permalink: #name=value&... */
  function readHash() {
    var text = (location.hash || "").replace(/^#/, "");
    if (!text) { return; }
    text.split("&").forEach(function (pair) {
      var parts = pair.split("="), name = decodeURIComponent(parts[0] || ""), x = parseFloat(decodeURIComponent(parts[1] || ""));
      var k = NAMES.indexOf(name);
      if (k < 0 || !isFinite(x)) { return; }
      var p = PARAMS[k];
      if (p.low !== null) { x = Math.max(p.low, x); }
      if (p.high !== null) { x = Math.min(p.high, x); }
      values[k] = x;
    });
  }
  function hashText() {
    return "#" + NAMES.map(function (n, k) { return encodeURIComponent(n) + "=" + encodeURIComponent(valueText(values[k])); }).join("&");
  }

  function commandText() {
    var changed = NAMES.map(function (n, k) { return values[k] !== PARAMS[k].value ? " --set " + n + "=" + valueText(values[k]) : ""; }).join("");
    return "convenience solve " + DATA.source + changed;
  }

  function renderEquilibria(res, desc) {
    var box = clear($("equilibria"));
    if (res.unsupported) {
      box.appendChild(el("p", { "class": "warn" }, "This page cannot solve this game itself (" + res.unsupported +
        "); run the command below for the equilibria at this point."));
      return;
    }
    if (res.approx) { box.appendChild(el("p", { "class": "warn", id: "approx" }, res.approx)); }
    if (!desc.length) { box.appendChild(el("p", {}, "No equilibrium found at this point.")); }
    var list = el("ol", { "class": "eqs" });
    desc.forEach(function (d) {
      var li = el("li", { "data-name": d.name });
      li.appendChild(el("strong", {}, d.name + " "));
      d.lines.forEach(function (line, i) {
        if (i) { li.appendChild(el("br")); }
        li.appendChild(el("span", { "class": "path" }, line));
      });
      var pay = el("div", { "class": "payoffs" }, "Expected payoffs: " + PLAYERS.map(function (n, p) { return n + " " + fmt(d.payoffs[p]); }).join(", "));
      li.appendChild(pay);
      var details = el("details");
      details.appendChild(el("summary", {}, "Full plan"));
      var ul = el("ul");
      d.plan.forEach(function (line) { ul.appendChild(el("li", {}, line)); });
      details.appendChild(ul);
      li.appendChild(details);
      list.appendChild(li);
    });
    box.appendChild(list);
    if (res.incomplete) {
      box.appendChild(el("p", { "class": "warn" }, "Some candidate supports were skipped (a degenerate or larger system): the list may be incomplete here; check with the command below."));
    }
    if (res.repeated && res.repeated.verdict !== undefined) {
      box.appendChild(el("p", { id: "repeated-verdict" }, res.repeated.verdict));
    } else if (res.repeated) {
      var r = res.repeated, tg = DATA.repeated.target;
      var name = "(" + tg.map(function (s, p) { return normal.strategies[p][s]; }).join(", ") + ")";
      var text = r.sustainable ?
        "Grim trigger sustains " + name + " when delta ≥ " + fmt(r.critical) + (r.upper !== null ? " and delta ≤ " + fmt(r.upper) : "") +
        " (critical discount factor " + fmt(r.critical) + (r.binding.length ? ", binding: " + r.binding.map(function (i) { return PLAYERS[i]; }).join(", ") : "") + ")."
        : name + " cannot be sustained by grim trigger for any discount factor.";
      text += " At delta = " + fmt(r.delta) + " it is " + (r.sustained ? "" : "not ") + "sustained.";
      box.appendChild(el("p", { id: "repeated-verdict" }, text));
    }
  }

  function renderMatrix(res, desc) {
    var box = clear($("game"));
    var g = res.game, n = g.n, S = normal.strategies;
    var eqCells = {};
    res.equilibria.forEach(function (e, k) {
      if (!Solve.isPure(e)) { return; }
      var key = e.map(function (x) { return x.indexOf(1); }).join(",");
      eqCells[key] = (eqCells[key] ? eqCells[key] + " " : "") + "E" + (k + 1);
    });
    var rest = [];
    for (var p = 2; p < n; p++) { rest.push(p); }
    var combos = [[]];
    rest.forEach(function (q) { var next = []; combos.forEach(function (c) { for (var s = 0; s < g.shape[q]; s++) { next.push(c.concat([s])); } }); combos = next; });
    combos.forEach(function (combo) {
      var table = el("table", { "class": "matrix" });
      var cap = PLAYERS[0] + " chooses a row, " + PLAYERS[1] + " a column";
      if (rest.length) { cap += "; " + rest.map(function (q, i) { return PLAYERS[q] + " plays " + S[q][combo[i]]; }).join(", "); }
      table.appendChild(el("caption", {}, cap));
      var head = el("tr");
      head.appendChild(el("th", { scope: "col" }, PLAYERS[0] + " \\ " + PLAYERS[1]));
      S[1].forEach(function (s) { head.appendChild(el("th", { scope: "col" }, s)); });
      table.appendChild(head);
      for (var i = 0; i < g.shape[0]; i++) {
        var tr = el("tr");
        tr.appendChild(el("th", { scope: "row" }, S[0][i]));
        for (var j = 0; j < g.shape[1]; j++) {
          var idx = [i, j].concat(combo), td = el("td");
          for (var q = 0; q < n; q++) {
            if (q) { td.appendChild(document.createTextNode(", ")); }
            var mine = g.u(q, idx), best = true;
            for (var s = 0; s < g.shape[q]; s++) { var o = idx.slice(); o[q] = s; if (g.u(q, o) > mine + 1e-9 * g.scale) { best = false; } }
            var span = el("span", { "class": best ? "br" : "" }, fmt(mine) + (best ? "*" : ""));
            if (best) { span.setAttribute("title", PLAYERS[q] + ": best response"); }
            td.appendChild(span);
          }
          var key = idx.join(",");
          if (eqCells[key]) { td.className = "eq"; td.appendChild(el("span", { "class": "tag" }, " " + eqCells[key])); }
          tr.appendChild(td);
        }
        table.appendChild(tr);
      }
      box.appendChild(table);
    });
    box.appendChild(el("p", { "class": "note" }, "* marks a best response; a framed cell tagged E1, E2, ... is a pure equilibrium."));
  }

  function renderTree(res, desc) {
    var box = clear($("game"));
    if (res.unsupported) { return; }
    var sol = res.equilibria[0], on = sol ? onPath(res, sol) : {};
    var nodes = DATA.tree.nodes, infosets = DATA.tree.infosets, t = res.tree;
    box.appendChild(el("p", { "class": "note" }, sol ? "Bold branches are played in E1; information sets with several nodes are tagged." : "No equilibrium to highlight."));
    function item(k, via) {
      var node = nodes[k], li = el("li", { "class": on[k] ? "on" : "off" });
      var head = el("span", { "class": "node" });
      if (via) { head.appendChild(el("span", { "class": "via" }, via + (on[k] ? " ▶ " : " — "))); }
      if (node.kind === "terminal") {
        head.appendChild(document.createTextNode("payoffs (" + t.total[k].map(fmt).join(", ") + ")"));
      } else if (node.kind === "chance") {
        head.appendChild(document.createTextNode("chance"));
      } else {
        head.appendChild(document.createTextNode(PLAYERS[node.player] + " moves"));
        var h = infosets[node.infoset];
        if (h.nodes.length > 1) {
          head.appendChild(el("span", { "class": "infoset" }, " [information set " + h.label + ": " + h.nodes.length + " nodes it cannot tell apart]"));
        }
      }
      li.appendChild(head);
      if (node.children.length) {
        var ul = el("ul");
        node.children.forEach(function (c, a) {
          var v = node.actions[a];
          if (node.kind === "chance") { v += " (" + fmt(t.prob[c]) + ")"; }
          ul.appendChild(item(c, v));
        });
        li.appendChild(ul);
      }
      return li;
    }
    var root = el("ul", { "class": "tree" });
    root.appendChild(item(0, null));
    box.appendChild(root);
  }

  function renderClaims(results) {
    var box = clear($("claims"));
    if (!DATA.claims.length) { box.appendChild(el("p", {}, "The game file states no expectations.")); return; }
    var table = el("table", { "class": "claims" });
    var head = el("tr");
    ["Claim", "Expected", "At this point", "Why"].forEach(function (h) { head.appendChild(el("th", { scope: "col" }, h)); });
    table.appendChild(head);
    DATA.claims.forEach(function (c, i) {
      var r = results[i], tr = el("tr", { "data-id": c.id });
      tr.appendChild(el("td", {}, c.id));
      tr.appendChild(el("td", {}, c.text));
      var status = r.holds === null ? "not checked" : (r.holds ? "✓ holds" : "✗ fails");
      tr.appendChild(el("td", { "class": r.holds === null ? "" : (r.holds ? "holds" : "fails") }, status));
      tr.appendChild(el("td", {}, r.detail + (c.robust ? " (its robustness share is computed by convenience check, not here)" : "")));
      table.appendChild(tr);
    });
    box.appendChild(table);
  }

  function renderThresholds(list) {
    var box = clear($("thresholds"));
    if (!list.length) { box.appendChild(el("p", {}, "Moving any one parameter across its whole range leaves the equilibria as they are.")); return; }
    var ul = el("ul");
    list.slice(0, 5).forEach(function (t) {
      var p = PARAMS[t.index], end = t.dir > 0 ? p.high : p.low, at = fmt(t.at, 1e-7);
      var move = Math.abs(t.at - end) <= 1e-6 * (p.high - p.low) ? "reaches " + fmt(end) + " (the end of its range)" :
        (t.dir > 0 ? "rises above " : "falls below ") + at;
      ul.appendChild(el("li", {}, "When " + t.name + " " + move + ", the equilibria become: " + t.then));
    });
    box.appendChild(ul);
    box.appendChild(el("p", { "class": "note" }, "Each parameter is moved alone, the others fixed at their current values; the change points are located by bisection."));
  }

  /* -- regime map -- */
  var mapState = { x: null, y: null, pending: null };
  function buildMap() {
    var ranged = PARAMS.map(function (p, k) { return k; }).filter(function (k) { return PARAMS[k].low !== null && PARAMS[k].high !== null && PARAMS[k].high > PARAMS[k].low; });
    var box = $("map-controls");
    if (ranged.length < 2) { $("map-section").hidden = true; return; }
    var plane = DATA.plane || [];
    mapState.x = ranged.indexOf(plane[0]) >= 0 ? plane[0] : ranged[0];
    mapState.y = ranged.indexOf(plane[1]) >= 0 && plane[1] !== mapState.x ? plane[1] : ranged.filter(function (k) { return k !== mapState.x; })[0];
    ["x", "y"].forEach(function (axis) {
      var lab = el("label", { "for": "map-" + axis }, axis === "x" ? "Horizontal axis " : "Vertical axis ");
      var sel = el("select", { id: "map-" + axis });
      ranged.forEach(function (k) { var o = el("option", { value: k }, PARAMS[k].name); if (k === mapState[axis]) { o.selected = true; } sel.appendChild(o); });
      sel.addEventListener("change", function () { mapState[axis] = +sel.value; scheduleMap(); });
      lab.appendChild(sel);
      box.appendChild(lab);
    });
  }
  function scheduleMap() {
    if (mapState.x === null) { return; }
    if (mapState.pending) { clearTimeout(mapState.pending); }
    mapState.pending = setTimeout(drawMap, 60);
  }
  /* -- exact boundaries on the map: the equations of the report's regime map and thresholds
     (the other parameters at their baselines), each traced where it lies inside the map and
     drawn where the equilibria on its two sides differ -- */
  var exact = DATA.boundaries || null;
  var exactCurves = exact ? exact.curves.map(function (c) { return { equation: c.equation, f: Solve.compile(c.code) }; }) : [];
  var mapExact = { status: exact ? "pending" : "none", curves: [] };
  var TRACE = 80;  // cells per axis of the tracing grid; each crossing is then located by bisection

  function exactStatus(X, Y) {
    if (!exact) { return "none"; }
    var plane = exact.plane;
    if (!((X === plane[0] && Y === plane[1]) || (X === plane[1] && Y === plane[0]))) { return "plane"; }
    for (var k = 0; k < PARAMS.length; k++) {
      if (k !== X && k !== Y && values[k] !== PARAMS[k].value) { return "others"; }
    }
    return "shown";
  }

  /* points (u, v) in [0, 1]^2 on the zero set of f over the X-Y box, as segments: marching
     squares on a TRACE x TRACE grid, each end located on its cell edge by bisection */
  function traceZeros(f, X, Y) {
    var px = PARAMS[X], py = PARAMS[Y], w = values.slice();
    function at(u, v) { w[X] = px.low + (px.high - px.low) * u; w[Y] = py.low + (py.high - py.low) * v; return f(w); }
    return Regions.marchingSquares(at, TRACE, 52);
  }

  /* whether the segment separates two regions: the equilibria just either side of its
     midpoint differ (the two sides, or null when they agree); undefined when this cannot be
     told there (a side outside the map, or another traced equation passing between the sides) */
  function separates(seg, X, Y, others) {
    var px = PARAMS[X], py = PARAMS[Y];
    var mu = (seg[0][0] + seg[1][0]) / 2, mv = (seg[0][1] + seg[1][1]) / 2;
    var du = seg[1][0] - seg[0][0], dv = seg[1][1] - seg[0][1], len = Math.sqrt(du * du + dv * dv);
    if (!(len > 0)) { return undefined; }
    var h = 0.25 / TRACE, nu = -dv / len * h, nv = du / len * h;
    var sides = [[mu + nu, mv + nv], [mu - nu, mv - nv]];
    if (sides.some(function (s) { return s[0] < 0 || s[0] > 1 || s[1] < 0 || s[1] > 1; })) { return undefined; }
    sides = sides.map(function (s) {
      var v = values.slice();
      v[X] = px.low + (px.high - px.low) * s[0];
      v[Y] = py.low + (py.high - py.low) * s[1];
      return v;
    });
    var crossed = others.some(function (g) { var a = g(sides[0]), b = g(sides[1]); return (a > 0) !== (b > 0) || !isFinite(a) || !isFinite(b); });
    if (crossed) { return undefined; }
    var found = sides.map(function (v) { return { at: [v[X], v[Y]], signature: signature(solveAt(v)) }; });
    return found[0].signature !== found[1].signature ? found : null;
  }

  function drawExact(ctx, X, Y, toCanvas) {
    var start = performance.now();
    mapExact = { status: exactStatus(X, Y), axes: [PARAMS[X].name, PARAMS[Y].name], curves: [], ms: 0 };
    if (mapExact.status !== "shown") { return; }
    exactCurves.forEach(function (c) {
      var segments = traceZeros(c.f, X, Y), drawn = [], told = 0;
      var others = exactCurves.filter(function (d) { return d !== c; }).map(function (d) { return d.f; });
      segments.forEach(function (seg) {
        var sides = separates(seg, X, Y, others);
        if (sides !== undefined) { told++; }
        if (sides) { drawn.push({ segment: seg, sides: sides }); }
      });
      [["#fff", 5], ["#000", 2.5]].forEach(function (pen) {
        ctx.strokeStyle = pen[0]; ctx.lineWidth = pen[1]; ctx.lineCap = "round";
        ctx.beginPath();
        drawn.forEach(function (d) {
          var a = toCanvas(d.segment[0]), b = toCanvas(d.segment[1]);
          ctx.moveTo(a[0], a[1]); ctx.lineTo(b[0], b[1]);
        });
        ctx.stroke();
      });
      mapExact.curves.push({ equation: c.equation, segments: segments.length, told: told, drawn: drawn.length,
                             sides: drawn.map(function (d) { return d.sides.map(function (s) { return s.at; }); }) });
    });
    mapExact.ms = performance.now() - start;
  }

  function describeExact() {
    var box = clear($("map-exact"));
    var st = mapExact.status;
    if (st === "none") { return; }
    if (st === "plane") {
      box.appendChild(el("p", { "class": "note" }, "Exact boundary equations are known for the plane of " +
        PARAMS[exact.plane[0]].name + " and " + PARAMS[exact.plane[1]].name + " (from the report); choose those axes to see them."));
      return;
    }
    if (st === "others") {
      box.appendChild(el("p", { "class": "note" }, "The report's exact boundaries for this plane hold with every other " +
        "parameter at its baseline; they are not drawn while another parameter differs from it (Reset to baseline, then choose the axes)."));
      return;
    }
    var shown = mapExact.curves.filter(function (c) { return c.drawn > 0; });
    var idle = mapExact.curves.filter(function (c) { return c.drawn === 0; });
    box.appendChild(el("p", { "class": "note" }, "Black lines: exact boundaries. Each is an equation the report found, a " +
      "boundary of its regime map or one of its thresholds (the other parameters at their baselines), drawn where the " +
      "equilibria just either side of it differ; the colours are sampled, so next to a line a cell may show its neighbour's colour."));
    var ul = el("ul", { "class": "exact" });
    shown.forEach(function (c) {
      ul.appendChild(el("li", {}, c.equation + (c.drawn < c.told ? " (along part of its length)" : "")));
    });
    box.appendChild(ul);
    if (idle.length) {
      box.appendChild(el("p", { "class": "note" }, "Also found by the report, but separating no regions on this map: " +
        idle.map(function (c) { return c.equation; }).join("; ") + "."));
    }
  }

  /* -- the regime map from the game's exact conditions (Regions): regions coloured by which
     candidates' conditions hold, boundaries where a condition's factor vanishes and the
     regions either side differ, the other parameters at their current values -- */
  var CONDITIONS = DATA.conditions || null;
  var FILL = 164;  // cells per axis at which the regions are coloured
  var SHIFT = 0.5137;  // the vertical offset of a cell's sample: not the horizontal one, so that no
                       // sample of the first cells lies on a diagonal boundary such as x = y

  function regionText(key) {
    var bar = key.indexOf("|");
    if (bar >= 0) { return regionText(key.slice(0, bar)) + " · target " + key.slice(bar + 1); }
    if (key === "") { return "none of the equilibria these conditions follow"; }
    var names = key.split(",").map(function (i) { return CONDITIONS.candidates[+i].name; });
    names = names.filter(function (n, k) { return names.indexOf(n) === k; });
    names.sort(function (a, b) {
      var m = /^E(\d+)$/.exec(a), n = /^E(\d+)$/.exec(b);
      return m && n ? +m[1] - +n[1] : (a < b ? -1 : a > b ? 1 : 0);
    });
    return names.join(" + ");
  }

  function drawConditionMap(canvas, X, Y) {
    var start = performance.now(), ctx = canvas.getContext("2d"), W = canvas.width, H = canvas.height;
    var px = PARAMS[X], py = PARAMS[Y];
    var plane = new Regions.Plane(CONDITIONS, X, Y, values, [px.low, px.high, py.low, py.high]);
    var index = {}, regions = [], cells = new Int32Array(FILL * FILL), i, j, k;
    for (j = 0; j < FILL; j++) {
      for (i = 0; i < FILL; i++) {
        var xy = plane.xy((i + 0.5) / FILL, (j + SHIFT) / FILL), key = plane.key(xy[0], xy[1]);
        if (!(key in index)) { index[key] = regions.length; regions.push({ key: key, n: 0, sx: 0, sy: 0 }); }
        var r = regions[index[key]]; r.n++; r.sx += i; r.sy += j;
        cells[j * FILL + i] = index[key];
      }
    }
    var order = regions.slice().sort(function (a, b) { return b.n - a.n || (a.key < b.key ? -1 : 1); });
    order.forEach(function (r, n) { r.colour = n; });
    var cw = W / FILL, ch = H / FILL;
    ctx.clearRect(0, 0, W, H);
    for (j = 0; j < FILL; j++) {
      for (i = 0; i < FILL; i++) {
        ctx.fillStyle = PALETTE[regions[cells[j * FILL + i]].colour % PALETTE.length];
        ctx.fillRect(i * cw, H - (j + 1) * ch, cw + 0.5, ch + 0.5);
      }
    }
    function toCanvas(uw) { return [uw[0] * W, H - uw[1] * H]; }
    function toValues(uw) { return plane.xy(uw[0], uw[1]); }
    var curves = CONDITIONS.curves.map(function (c) {
      var r = plane.polys[c.polynomial], out = { equation: c.equation, how: "none", drawn: 0, runs: [] };
      if (r.dx === 0 && r.dy === 0) { return out; }
      var found = plane.pieces(r);
      out.how = found.how;
      found.pieces.forEach(function (piece) {
        plane.drawn(piece).forEach(function (run) {
          var n = found.how === "curve" ? Math.max(2, Math.ceil(piece.steps * (run.to - run.from) / piece.span) + 1) : 2, pts = [];
          for (var q = 0; q < n; q++) {
            var t = run.from + (run.to - run.from) * q / (n - 1), p = piece.point(t);
            if (q) { refine(piece, t - (run.to - run.from) / (n - 1), t, pts[pts.length - 1], p, pts, 0); }
            pts.push(p);
          }
          var mid = piece.point((run.from + run.to) / 2);
          out.runs.push({ points: pts, at: [toValues(pts[0]), toValues(mid), toValues(pts[n - 1])],
                          sides: run.sides.map(function (s) { return [s.x, s.y]; }),
                          regions: run.sides.map(function (s) { return regionText(s.key); }) });
        });
      });
      out.drawn = out.runs.length;
      return out;
    });
    [["#fff", 5], ["#000", 2.5]].forEach(function (pen) {
      ctx.strokeStyle = pen[0]; ctx.lineWidth = pen[1]; ctx.lineCap = "round"; ctx.lineJoin = "round";
      curves.forEach(function (c) {
        ctx.setLineDash(c.how === "traced" && pen[0] === "#000" ? [6, 4] : []);
        ctx.beginPath();
        c.runs.forEach(function (run) {
          run.points.forEach(function (p, q) { var a = toCanvas(p); if (q) { ctx.lineTo(a[0], a[1]); } else { ctx.moveTo(a[0], a[1]); } });
        });
        ctx.stroke();
      });
    });
    ctx.setLineDash([]);
    ctx.font = "bold 14px sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
    order.forEach(function (r, n) {
      var cx = (r.sx / r.n + 0.5) * cw, cy = H - (r.sy / r.n + 0.5) * ch;
      ctx.fillStyle = "#fff"; ctx.fillRect(cx - 10, cy - 10, 20, 20);
      ctx.fillStyle = "#000"; ctx.fillText(LETTERS[n % 26], cx, cy);
    });
    markPoint(ctx, toCanvas([(values[X] - px.low) / (px.high - px.low), (values[Y] - py.low) / (py.high - py.low)]));
    var here = plane.key(values[X], values[Y]);
    mapExact = { status: "conditions", axes: [px.name, py.name], curves: curves, current: regionText(here),
                 regions: order.map(function (r) { return { text: regionText(r.key), share: r.n / (FILL * FILL) }; }),
                 ms: performance.now() - start };
    var legend = clear($("map-legend")), named = {};
    order.forEach(function (r, n) {
      var li = el("li");
      var sw = el("span", { "class": "swatch" }); sw.style.background = PALETTE[n % PALETTE.length];
      li.appendChild(sw);
      li.appendChild(el("strong", {}, LETTERS[n % 26] + " "));
      li.appendChild(document.createTextNode(regionText(r.key) + (r.key === here ? " (the current point)" : "")));
      legend.appendChild(li);
      r.key.split("|")[0].split(",").forEach(function (c) { if (c !== "") { named[CONDITIONS.candidates[+c].name] = CONDITIONS.candidates[+c]; } });
    });
    var names = Object.keys(named);
    var key = clear($("map-key"));
    if (names.length) {
      key.appendChild(el("p", { "class": "note" }, "The equilibria on the map, by the reports' short names:"));
      var ul = el("ul", { "class": "names" });
      names.sort(function (a, b) {
        var m = /^E(\d+)$/.exec(a), n = /^E(\d+)$/.exec(b);
        return m && n ? +m[1] - +n[1] : (a < b ? -1 : 1);
      }).forEach(function (n) {
        ul.appendChild(el("li", {}, n + ": " + named[n].label + (named[n].unnamed ? " (met only on this map: the report does not name it)" : "")));
      });
      key.appendChild(ul);
    }
    var others = PARAMS.map(function (p, k) { return k; }).filter(function (k) { return k !== X && k !== Y; })
      .map(function (k) { return PARAMS[k].name + " = " + fmt(values[k]); });
    $("map-axes").textContent = px.name + " from " + valueText(px.low) + " to " + valueText(px.high) + " (left to right), " +
      py.name + " from " + valueText(py.low) + " to " + valueText(py.high) + " (bottom to top); the circle is the current point" +
      (others.length ? "; the other parameters at their current values (" + others.join(", ") + ")" : "") + ". " +
      "The regions come from the game's exact equilibrium conditions, evaluated at " + FILL + " × " + FILL + " points.";
    describeConditionCurves(curves);
    canvas.setAttribute("aria-label", "Regime map over " + px.name + " and " + py.name + " with " + order.length + " regions, listed below");
  }

  /* points of a closed-form curve between two of its points, added until neighbours are at
     most a pixel apart (a steep stretch gets as many as it needs) */
  function refine(piece, t0, t1, p0, p1, pts, depth) {
    var du = (p1[0] - p0[0]) * $("map").width, dw = (p1[1] - p0[1]) * $("map").height;
    if (depth >= 16 || du * du + dw * dw <= 1) { return; }
    var tm = (t0 + t1) / 2, pm = piece.point(tm);
    refine(piece, t0, tm, p0, pm, pts, depth + 1);
    pts.push(pm);
    refine(piece, tm, t1, pm, p1, pts, depth + 1);
  }

  function describeConditionCurves(curves) {
    var box = clear($("map-exact"));
    var drawn = curves.filter(function (c) { return c.drawn > 0; });
    var exactOnes = drawn.filter(function (c) { return c.how !== "traced"; });
    var traced = drawn.filter(function (c) { return c.how === "traced"; });
    box.appendChild(el("p", { "class": "note" }, "Boundaries: where a factor of an equilibrium's condition is zero and the " +
      "regions just either side of it differ, the other parameters at their current values. The colours are evaluated " +
      "cell by cell, so next to a line a cell may show its neighbour's colour; the lines are not sampled."));
    if (exactOnes.length) {
      box.appendChild(el("p", { "class": "note" }, "Solid black lines, exact: solved in closed form on this plane."));
      var ul = el("ul", { "class": "exact" });
      exactOnes.forEach(function (c) { ul.appendChild(el("li", {}, c.equation + (c.how === "line" ? " (a straight line here)" : " (a curve, solved for one axis)"))); });
      box.appendChild(ul);
    }
    if (traced.length) {
      box.appendChild(el("p", { "class": "note" }, "Dashed black lines, traced from the exact condition (its zero set followed " +
        "across a " + 160 + " × " + 160 + " grid, each crossing located by bisection; not a closed form):"));
      var tl = el("ul", { "class": "exact" });
      traced.forEach(function (c) { tl.appendChild(el("li", {}, c.equation)); });
      box.appendChild(tl);
    }
    if (!drawn.length) { box.appendChild(el("p", { "class": "note" }, "No condition changes the equilibria on this plane at the current values.")); }
    CONDITIONS.notes.forEach(function (n) { box.appendChild(el("p", { "class": "note" }, n)); });
  }

  function markPoint(ctx, centre) {
    var cx = centre[0], cy = centre[1];
    ctx.strokeStyle = "#000"; ctx.lineWidth = 2; ctx.beginPath(); ctx.arc(cx, cy, 7, 0, 2 * Math.PI); ctx.stroke();
    ctx.strokeStyle = "#fff"; ctx.lineWidth = 1; ctx.beginPath(); ctx.arc(cx, cy, 9, 0, 2 * Math.PI); ctx.stroke();
  }

  function drawMap() {
    mapState.pending = null;
    if (mapState.x === null) { return; }
    if (CONDITIONS && mapState.x !== mapState.y) { drawConditionMap($("map"), mapState.x, mapState.y); return; }
    clear($("map-key"));
    var canvas = $("map"), ctx = canvas.getContext("2d"), N = 41, X = mapState.x, Y = mapState.y;
    var px = PARAMS[X], py = PARAMS[Y], w = values.slice(), sigs = [], index = {}, grid = [];
    for (var j = 0; j < N; j++) {
      grid.push([]);
      for (var i = 0; i < N; i++) {
        w[X] = px.low + (px.high - px.low) * i / (N - 1);
        w[Y] = py.low + (py.high - py.low) * j / (N - 1);
        var s = X === Y ? "" : signature(solveAt(w));
        if (!(s in index)) { index[s] = sigs.length; sigs.push({ text: s, n: 0, sx: 0, sy: 0 }); }
        var r = sigs[index[s]]; r.n++; r.sx += i; r.sy += j;
        grid[j].push(index[s]);
      }
    }
    var W = canvas.width, H = canvas.height, cw = W / N, ch = H / N;
    ctx.clearRect(0, 0, W, H);
    for (j = 0; j < N; j++) {
      for (i = 0; i < N; i++) {
        ctx.fillStyle = PALETTE[grid[j][i] % PALETTE.length];
        ctx.fillRect(i * cw, H - (j + 1) * ch, cw + 0.5, ch + 0.5);
      }
    }
    function toCanvas(uv) { return [(uv[0] * (N - 1) + 0.5) * cw, H - (uv[1] * (N - 1) + 0.5) * ch]; }
    if (X !== Y) { drawExact(ctx, X, Y, toCanvas); } else { mapExact = { status: exact ? "plane" : "none", curves: [] }; }
    ctx.font = "bold 14px sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
    sigs.forEach(function (s, k) {
      var cx = (s.sx / s.n + 0.5) * cw, cy = H - (s.sy / s.n + 0.5) * ch;
      ctx.fillStyle = "#fff"; ctx.fillRect(cx - 10, cy - 10, 20, 20);
      ctx.fillStyle = "#000"; ctx.fillText(LETTERS[k % 26], cx, cy);
    });
    var centre = toCanvas([(values[X] - px.low) / (px.high - px.low), (values[Y] - py.low) / (py.high - py.low)]);
    var cx = centre[0], cy = centre[1];
    ctx.strokeStyle = "#000"; ctx.lineWidth = 2; ctx.beginPath(); ctx.arc(cx, cy, 7, 0, 2 * Math.PI); ctx.stroke();
    ctx.strokeStyle = "#fff"; ctx.lineWidth = 1; ctx.beginPath(); ctx.arc(cx, cy, 9, 0, 2 * Math.PI); ctx.stroke();
    var legend = clear($("map-legend"));
    sigs.forEach(function (s, k) {
      var li = el("li");
      var sw = el("span", { "class": "swatch" }); sw.style.background = PALETTE[k % PALETTE.length];
      li.appendChild(sw);
      li.appendChild(el("strong", {}, LETTERS[k % 26] + " "));
      li.appendChild(document.createTextNode(s.text));
      legend.appendChild(li);
    });
    $("map-axes").textContent = px.name + " from " + valueText(px.low) + " to " + valueText(px.high) + " (left to right), " +
      py.name + " from " + valueText(py.low) + " to " + valueText(py.high) + " (bottom to top); the circle is the current point. " +
      "Sampled at " + N + " × " + N + " points: a boundary lies between neighbouring samples" +
      (mapExact.status === "shown" ? " (the black lines are exact; see below)." : ".") +
      (DATA.no_conditions ? " This game's equilibrium conditions are not known symbolically (" + DATA.no_conditions +
        "), so the map is sampled by solving the game at each point." : "");
    describeExact();
    canvas.setAttribute("aria-label", "Regime map over " + px.name + " and " + py.name + " with " + sigs.length + " regions, listed below");
  }

  /* -- one update -- */
  var last = null;
  function update() {
    var start = performance.now();
    var res = solveAt(values), desc = res.unsupported ? [] : describe(res);
    renderEquilibria(res, desc);
    if (KIND === "tree") { renderTree(res, desc); } else if (!res.unsupported) { renderMatrix(res, desc); }
    renderClaims(claimsAt(values, res));
    $("command").textContent = commandText();
    var link = hashText();
    $("permalink").setAttribute("href", link);
    if (location.hash !== link) { history.replaceState(null, "", link); }
    last = { result: res, descriptions: desc, canonical: res.unsupported ? null : canonical(res),
             signature: signature(res), values: values.slice() };
    var ms = performance.now() - start;
    timings.updates.push(ms);
    scheduleSlow();
  }
  var slowTimer = null;
  function scheduleSlow() {
    if (slowTimer) { clearTimeout(slowTimer); }
    slowTimer = setTimeout(function () {
      slowTimer = null;
      renderThresholds(last.result.unsupported ? [] : thresholds(values, last.signature));
      drawMap();
    }, 80);
  }

  buildHeader();
  readHash();
  buildControls();
  buildMap();
  syncControls();
  update();
  timings.render = performance.now() - t0;
  window.addEventListener("hashchange", function () {
    if (location.hash === hashText()) { return; }
    readHash(); syncControls(); update();
  });

  /* for tests and scripts: the current state in plain data */
  window.explore = {
    state: function () {
      var r = last.result;
      return { values: last.values, canonical: last.canonical, names: last.descriptions.map(function (d) { return d.name; }),
               lines: last.descriptions.map(function (d) { return d.lines; }), unsupported: r.unsupported || null,
               repeated: r.repeated ? { critical: r.repeated.critical, sustained: r.repeated.sustained } : null,
               gridPoint: r.gridPoint || null,
               claims: claimsAt(values, r), signature: last.signature };
    },
    timings: timings,
    exact: function () { return mapExact; },
    /* the page's own answer at a point: its solver's equilibria, and the candidates whose exact
       conditions hold there (labels), when the game's conditions are known */
    answerAt: function (v) {
      var r = solveAt(v), out = { canonical: r.unsupported ? null : canonical(r), signature: signature(r), holding: null };
      if (CONDITIONS) {
        var plane = new Regions.Plane(CONDITIONS, 0, 0, v, [0, 1, 0, 1]), key = plane.key(v[0], v[0]), parts = key.split("|");
        out.holding = parts[0] === "" ? [] : parts[0].split(",").map(function (i) { return CONDITIONS.candidates[+i].label; });
        if (parts.length > 1) { out.sustained = parts[1] === "sustained"; }
        if (r.repeated) { out.solverSustained = !!r.repeated.sustained; }
        out.region = regionText(key);
      }
      return out;
    },
    idle: function () { return slowTimer === null && mapState.pending === null; }
  };
})();
