/* flashcrash: charts that fit their column at any width, copy buttons, the reader's access date.
 *
 * window.fcEmbed(id) draws the Vega-Lite spec in <script id="spec-ID"> into <div id="vis-ID">:
 * - single and layered views take the container's width (width "container", autosize fit-x);
 * - composed views (vconcat, hconcat, concat, facet) are measured and their panel widths set so the
 *   whole chart fits; below NARROW px, side-by-side panels are stacked;
 * - below NARROW px, legends go under the chart and long titles wrap onto several lines.
 * Charts are fitted again when the window is resized. The chart's title is shown as HTML above it.
 */
(function () {
  "use strict";
  var NARROW = 600; // px: below this container width, stack panels and put legends underneath
  var MIN_PLOT = 120; // px: the narrowest plot area drawn
  var COMPOSED = ["vconcat", "hconcat", "concat"];
  var LEGEND_CHANNELS = ["color", "fill", "stroke", "shape", "size", "opacity", "fillOpacity", "strokeOpacity", "strokeDash", "strokeWidth"];
  var charts = {};

  function clone(o) { return JSON.parse(JSON.stringify(o)); }

  function eachView(spec, fn) {
    fn(spec);
    COMPOSED.concat(["layer"]).forEach(function (k) {
      (spec[k] || []).forEach(function (c) { eachView(c, fn); });
    });
    if (spec.spec) eachView(spec.spec, fn);
  }

  function isComposed(spec) {
    var enc = spec.encoding || {};
    return COMPOSED.some(function (k) { return spec[k]; }) || !!spec.facet || !!spec.repeat || !!(enc.row || enc.column || enc.facet);
  }

  function wrapText(text, maxChars) {
    if (typeof text !== "string" || text.length <= maxChars) return text;
    var lines = [], line = "";
    text.split(/\s+/).forEach(function (w) {
      if (line && (line + " " + w).length > maxChars) { lines.push(line); line = w; } else { line = line ? line + " " + w : w; }
    });
    if (line) lines.push(line);
    return lines;
  }

  function legendsBelow(spec, W) {
    // one entry per line: a bottom legend starts at the plot's left edge, after the y axis, so
    // several columns can run past the chart's right edge
    var cols = 1;
    eachView(spec, function (v) {
      var enc = v.encoding;
      if (!enc) return;
      LEGEND_CHANNELS.forEach(function (c) {
        var d = enc[c];
        if (!d || Array.isArray(d) || typeof d !== "object" || d.legend === null || !(d.field || d.aggregate)) return;
        var lg = Object.assign({}, d.legend || {});
        lg.orient = "bottom";
        lg.direction = "horizontal";
        lg.columns = cols;
        lg.labelLimit = Math.max(80, Math.floor(W * 0.6));
        delete lg.legendX; delete lg.legendY;
        d.legend = lg;
      });
    });
  }

  function wrapTitles(spec, W) {
    eachView(spec, function (v) {
      if (v !== spec && v.title) {
        if (typeof v.title === "string") v.title = wrapText(v.title, Math.floor(W / 7.5));
        else if (typeof v.title === "object" && typeof v.title.text === "string") v.title.text = wrapText(v.title.text, Math.floor(W / 7.5));
      }
      var enc = v.encoding;
      if (!enc) return;
      ["x", "y"].forEach(function (c) {
        var d = enc[c];
        if (!d || typeof d !== "object") return;
        var length = c === "x" ? W - 70 : (typeof v.height === "number" ? v.height : 240);
        var chars = Math.max(14, Math.floor(length / 6.6));
        if (typeof d.title === "string") d.title = wrapText(d.title, chars);
        if (d.axis && typeof d.axis.title === "string") d.axis.title = wrapText(d.axis.title, chars);
      });
    });
  }

  // a panel that hid its y labels because it sat beside another shows them once stacked
  function showSharedLabels(panels) {
    panels.slice(1).forEach(function (p) {
      eachView(p, function (v) {
        var y = v.encoding && v.encoding.y;
        if (y && y.axis && y.axis.labels === false) { y.axis = Object.assign({}, y.axis); delete y.axis.labels; }
      });
    });
  }

  function stack(spec) {
    if (spec.hconcat) { spec.vconcat = spec.hconcat; delete spec.hconcat; showSharedLabels(spec.vconcat); }
    if (spec.concat) spec.columns = 1;
    if (spec.facet) {
      if (spec.facet.column && !spec.facet.row) { spec.facet = spec.facet.column; spec.columns = 1; }
      else if (spec.facet.field) spec.columns = 1;
    }
    var enc = spec.encoding;
    if (enc) {
      if (enc.facet) enc.facet.columns = 1;
      if (enc.column && !enc.row) { enc.facet = Object.assign({}, enc.column, { columns: 1 }); delete enc.column; }
    }
    (spec.vconcat || spec.concat || []).forEach(stack);
  }

  function numericWidth(v) {
    if (typeof v.width === "number") return v.width;
    for (var i = 0; v.layer && i < v.layer.length; i++) if (typeof v.layer[i].width === "number") return v.layer[i].width;
    return 300;
  }

  // set the plot width of every panel of a view so that a row of panels takes w pixels of plot
  function setWidth(v, w) {
    if (v.vconcat) { v.vconcat.forEach(function (c) { setWidth(c, w); }); return; }
    if (v.hconcat) {
      var total = v.hconcat.reduce(function (s, c) { return s + numericWidth(c); }, 0);
      v.hconcat.forEach(function (c) { setWidth(c, w * numericWidth(c) / total); });
      return;
    }
    if (v.concat) {
      var cols = v.columns || v.concat.length;
      v.concat.forEach(function (c) { setWidth(c, w / cols); });
      return;
    }
    if (v.spec) { setWidth(v.spec, w / (v.columns || 1)); return; }
    eachView(v, function (x) { if (x !== v) delete x.width; });
    var enc = v.encoding || {};
    var cols2 = enc.facet && enc.facet.columns ? enc.facet.columns : 1;
    v.width = Math.max(MIN_PLOT / cols2, Math.floor(w / cols2));
  }

  function scaleWidths(v, r) {
    if (v.vconcat || v.hconcat || v.concat) { (v.vconcat || v.hconcat || v.concat).forEach(function (c) { scaleWidths(c, r); }); return; }
    if (v.spec) { scaleWidths(v.spec, r); return; }
    var w = numericWidth(v);
    eachView(v, function (x) { if (x !== v) delete x.width; });
    v.width = Math.max(40, Math.floor(w * r));
  }

  function svgWidth(el) {
    var svg = el.querySelector("svg");
    return svg ? parseFloat(svg.getAttribute("width")) || svg.getBoundingClientRect().width : 0;
  }

  function fit(id) {
    var c = charts[id];
    var W = Math.floor(c.el.getBoundingClientRect().width);
    if (!W || Math.abs(W - c.width) < 8) return Promise.resolve();
    c.width = W;
    var spec = clone(c.spec);
    delete spec.title; // shown above the chart, as HTML that wraps
    var narrow = W < NARROW;
    if (narrow) {
      legendsBelow(spec, W);
      wrapTitles(spec, W);
      spec.config = spec.config || {};
      spec.config.axis = Object.assign({}, spec.config.axis || {}, { labelLimit: Math.floor(W * 0.4) });
    }
    var opts = { renderer: "svg", actions: c.actions };
    function draw(s) {
      if (c.result) { c.result.finalize(); c.result = null; }
      return window.vegaEmbed(c.el, s, opts).then(function (res) { c.result = res; return svgWidth(c.el); });
    }
    if (!isComposed(spec)) {
      eachView(spec, function (x) { if (x !== spec) delete x.width; });
      spec.width = "container";
      spec.autosize = { type: "fit-x", contains: "padding" };
      return draw(spec);
    }
    var stacked = narrow || !!spec.vconcat;
    if (narrow) stack(spec);
    if (stacked) {
      var w = Math.floor(W * 0.8);
      setWidth(spec, w);
      var tries = 0;
      var step = function (S) {
        if (S <= W || tries++ > 3 || w <= MIN_PLOT) return S;
        w = Math.max(MIN_PLOT, Math.floor(w - (S - W) - 2));
        setWidth(spec, w);
        return draw(spec).then(step);
      };
      return draw(spec).then(function (S) {
        w = Math.max(MIN_PLOT, Math.floor(w + (W - S) - 2)); // fill the column: overhead = S - w
        setWidth(spec, w);
        return draw(spec).then(step);
      });
    }
    var n = 0;
    var shrink = function (S) {
      if (S <= W || n++ > 4) return S;
      scaleWidths(spec, Math.max(0.3, (W - 4) / S));
      return draw(spec).then(shrink);
    };
    return draw(spec).then(shrink);
  }

  window.fcEmbed = function (id, actions) {
    var el = document.getElementById("vis-" + id);
    var src = document.getElementById("spec-" + id);
    if (!el || !src) { console.error("chart " + id + ": container or spec missing"); return; }
    // no vega action menu: the row of files under each chart (PNG, SVG, CSV, Vega-Lite) does its job
    charts[id] = { el: el, spec: JSON.parse(src.textContent), width: 0, result: null, actions: actions || false };
    fit(id).catch(function (e) { console.error(e); });
  };

  // a table wider than its column is shown as cards (class fc-stacked), so nothing scrolls sideways
  function stackWideTables() {
    document.querySelectorAll(".fc-table-wrap > table.fc-table").forEach(function (t) {
      t.classList.remove("fc-stacked");
      if (t.parentElement.scrollWidth > t.parentElement.clientWidth + 1) t.classList.add("fc-stacked");
    });
  }

  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      stackWideTables();
      Object.keys(charts).forEach(function (id) { fit(id).catch(function (e) { console.error(e); }); });
    }, 200);
  });

  // copy buttons: <button class="fc-copy" data-copy="ID"> copies the text of element ID
  document.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest("button.fc-copy") : null;
    if (!b) return;
    var t = document.getElementById(b.getAttribute("data-copy"));
    if (!t) return;
    var text = t.value !== undefined && t.tagName === "TEXTAREA" ? t.value : t.innerText;
    var done = function () { var old = b.textContent; b.textContent = "Copied"; setTimeout(function () { b.textContent = old; }, 1500); };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, function () {});
    else if (t.select) { t.select(); document.execCommand("copy"); done(); }
  });

  // citations: the reader's access date replaces the build date
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }
  document.addEventListener("DOMContentLoaded", function () {
    stackWideTables();
    var t = today();
    document.querySelectorAll(".fc-today").forEach(function (el) { el.textContent = t; });
  });
})();
