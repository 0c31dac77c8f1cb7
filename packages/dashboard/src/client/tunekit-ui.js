/*
 * tunekit browser UI: draws a study payload (summary, plots, trials table) with ECharts.
 * Shared by the self-contained report and the live dashboard. Plain ES2020, no build step.
 *
 * Safety rule: user strings (study, param and attr names and values) only ever reach the DOM
 * through textContent / attribute setters, and reach ECharts tooltips (HTML) through esc().
 */
(function (global) {
  'use strict';

  var echarts = global.echarts;
  var STATE_COLORS = { complete: '#3b82f6', pruned: '#f59e0b', fail: '#ef4444', running: '#10b981', waiting: '#9ca3af' };
  var STATES = ['complete', 'pruned', 'fail', 'running', 'waiting'];
  var PAGE_SIZE = 50;

  // ------------------------------------------------------------------ small helpers

  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      for (var key in props) {
        if (!Object.prototype.hasOwnProperty.call(props, key)) continue;
        var value = props[key];
        if (value === undefined || value === null) continue;
        if (key === 'text') node.textContent = String(value);
        else if (key === 'className') node.className = value;
        else if (key === 'dataset') for (var d in value) node.dataset[d] = String(value[d]);
        else if (key === 'on') for (var evt in value) node.addEventListener(evt, value[evt]);
        else node.setAttribute(key, String(value));
      }
    }
    if (children) for (var i = 0; i < children.length; i++) if (children[i]) node.appendChild(children[i]);
    return node;
  }

  var ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  function esc(value) {
    return String(value).replace(/[&<>"']/g, function (c) { return ESCAPES[c]; });
  }

  function fmtNumber(value) {
    if (typeof value !== 'number') return value === null || value === undefined ? '' : String(value);
    if (!isFinite(value)) return String(value);
    if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
    var abs = Math.abs(value);
    if (abs !== 0 && (abs < 1e-4 || abs >= 1e6)) return value.toExponential(4).replace(/\.?0+e/, 'e');
    return String(Number(value.toPrecision(6)));
  }

  function pad(n) { return n < 10 ? '0' + n : String(n); }
  function fmtDate(ms) {
    if (typeof ms !== 'number') return '';
    var d = new Date(ms);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }
  function fmtDuration(ms) {
    if (typeof ms !== 'number' || !isFinite(ms)) return '';
    if (ms < 1000) return Math.round(ms) + ' ms';
    var s = ms / 1000;
    if (s < 60) return s.toFixed(s < 10 ? 2 : 1) + ' s';
    var m = Math.floor(s / 60);
    if (m < 60) return m + ' min ' + Math.round(s - m * 60) + ' s';
    var h = Math.floor(m / 60);
    if (h < 48) return h + ' h ' + (m - h * 60) + ' min';
    return Math.floor(h / 24) + ' d ' + (h % 24) + ' h';
  }
  function fmtValue(value) {
    if (value === null || value === undefined) return '';
    if (typeof value === 'number') return fmtNumber(value);
    if (typeof value === 'string') return value;
    return JSON.stringify(value);
  }

  function objectiveLabel(study, index) {
    var dirs = study.directions;
    return dirs.length === 1 ? 'objective (' + dirs[0] + ')' : 'objective ' + index + ' (' + dirs[index] + ')';
  }

  /** Colours for values: the best end is dark blue, the worst pale. */
  function valueColors(direction) {
    var ramp = ['#08306b', '#2171b5', '#6baed6', '#9ecae1', '#c6dbef'];
    return direction === 'minimize' ? ramp : ramp.slice().reverse();
  }

  function now() { return global.performance ? global.performance.now() : Date.now(); }
  /** A User Timing entry (visible in the browser's performance tools), when supported. */
  function measure(name, start) {
    try { if (global.performance && global.performance.measure) global.performance.measure(name, { start: start, end: now() }); } catch (ignored) { /* old browsers */ }
  }

  function baseOption() {
    return { animation: false, textStyle: { fontFamily: 'system-ui, sans-serif' } };
  }

  function stateLegendSeries(states) {
    return states.map(function (state) {
      return { name: state, type: 'line', data: [], color: STATE_COLORS[state], lineStyle: { color: STATE_COLORS[state] }, itemStyle: { color: STATE_COLORS[state] } };
    });
  }

  // ------------------------------------------------------------------ plot option builders
  // Each returns { option } for a chart, or { note } when there is nothing honest to draw.

  function historyPlot(payload, index) {
    var h = payload.plots.history[index];
    if (!h || h.points.length === 0) return { note: 'No complete trial yet.' };
    var best = h.best.map(function (p) { return [p.number, p.value]; });
    if (best.length > 0) best.push([Math.max(h.lastNumber, best[best.length - 1][0]), best[best.length - 1][1]]);
    var label = objectiveLabel(payload.study, index);
    return {
      option: Object.assign(baseOption(), {
        grid: { left: 70, right: 24, top: 40, bottom: 50 },
        legend: { top: 4, right: 10, data: ['objective value', 'best value'] },
        tooltip: { trigger: 'item', formatter: function (p) { return 'trial #' + esc(p.value[0]) + '<br>' + esc(p.seriesName) + ': ' + esc(fmtNumber(p.value[1])); } },
        xAxis: { type: 'value', name: 'trial', nameLocation: 'middle', nameGap: 28, min: 0, max: Math.max(1, h.lastNumber) },
        yAxis: { type: 'value', name: label, scale: true, nameTextStyle: { align: 'left' } },
        dataZoom: [{ type: 'inside', xAxisIndex: 0 }],
        series: [
          { name: 'objective value', type: 'scatter', data: h.points.map(function (p) { return [p.number, p.value]; }), symbolSize: 5, itemStyle: { color: STATE_COLORS.complete, opacity: 0.6 }, large: true, largeThreshold: 500 },
          { name: 'best value', type: 'line', step: 'end', data: best, showSymbol: false, lineStyle: { color: '#dc2626', width: 2 }, itemStyle: { color: '#dc2626' } },
        ],
      }),
      caption: h.points.length + ' complete trials' + (h.nonFinite ? ', ' + h.nonFinite + ' with a non-finite value left out' : ''),
    };
  }

  function importancePlot(payload) {
    var imp = payload.plots.importance;
    if (!imp.available) return { note: imp.reason };
    var rows = imp.importances.slice().reverse();
    return {
      option: Object.assign(baseOption(), {
        grid: { left: 140, right: 40, top: 20, bottom: 30 },
        tooltip: { trigger: 'item', formatter: function (p) { return esc(p.name) + ': ' + esc((p.value * 100).toFixed(1)) + '%'; } },
        xAxis: { type: 'value', max: 1, axisLabel: { formatter: function (v) { return Math.round(v * 100) + '%'; } } },
        yAxis: { type: 'category', data: rows.map(function (r) { return r.name; }), axisLabel: { width: 120, overflow: 'truncate' } },
        series: [{ type: 'bar', data: rows.map(function (r) { return r.importance; }), itemStyle: { color: STATE_COLORS.complete } }],
      }),
      caption: imp.evaluator ? 'evaluator: ' + imp.evaluator : '',
    };
  }

  function parallelPlot(payload) {
    var pc = payload.plots.parallelCoordinate;
    if (pc.lines.length === 0 || !pc.valueRange || pc.params.length === 0) return { note: pc.params.length === 0 && pc.omittedParams.length ? 'No parameter is shared by every complete trial (conditional parameters: ' + pc.omittedParams.join(', ') + ').' : 'No complete trial with parameters yet.' };
    var axes = [{ dim: 0, name: 'objective', type: 'value', min: pc.valueRange[0], max: pc.valueRange[1], scale: true, axisLabel: { formatter: fmtNumber, showMinLabel: false, showMaxLabel: false } }];
    pc.params.forEach(function (a, i) {
      var axis = { dim: i + 1, name: a.name, nameTruncate: { maxWidth: 110 }, axisLabel: { hideOverlap: true } };
      if (a.scale === 'categorical') { axis.type = 'category'; axis.data = a.categories; }
      else if (a.scale === 'log') { axis.type = 'log'; axis.min = a.low; axis.max = a.high; }
      else { axis.type = 'value'; axis.min = a.low; axis.max = a.high; if (a.integer) { axis.minInterval = 1; if (a.high - a.low <= 10) axis.interval = 1; } }
      axes.push(axis);
    });
    var normal = [];
    var top = [];
    pc.lines.forEach(function (line) { (line.top ? top : normal).push([line.value].concat(line.params)); });
    // Colour by rank more than by raw value: one diverged trial must not paint all others alike.
    var sortedValues = pc.lines.map(function (line) { return line.value; }).sort(function (a, b) { return a - b; });
    var lo = sortedValues.length >= 20 ? sortedValues[Math.floor(sortedValues.length * 0.05)] : pc.valueRange[0];
    var hi = sortedValues.length >= 20 ? sortedValues[Math.ceil(sortedValues.length * 0.95) - 1] : pc.valueRange[1];
    if (!(hi > lo)) { lo = pc.valueRange[0]; hi = pc.valueRange[1] > lo ? pc.valueRange[1] : lo + 1; }
    var caption = pc.lines.length < pc.totalLines ? 'showing ' + pc.lines.length + ' of ' + pc.totalLines + ' trials (the ' + top.length + ' best always)' : pc.totalLines + ' trials';
    if (pc.omittedParams.length) caption += '; conditional params not shown: ' + pc.omittedParams.join(', ');
    return {
      option: Object.assign(baseOption(), {
        parallel: { left: 70, right: 150, top: 50, bottom: 30, parallelAxisDefault: { nameLocation: 'end', nameGap: 14, nameTextStyle: { fontSize: 12 } } },
        parallelAxis: axes,
        visualMap: { type: 'continuous', dimension: 0, min: lo, max: hi, inRange: { color: valueColors(pc.direction) }, right: 0, top: 'middle', itemHeight: 160, calculable: true, text: ['', 'objective'], precision: 4 },
        series: [
          { name: 'trials', type: 'parallel', data: normal, lineStyle: { width: 1, opacity: 0.35 }, progressive: 800, smooth: false },
          { name: 'best trials', type: 'parallel', data: top, lineStyle: { width: 2.2, opacity: 0.95 }, z: 3 },
        ],
      }),
      caption: caption,
    };
  }

  function slicePlot(payload) {
    var sl = payload.plots.slice;
    var params = sl.params.filter(function (p) { return p.points.length > 0; });
    if (params.length === 0) return { note: 'No complete trial with parameters yet.' };
    var cols = Math.min(params.length, 3);
    var rows = Math.ceil(params.length / cols);
    var cellH = 210;
    var grids = [], xAxes = [], yAxes = [], series = [];
    params.forEach(function (p, i) {
      var col = i % cols, row = Math.floor(i / cols);
      var width = 100 / cols;
      grids.push({ left: (col * width + 5.5) + '%', width: (width - 8) + '%', top: row * (cellH + 40) + 30, height: cellH - 30 });
      var a = p.axis;
      var x = { gridIndex: i, name: a.name, nameLocation: 'middle', nameGap: 24, nameTruncate: { maxWidth: 200 } };
      if (a.scale === 'categorical') { x.type = 'category'; x.data = a.categories; }
      else if (a.scale === 'log') { x.type = 'log'; x.min = a.low; x.max = a.high; }
      else { x.type = 'value'; x.min = a.low; x.max = a.high; if (a.integer) x.minInterval = 1; }
      xAxes.push(x);
      yAxes.push({ gridIndex: i, type: 'value', scale: true, name: col === 0 ? 'objective' : '' });
      series.push({ name: a.name, type: 'scatter', xAxisIndex: i, yAxisIndex: i, data: p.points.map(function (pt) { return [pt.x, pt.value, pt.number]; }), symbolSize: 5, itemStyle: { color: STATE_COLORS.complete, opacity: 0.55 }, large: true, largeThreshold: 500 });
    });
    var sampled = params.some(function (p) { return p.points.length < p.total; });
    return {
      height: rows * (cellH + 40) + 20,
      option: Object.assign(baseOption(), {
        grid: grids, xAxis: xAxes, yAxis: yAxes, series: series,
        tooltip: { trigger: 'item', formatter: function (p) { return 'trial #' + esc(p.value[2]) + '<br>' + esc(p.seriesName) + ' = ' + esc(fmtValue(p.value[0])) + '<br>objective: ' + esc(fmtNumber(p.value[1])); } },
      }),
      caption: 'objective value against each parameter' + (sampled ? '; sampled to ' + params[0].points.length + ' points per parameter, best trials kept' : ''),
    };
  }

  function contourPlot(payload, state) {
    var contours = payload.plots.contours;
    if (contours.length === 0) return { note: 'A contour needs two parameters shared by the complete trials.' };
    var index = Math.min(state.contour || 0, contours.length - 1);
    var c = contours[index];
    if (!c.valueRange) return { note: 'No complete trial has both parameters yet.', controls: contourSelect(contours, index) };
    function labels(axis) { return axis.bins.map(function (b) { return typeof b === 'number' ? (Number.isInteger(b) ? String(b) : fmtNumber(Number(b.toPrecision(3)))) : b; }); }
    function range(axis, i) {
      if (!axis.edges) return String(axis.bins[i]);
      return '[' + fmtNumber(axis.edges[i]) + ', ' + fmtNumber(axis.edges[i + 1]) + ']';
    }
    return {
      controls: contourSelect(contours, index),
      option: Object.assign(baseOption(), {
        grid: { left: 90, right: 110, top: 20, bottom: 60 },
        tooltip: { trigger: 'item', formatter: function (p) {
          var v = p.value;
          return esc(c.x.axis.name) + ' ∈ ' + esc(range(c.x, v[0])) + '<br>' + esc(c.y.axis.name) + ' ∈ ' + esc(range(c.y, v[1])) + '<br>best: ' + esc(fmtNumber(v[2])) + ' (trial #' + esc(v[3]) + ')<br>' + esc(v[4]) + ' trial(s) here';
        } },
        xAxis: { type: 'category', data: labels(c.x), name: c.x.axis.name + (c.x.axis.scale === 'log' ? ' (log)' : ''), nameLocation: 'middle', nameGap: 36, axisLabel: { hideOverlap: true } },
        yAxis: { type: 'category', data: labels(c.y), name: c.y.axis.name + (c.y.axis.scale === 'log' ? ' (log)' : ''), nameLocation: 'middle', nameGap: 70, axisLabel: { hideOverlap: true } },
        visualMap: { type: 'continuous', min: c.valueRange[0], max: c.valueRange[0] === c.valueRange[1] ? c.valueRange[0] + 1 : c.valueRange[1], dimension: 2, inRange: { color: valueColors(c.direction) }, right: 0, top: 'middle', itemHeight: 160, calculable: true, precision: 4 },
        series: [{ type: 'heatmap', data: c.cells.map(function (cell) { return [cell.x, cell.y, cell.value, cell.number, cell.count]; }), emphasis: { itemStyle: { borderColor: '#111', borderWidth: 1 } } }],
      }),
      caption: 'best objective per cell, ' + c.total + ' trials; empty cells were never sampled',
    };
  }

  function contourSelect(contours, index) {
    var select = el('select', { 'aria-label': 'contour parameters', dataset: { control: 'contour' } });
    contours.forEach(function (c, i) {
      var option = el('option', { value: i, text: c.x.axis.name + ' × ' + c.y.axis.name });
      if (i === index) option.selected = true;
      select.appendChild(option);
    });
    return select;
  }

  function intermediatePlot(payload) {
    var iv = payload.plots.intermediateValues;
    if (iv.lines.length === 0) return { note: 'No trial reported intermediate values (trial.report).' };
    var xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity;
    function extend(x, y) { if (x < xMin) xMin = x; if (x > xMax) xMax = x; if (y < yMin) yMin = y; if (y > yMax) yMax = y; }
    iv.lines.forEach(function (line) { line.points.forEach(function (p) { extend(p[0], p[1]); }); });
    iv.prunedMarks.forEach(function (m) { extend(m.step, m.value); });
    var pad = (yMax - yMin) * 0.04 || 1;
    var states = [];
    iv.lines.forEach(function (line) { if (states.indexOf(line.state) < 0) states.push(line.state); });
    states.sort(function (a, b) { return STATES.indexOf(a) - STATES.indexOf(b); });
    // A polyline needs two points; trials that reported a single step are drawn as dots.
    var curves = iv.lines.filter(function (line) { return line.points.length > 1; });
    var dots = iv.lines.filter(function (line) { return line.points.length === 1; });
    var series = [{
      name: 'curves', type: 'lines', coordinateSystem: 'cartesian2d', polyline: true, silent: false,
      data: curves.map(function (line) {
        return { coords: line.points, number: line.number, state: line.state, lineStyle: { color: STATE_COLORS[line.state] || '#888', width: line.top ? 2 : 1, opacity: line.top ? 0.95 : 0.35 } };
      }),
    }];
    if (dots.length) series.push({ name: 'single step', type: 'scatter', symbolSize: 5, data: dots.map(function (line) { return { value: [line.points[0][0], line.points[0][1], line.number], itemStyle: { color: STATE_COLORS[line.state] || '#888' } }; }) });
    if (iv.prunedMarks.length) series.push({ name: 'pruned at', type: 'scatter', data: iv.prunedMarks.map(function (m) { return [m.step, m.value, m.number]; }), symbol: 'triangle', symbolSize: 6, itemStyle: { color: '#b45309', opacity: 0.7 }, large: true, largeThreshold: 500 });
    series = series.concat(stateLegendSeries(states));
    var caption = (iv.lines.length < iv.totalLines ? 'showing ' + iv.lines.length + ' of ' + iv.totalLines + ' curves (best, running and a sample of pruned and other trials)' : iv.totalLines + ' curves') + '; ▲ where ' + iv.totalPruned + ' pruned trial(s) stopped';
    return {
      option: Object.assign(baseOption(), {
        grid: { left: 70, right: 24, top: 40, bottom: 50 },
        legend: { top: 4, right: 10, data: states.concat(iv.prunedMarks.length ? ['pruned at'] : []) },
        tooltip: { trigger: 'item', formatter: function (p) {
          if (p.seriesType === 'lines') return 'trial #' + esc(p.data.number) + ' (' + esc(p.data.state) + ')';
          if (p.seriesName === 'single step') return 'trial #' + esc(p.value[2]) + ': step ' + esc(p.value[0]) + ', ' + esc(fmtNumber(p.value[1]));
          return 'trial #' + esc(p.value[2]) + ' pruned at step ' + esc(p.value[0]) + '<br>value: ' + esc(fmtNumber(p.value[1]));
        } },
        xAxis: { type: 'value', name: 'step', nameLocation: 'middle', nameGap: 28, min: xMin, max: xMax === xMin ? xMin + 1 : xMax },
        yAxis: { type: 'value', name: 'intermediate value', min: yMin - pad, max: yMax + pad, axisLabel: { formatter: fmtNumber, showMinLabel: false, showMaxLabel: false } },
        dataZoom: [{ type: 'inside', xAxisIndex: 0 }, { type: 'inside', yAxisIndex: 0 }],
        series: series,
      }),
      caption: caption,
    };
  }

  function edfPlot(payload) {
    var edf = payload.plots.edf;
    if (!edf.some(function (e) { return e.points.length > 0; })) return { note: 'No complete trial yet.' };
    return {
      option: Object.assign(baseOption(), {
        grid: { left: 70, right: 24, top: 40, bottom: 50 },
        legend: { top: 4 },
        tooltip: { trigger: 'item', formatter: function (p) { return esc(p.seriesName) + ' ≤ ' + esc(fmtNumber(p.value[0])) + ': ' + esc((p.value[1] * 100).toFixed(1)) + '% of trials'; } },
        xAxis: { type: 'value', name: edf.length === 1 ? objectiveLabel(payload.study, 0) : 'objective value', nameLocation: 'middle', nameGap: 28, scale: true },
        yAxis: { type: 'value', min: 0, max: 1, name: 'cumulative probability' },
        series: edf.map(function (e) {
          return { name: objectiveLabel(payload.study, e.objective), type: 'line', step: 'end', data: e.points, showSymbol: false, lineStyle: { width: 2 } };
        }),
      }),
      caption: edf.map(function (e) { return e.total + ' values'; }).join(', '),
    };
  }

  function timelinePlot(payload) {
    var tl = payload.plots.timeline;
    if (tl.bars.length === 0 || !tl.range) return { note: 'No trial has started yet.' };
    var byWorker = tl.laneKind === 'worker';
    var states = [];
    tl.bars.forEach(function (b) { if (states.indexOf(b.state) < 0) states.push(b.state); });
    states.sort(function (a, b) { return STATES.indexOf(a) - STATES.indexOf(b); });
    var maxLane = 0;
    tl.bars.forEach(function (b) { if (b.lane > maxLane) maxLane = b.lane; });
    var series = [{
      name: 'trials', type: 'custom',
      renderItem: function (params, api) {
        var lane = api.value(0);
        var start = api.coord([api.value(1), lane]);
        var end = api.coord([api.value(2), lane]);
        var size = api.size([0, 1]);
        var height = Math.max(1, Math.min(18, Math.abs(size[1]) * 0.7));
        var rect = echarts.graphic.clipRectByRect({ x: start[0], y: start[1] - height / 2, width: Math.max(1, end[0] - start[0]), height: height }, { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height });
        return rect && { type: 'rect', transition: [], shape: rect, style: { fill: STATE_COLORS[STATES[api.value(4)]] || '#888' } };
      },
      encode: { x: [1, 2], y: 0 },
      data: tl.bars.map(function (b) { return [b.lane, b.start, b.end, b.number, STATES.indexOf(b.state)]; }),
    }].concat(stateLegendSeries(states));
    var yAxis = byWorker
      ? { type: 'category', data: tl.lanes, name: 'worker', inverse: true }
      : { type: 'value', name: 'trial', inverse: true, min: -0.5, max: maxLane + 0.5, minInterval: 1 };
    return {
      option: Object.assign(baseOption(), {
        grid: { left: byWorker ? 110 : 70, right: 24, top: 40, bottom: 50 },
        legend: { top: 4, right: 10, data: states },
        tooltip: { trigger: 'item', formatter: function (p) {
          if (!p.value || p.value.length < 5) return '';
          return 'trial #' + esc(p.value[3]) + ' (' + esc(STATES[p.value[4]]) + ')' + (byWorker ? '<br>worker: ' + esc(tl.lanes[p.value[0]]) : '') + '<br>' + esc(fmtDate(p.value[1])) + ' → ' + esc(fmtDate(p.value[2])) + '<br>' + esc(fmtDuration(p.value[2] - p.value[1]));
        } },
        xAxis: { type: 'time', min: tl.range[0], max: tl.range[1] === tl.range[0] ? tl.range[0] + 1000 : tl.range[1] },
        yAxis: yAxis,
        dataZoom: [{ type: 'inside', xAxisIndex: 0 }],
        series: series,
      }),
      caption: (byWorker ? 'one lane per worker' : 'one row per trial') + (tl.bars.length < tl.total ? '; showing ' + tl.bars.length + ' of ' + tl.total + ' trials' : ''),
    };
  }

  function paretoPlot(payload, state) {
    var pf = payload.plots.paretoFront;
    if (!pf.available) return { note: pf.reason };
    if (pf.front.length === 0) return { note: 'No complete trial yet.' };
    var n = pf.directions.length;
    var pairs = [];
    for (var i = 0; i < n; i++) for (var j = i + 1; j < n; j++) pairs.push([i, j]);
    var index = Math.min(state.pareto || 0, pairs.length - 1);
    var pair = pairs[index];
    function pts(list) { return list.map(function (p) { return [p.values[pair[0]], p.values[pair[1]], p.number]; }); }
    var controls = null;
    if (pairs.length > 1) {
      controls = el('select', { 'aria-label': 'objectives', dataset: { control: 'pareto' } });
      pairs.forEach(function (pp, k) {
        var option = el('option', { value: k, text: 'objective ' + pp[0] + ' × objective ' + pp[1] });
        if (k === index) option.selected = true;
        controls.appendChild(option);
      });
    }
    var series = [
      { name: 'Pareto front', type: 'scatter', data: pts(pf.front), symbolSize: 8, itemStyle: { color: '#dc2626' }, z: 3 },
      { name: 'dominated', type: 'scatter', data: pts(pf.dominated), symbolSize: 5, itemStyle: { color: STATE_COLORS.complete, opacity: 0.5 }, large: true, largeThreshold: 500 },
    ];
    if (pf.infeasible.length) series.push({ name: 'infeasible', type: 'scatter', data: pts(pf.infeasible), symbolSize: 5, itemStyle: { color: '#9ca3af', opacity: 0.5 } });
    return {
      controls: controls,
      option: Object.assign(baseOption(), {
        grid: { left: 80, right: 24, top: 40, bottom: 50 },
        legend: { top: 4 },
        tooltip: { trigger: 'item', formatter: function (p) { return 'trial #' + esc(p.value[2]) + ' (' + esc(p.seriesName) + ')<br>' + esc(fmtNumber(p.value[0])) + ', ' + esc(fmtNumber(p.value[1])); } },
        xAxis: { type: 'value', scale: true, name: objectiveLabel(payload.study, pair[0]), nameLocation: 'middle', nameGap: 28 },
        yAxis: { type: 'value', scale: true, name: objectiveLabel(payload.study, pair[1]) },
        series: series,
      }),
      caption: pf.front.length + ' trial(s) on the front' + (pf.dominated.length + pf.infeasible.length < pf.totalOthers ? '; others sampled' : ''),
    };
  }

  function plotSpecs(payload) {
    var specs = [];
    payload.study.directions.forEach(function (_, i) {
      specs.push({ id: 'history-' + i, title: 'Optimization history' + (payload.study.directions.length > 1 ? ' · objective ' + i : ''), build: function (p) { return historyPlot(p, i); } });
    });
    if (payload.study.directions.length > 1) specs.push({ id: 'pareto', title: 'Pareto front', build: paretoPlot });
    specs.push({ id: 'importance', title: 'Parameter importance', build: importancePlot });
    specs.push({ id: 'parallel', title: 'Parallel coordinates', wide: true, height: 400, build: parallelPlot });
    specs.push({ id: 'slice', title: 'Slice', wide: true, build: slicePlot });
    specs.push({ id: 'contour', title: 'Contour', build: contourPlot, height: 400 });
    specs.push({ id: 'edf', title: 'Empirical distribution (EDF)', build: edfPlot, height: 400 });
    specs.push({ id: 'intermediate', title: 'Intermediate values', wide: true, height: 380, build: intermediatePlot });
    specs.push({ id: 'timeline', title: 'Timeline', wide: true, build: timelinePlot });
    return specs;
  }

  // ------------------------------------------------------------------ the study view

  /**
   * new StudyView(root, { onTrial: function (number) {}, live: bool })
   * view.render(payload): first render or update (keeps sort, page and selections).
   */
  function StudyView(root, options) {
    this.root = root;
    this.options = options || {};
    this.charts = {};
    this.state = { contour: 0, pareto: 0, sort: { column: 0, desc: false }, page: 0, selected: null };
    this.payload = null;
    var self = this;
    this._onResize = function () { for (var id in self.charts) self.charts[id].resize(); };
    this._onKey = function (event) { if (event.key === 'Escape' && self.detailEl && !self.detailEl.hidden) self.closeTrial(); };
    global.addEventListener('resize', this._onResize);
    global.addEventListener('keydown', this._onKey);
  }

  StudyView.prototype.dispose = function () {
    global.removeEventListener('resize', this._onResize);
    global.removeEventListener('keydown', this._onKey);
    if (this.detailChart) { this.detailChart.dispose(); this.detailChart = null; }
    for (var id in this.charts) this.charts[id].dispose();
    this.charts = {};
    this.root.textContent = '';
  };

  StudyView.prototype.render = function (payload) {
    var first = this.payload === null;
    this.payload = payload;
    var startedAt = now();
    if (first) this._layout(payload);
    this._renderSummary(payload);
    this._renderPlots(payload);
    var tableAt = now();
    this._renderTable(payload);
    measure('tunekit:table', tableAt);
    measure('tunekit:render', startedAt);
  };

  StudyView.prototype._layout = function (payload) {
    var root = this.root;
    root.textContent = '';
    this.summaryEl = el('section', { className: 'tk-summary', 'aria-label': 'summary' });
    this.gridEl = el('section', { className: 'tk-grid', 'aria-label': 'plots' });
    this.tableCard = el('section', { className: 'tk-card tk-table-card', 'aria-label': 'trials' });
    this.detailEl = el('section', { className: 'tk-card tk-detail', hidden: 'hidden' });
    root.appendChild(this.summaryEl);
    root.appendChild(this.gridEl);
    root.appendChild(this.tableCard);
    root.appendChild(this.detailEl);
    this.cards = {};
    var self = this;
    plotSpecs(payload).forEach(function (spec) {
      var title = el('h2', { text: spec.title });
      var controls = el('span', { className: 'tk-card-controls' });
      var caption = el('span', { className: 'tk-card-note' });
      var plot = el('div', { className: 'tk-plot', dataset: { plot: spec.id } });
      var card = el('article', { className: 'tk-card' + (spec.wide ? ' tk-wide' : ''), dataset: { card: spec.id } }, [el('div', { className: 'tk-card-head' }, [title, controls, caption]), plot]);
      self.gridEl.appendChild(card);
      self.cards[spec.id] = { spec: spec, plot: plot, controls: controls, caption: caption };
    });
    this.gridEl.addEventListener('change', function (event) {
      var target = event.target;
      if (!target || !target.dataset || !target.dataset.control) return;
      self.state[target.dataset.control] = Number(target.value);
      self._renderPlots(self.payload);
    });
  };

  StudyView.prototype._renderSummary = function (payload) {
    var s = payload.plots.summary;
    var box = this.summaryEl;
    box.textContent = '';
    var states = el('div', { className: 'tk-states' });
    STATES.forEach(function (state) {
      if (s.states[state] > 0) states.appendChild(el('span', { className: 'tk-badge', dataset: { state: state }, text: s.states[state] + ' ' + state }));
    });
    box.appendChild(el('div', { className: 'tk-stat', dataset: { stat: 'trials' } }, [el('div', { className: 'tk-stat-label', text: 'Trials' }), el('div', { className: 'tk-stat-value', text: String(s.nTrials) }), states]));
    if (s.directions.length === 1) {
      var bestChildren = [el('div', { className: 'tk-stat-label', text: 'Best value (' + s.directions[0] + ')' })];
      if (s.best) {
        bestChildren.push(el('div', { className: 'tk-stat-value', text: fmtNumber(s.best.values[0]) }));
        bestChildren.push(el('div', { className: 'tk-stat-detail', text: 'trial #' + s.best.number }));
        var dl = el('dl', { className: 'tk-kv' });
        Object.keys(s.best.params).forEach(function (name) {
          dl.appendChild(el('dt', { text: name }));
          dl.appendChild(el('dd', { text: fmtValue(s.best.params[name]) }));
        });
        bestChildren.push(dl);
      } else bestChildren.push(el('div', { className: 'tk-stat-value', text: '—' }));
      box.appendChild(el('div', { className: 'tk-stat', dataset: { stat: 'best' } }, bestChildren));
    } else {
      box.appendChild(el('div', { className: 'tk-stat', dataset: { stat: 'best' } }, [
        el('div', { className: 'tk-stat-label', text: 'Pareto front' }),
        el('div', { className: 'tk-stat-value', text: s.paretoNumbers.length + ' trial' + (s.paretoNumbers.length === 1 ? '' : 's') }),
        el('div', { className: 'tk-stat-detail', text: s.paretoNumbers.slice(0, 20).map(function (n) { return '#' + n; }).join(' ') + (s.paretoNumbers.length > 20 ? ' …' : '') }),
        el('div', { className: 'tk-stat-detail', text: s.directions.join(', ') }),
      ]));
    }
    box.appendChild(el('div', { className: 'tk-stat', dataset: { stat: 'duration' } }, [
      el('div', { className: 'tk-stat-label', text: 'Duration' }),
      el('div', { className: 'tk-stat-value', text: s.durationMs === undefined || s.durationMs === null ? '—' : fmtDuration(s.durationMs) }),
      el('div', { className: 'tk-stat-detail', text: s.start ? fmtDate(s.start) + ' → ' + fmtDate(s.end) : 'not started' }),
    ]));
    var params = el('dl', { className: 'tk-kv' });
    s.params.forEach(function (p) {
      params.appendChild(el('dt', { text: p.name }));
      params.appendChild(el('dd', { text: p.scale === 'categorical' ? p.categories.join(', ') : '[' + fmtNumber(p.low) + ', ' + fmtNumber(p.high) + ']' + (p.scale === 'log' ? ' log' : '') + (p.integer ? ' int' : '') }));
    });
    box.appendChild(el('div', { className: 'tk-stat', dataset: { stat: 'params' } }, [el('div', { className: 'tk-stat-label', text: 'Search space' }), params]));
    var attrs = payload.study.userAttrs || {};
    var attrKeys = Object.keys(attrs);
    if (attrKeys.length) {
      var dlAttrs = el('dl', { className: 'tk-kv' });
      attrKeys.slice(0, 12).forEach(function (key) {
        dlAttrs.appendChild(el('dt', { text: key }));
        var text = fmtValue(attrs[key]);
        dlAttrs.appendChild(el('dd', { text: text.length > 200 ? text.slice(0, 199) + '…' : text }));
      });
      box.appendChild(el('div', { className: 'tk-stat', dataset: { stat: 'attrs' } }, [el('div', { className: 'tk-stat-label', text: 'Study attributes' }), dlAttrs]));
    }
  };

  StudyView.prototype._renderPlots = function (payload) {
    for (var id in this.cards) {
      var card = this.cards[id];
      var startedAt = now();
      var result;
      try {
        result = card.spec.build(payload, this.state);
      } catch (error) {
        result = { note: 'This plot failed to draw: ' + (error && error.message ? error.message : String(error)) };
        if (global.console) global.console.error(error);
      }
      card.controls.textContent = '';
      if (result.controls) card.controls.appendChild(result.controls);
      card.caption.textContent = result.caption || '';
      var chart = this.charts[id];
      if (result.note !== undefined) {
        if (chart) { chart.dispose(); delete this.charts[id]; }
        card.plot.className = 'tk-plot tk-plot-note';
        card.plot.style.height = '';
        card.plot.dataset.empty = 'true';
        card.plot.textContent = result.note;
        continue;
      }
      if (card.plot.dataset.empty === 'true') {
        card.plot.textContent = '';
        card.plot.className = 'tk-plot';
        delete card.plot.dataset.empty;
      }
      var height = (result.height || card.spec.height || 340) + 'px';
      var resized = card.plot.style.height !== height;
      card.plot.style.height = height;
      if (!chart) {
        chart = echarts.init(card.plot, null, { renderer: 'canvas' });
        this.charts[id] = chart;
        if (id === 'intermediate' || id === 'timeline' || id.indexOf('history') === 0 || id === 'slice' || id === 'pareto') this._linkTrials(chart);
      } else if (resized) chart.resize();
      try {
        chart.setOption(result.option, { notMerge: true, lazyUpdate: false });
      } catch (error) {
        // One plot ECharts cannot draw must not take the page down: say so in its place.
        if (global.console) global.console.error('tunekit: the ' + id + ' plot failed:', error);
        chart.dispose();
        delete this.charts[id];
        card.plot.className = 'tk-plot tk-plot-note';
        card.plot.style.height = '';
        card.plot.dataset.empty = 'true';
        card.plot.textContent = 'This plot failed to draw: ' + (error && error.message ? error.message : String(error));
      }
      measure('tunekit:plot:' + id, startedAt);
    }
  };

  /** Clicking a point or a curve opens that trial. */
  StudyView.prototype._linkTrials = function (chart) {
    var self = this;
    chart.on('click', function (p) {
      var number;
      if (p.seriesType === 'lines' && p.data) number = p.data.number;
      else if (p.seriesType === 'custom' && p.value) number = p.value[3];
      else if (p.seriesType === 'scatter' && p.value) number = p.value.length > 2 ? p.value[2] : p.value[0];
      if (typeof number === 'number') self.showTrial(number);
    });
  };

  // ------------------------------------------------------------------ trials table

  StudyView.prototype._sortedRows = function (payload) {
    var column = this.state.sort.column;
    var desc = this.state.sort.desc;
    var rows = payload.table.rows.slice();
    rows.sort(function (a, b) {
      var x = a[column], y = b[column];
      if (x === y) return a[0] - b[0];
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      var cmp;
      if (typeof x === 'number' && typeof y === 'number') cmp = x - y;
      else if (typeof x === 'number') cmp = -1;
      else if (typeof y === 'number') cmp = 1;
      else cmp = x < y ? -1 : x > y ? 1 : 0;
      return desc ? -cmp : cmp;
    });
    return rows;
  };

  StudyView.prototype._renderTable = function (payload) {
    var self = this;
    var card = this.tableCard;
    var columns = payload.table.columns;
    var total = payload.table.rows.length;
    var pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (this.state.page >= pages) this.state.page = pages - 1;
    var rows = this._sortedRows(payload).slice(this.state.page * PAGE_SIZE, (this.state.page + 1) * PAGE_SIZE);
    card.textContent = '';
    var count = el('span', { className: 'tk-count', dataset: { count: total }, text: total + ' trial' + (total === 1 ? '' : 's') });
    var from = total === 0 ? 0 : this.state.page * PAGE_SIZE + 1;
    var to = Math.min(total, (this.state.page + 1) * PAGE_SIZE);
    var prev = el('button', { type: 'button', text: '‹ prev', on: { click: function () { self.state.page--; self._renderTable(self.payload); } } });
    var next = el('button', { type: 'button', text: 'next ›', on: { click: function () { self.state.page++; self._renderTable(self.payload); } } });
    prev.disabled = this.state.page === 0;
    next.disabled = this.state.page >= pages - 1;
    card.appendChild(el('div', { className: 'tk-card-head' }, [el('h2', { text: 'Trials' }), count]));
    card.appendChild(el('div', { className: 'tk-table-tools' }, [prev, el('span', { className: 'tk-page', text: 'rows ' + from + '–' + to + ' of ' + total }), next, el('span', { className: 'tk-card-note', text: 'click a header to sort, a row for details' })]));
    var headRow = el('tr');
    columns.forEach(function (column, index) {
      var arrow = self.state.sort.column === index ? (self.state.sort.desc ? ' ▼' : ' ▲') : '';
      headRow.appendChild(el('th', { text: column.label + arrow, title: column.key, dataset: { column: index, kind: column.kind }, 'aria-sort': arrow ? (self.state.sort.desc ? 'descending' : 'ascending') : 'none', on: { click: function () {
        if (self.state.sort.column === index) self.state.sort.desc = !self.state.sort.desc;
        else self.state.sort = { column: index, desc: false };
        self.state.page = 0;
        self._renderTable(self.payload);
      } } }));
    });
    var body = el('tbody');
    rows.forEach(function (row) {
      var tr = el('tr', { dataset: { number: row[0] } });
      if (self.state.selected === row[0]) tr.className = 'tk-selected';
      columns.forEach(function (column, index) {
        var value = row[index];
        var td;
        if (column.kind === 'state') td = el('td', null, [el('span', { className: 'tk-badge', dataset: { state: value }, text: value })]);
        else {
          var text = column.kind === 'duration' ? fmtDuration(value) : column.kind === 'datetime' ? fmtDate(value) : fmtValue(value);
          td = el('td', { text: text, title: typeof value === 'string' && value.length > 40 ? value : null, className: typeof value === 'number' ? 'tk-num' : null });
        }
        tr.appendChild(td);
      });
      tr.addEventListener('click', function () { self.showTrial(row[0]); });
      body.appendChild(tr);
    });
    card.appendChild(el('div', { className: 'tk-table-wrap' }, [el('table', { className: 'tk-table' }, [el('thead', null, [headRow]), body])]));
  };

  // ------------------------------------------------------------------ trial detail

  StudyView.prototype.showTrial = function (number) {
    this.state.selected = number;
    var rows = this.tableCard.querySelectorAll('tbody tr');
    for (var i = 0; i < rows.length; i++) rows[i].className = Number(rows[i].dataset.number) === number ? 'tk-selected' : '';
    if (this.options.loadTrial) {
      var self = this;
      this._showDetail({ number: number, loading: true });
      this.options.loadTrial(number).then(function (trial) { if (self.state.selected === number) self._showDetail(trial); }, function (error) { self._showDetail({ number: number, error: String(error && error.message || error) }); });
    } else {
      this._showDetail(this._trialFromTable(number));
    }
  };

  /** The report has no API: a trial's detail comes from its table row. */
  StudyView.prototype._trialFromTable = function (number) {
    var table = this.payload.table;
    var row = null;
    for (var i = 0; i < table.rows.length; i++) if (table.rows[i][0] === number) { row = table.rows[i]; break; }
    if (!row) return { number: number, error: 'no such trial' };
    var trial = { number: number, state: row[1], values: [], params: {}, userAttrs: {}, failReason: null, fromTable: true };
    table.columns.forEach(function (column, index) {
      var value = row[index];
      if (column.kind === 'value') trial.values.push(value);
      else if (column.kind === 'param' && value !== null) trial.params[column.label] = value;
      else if (column.kind === 'attr' && value !== null) trial.userAttrs[column.label] = value;
      else if (column.key === 'fail_reason') trial.failReason = value;
      else if (column.key === 'start') trial.datetimeStart = value;
      else if (column.key === 'duration') trial.durationMs = value;
    });
    return trial;
  };

  StudyView.prototype.closeTrial = function () {
    this.detailEl.hidden = true;
    this.state.selected = null;
    if (this.detailChart) { this.detailChart.dispose(); this.detailChart = null; }
    var rows = this.tableCard.querySelectorAll('tbody tr.tk-selected');
    for (var i = 0; i < rows.length; i++) rows[i].className = '';
  };

  StudyView.prototype._showDetail = function (trial) {
    var self = this;
    var box = this.detailEl;
    box.hidden = false;
    if (this.detailChart) { this.detailChart.dispose(); this.detailChart = null; }
    box.textContent = '';
    var close = el('button', { type: 'button', className: 'tk-close', text: 'close', title: 'Esc', on: { click: function () { self.closeTrial(); } } });
    box.appendChild(el('div', { className: 'tk-card-head' }, [el('h2', { text: 'Trial #' + trial.number }), trial.state ? el('span', { className: 'tk-badge', dataset: { state: trial.state }, text: trial.state }) : null, close]));
    if (trial.loading) { box.appendChild(el('p', { className: 'tk-loading', text: 'Loading…' })); return; }
    if (trial.error) { box.appendChild(el('p', { className: 'tk-banner', text: trial.error })); return; }
    function kv(title, object) {
      var keys = Object.keys(object || {});
      var dl = el('dl', { className: 'tk-kv' });
      keys.forEach(function (key) { dl.appendChild(el('dt', { text: key })); dl.appendChild(el('dd', { text: fmtValue(object[key]) })); });
      return el('div', null, [el('h3', { text: title }), keys.length ? dl : el('p', { className: 'tk-card-note', text: 'none' })]);
    }
    var info = {};
    (trial.values || []).forEach(function (v, i) { info[trial.values.length === 1 ? 'value' : 'value ' + i] = v; });
    if (trial.datetimeStart) info.started = fmtDate(trial.datetimeStart);
    if (trial.datetimeComplete) info.completed = fmtDate(trial.datetimeComplete);
    if (trial.datetimeStart && trial.datetimeComplete) info.duration = fmtDuration(trial.datetimeComplete - trial.datetimeStart);
    else if (typeof trial.durationMs === 'number') info.duration = fmtDuration(trial.durationMs);
    var grid = el('div', { className: 'tk-detail-grid' }, [kv('Result', info), kv('Parameters', trial.params), kv('User attributes', trial.userAttrs)]);
    if (trial.systemAttrs) {
      var system = {};
      Object.keys(trial.systemAttrs).forEach(function (key) { if (key !== 'fail_reason') system[key] = trial.systemAttrs[key]; });
      grid.appendChild(kv('System attributes', system));
    }
    box.appendChild(grid);
    if (trial.failReason) box.appendChild(el('div', null, [el('h3', { text: 'Fail reason' }), el('pre', { className: 'tk-fail-reason', text: trial.failReason })]));
    if (trial.intermediateValues && trial.intermediateValues.length) {
      box.appendChild(el('h3', { text: 'Intermediate values' }));
      var plot = el('div', { className: 'tk-plot', dataset: { plot: 'trial-intermediate' } });
      plot.style.height = '260px';
      box.appendChild(plot);
      var data = trial.intermediateValues.map(function (p) { return [p[0], Array.isArray(p[1]) ? p[1][0] : p[1]]; }).filter(function (p) { return typeof p[1] === 'number'; });
      this.detailChart = echarts.init(plot, null, { renderer: 'canvas' });
      this.detailChart.setOption(Object.assign(baseOption(), {
        grid: { left: 70, right: 24, top: 20, bottom: 40 },
        tooltip: { trigger: 'axis', formatter: function (ps) { var p = ps[0]; return 'step ' + esc(p.value[0]) + ': ' + esc(fmtNumber(p.value[1])); } },
        xAxis: { type: 'value', name: 'step', nameLocation: 'middle', nameGap: 26 },
        yAxis: { type: 'value', scale: true },
        series: [{ type: 'line', data: data, showSymbol: data.length < 60, lineStyle: { color: STATE_COLORS[trial.state] || '#888' }, itemStyle: { color: STATE_COLORS[trial.state] || '#888' } }],
      }));
    } else if (trial.fromTable) {
      box.appendChild(el('p', { className: 'tk-card-note', text: 'Learning curves of sampled trials are in the intermediate values plot; the live dashboard shows every trial in full.' }));
    }
  };

  global.TunekitUI = { StudyView: StudyView, el: el, esc: esc, fmtNumber: fmtNumber, fmtDate: fmtDate, fmtDuration: fmtDuration, fmtValue: fmtValue, STATE_COLORS: STATE_COLORS };
})(typeof window !== 'undefined' ? window : this);
