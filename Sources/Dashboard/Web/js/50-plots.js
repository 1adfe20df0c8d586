// Vectors as line plots, scalars as a big value over a trend, points as a scatter.

const PLOT_MARGIN = { l: 60, r: 14, t: 10, b: 40 };

function plotBox(w, h, top = 0) {
  return { x: PLOT_MARGIN.l, y: PLOT_MARGIN.t + top, w: Math.max(10, w - PLOT_MARGIN.l - PLOT_MARGIN.r),
    h: Math.max(10, h - PLOT_MARGIN.t - PLOT_MARGIN.b - top) };
}

/** Range of finite (and, on a log axis, positive) values, padded by 5 %. */
function paddedRange(values, log) {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || (log && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(lo <= hi)) return log ? [1, 10] : [0, 1];
  if (log) return [lo / 1.2, hi * 1.2];
  const pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.05 || 0.5;
  return [lo - pad, hi + pad];
}

/** Draws a polyline through finite points, breaking at gaps. */
function polyline(ctx, axes, xs, ys, color, log) {
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  let pen = false;
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i], x = xs[i];
    if (!Number.isFinite(y) || !Number.isFinite(x) || (log && y <= 0)) { pen = false; continue; }
    const px = axes.x(x), py = axes.y(y);
    if (pen) ctx.lineTo(px, py); else ctx.moveTo(px, py);
    pen = true;
  }
  ctx.stroke();
}

class LineView {
  constructor() { this.frame = null; this.axes = null; }

  draw(canvas, frame, opts) {
    this.frame = frame;
    const { ctx, w, h } = fitCanvas(canvas);
    const xs = frame.arrays.x || new Float64Array(0), ys = frame.arrays.y || new Float64Array(0);
    const labels = frame.header.labels || {};
    const axes = this.axes = new Axes(ctx, plotBox(w, h));
    const xr = finiteRange(xs) || [0, 1];
    axes.setX(xr[0], xr[1]);
    const yr = opts.fixedY && Number.isFinite(opts.ymin) && Number.isFinite(opts.ymax) ? [opts.ymin, opts.ymax] : paddedRange(ys, opts.log);
    axes.setY(yr[0], yr[1], !!opts.log);
    axes.draw(axisTitle(labels.x, "x"), axisTitle(labels.value, "value"));
    axes.clip();
    polyline(ctx, axes, xs, ys, COLORS.series, opts.log);
    ctx.restore();
  }

  /** [x, y] of the sample nearest the canvas x. */
  valueAt(cx) {
    if (!this.frame || !this.axes) return null;
    const xs = this.frame.arrays.x, ys = this.frame.arrays.y;
    if (!xs || !xs.length) return null;
    const target = this.axes.invX(cx);
    let best = 0;
    for (let i = 1; i < xs.length; i++) if (Math.abs(xs[i] - target) < Math.abs(xs[best] - target)) best = i;
    return [xs[best], ys[best]];
  }
}

/** A ring of (train, a, b) triples kept by the page for trends and accumulated scatters. */
class History {
  constructor(capacity) { this.capacity = capacity; this.clear(); }
  clear() { this.train = []; this.a = []; this.b = []; }
  append(trains, a, b) {
    for (let i = 0; i < trains.length; i++) { this.train.push(trains[i]); this.a.push(a[i]); this.b.push(b ? b[i] : NaN); }
    const extra = this.train.length - this.capacity;
    if (extra > 0) { this.train.splice(0, extra); this.a.splice(0, extra); this.b.splice(0, extra); }
  }
  get length() { return this.train.length; }
}

class TrendView {
  constructor(capacity) { this.history = new History(capacity); this.frame = null; this.axes = null; }

  receive(frame) {
    const a = frame.arrays;
    if (a["history.train"]) this.history.append(a["history.train"], a["history.value"]);
  }

  draw(canvas, frame, opts) {
    this.frame = frame;
    const { ctx, w, h } = fitCanvas(canvas);
    const value = frame.header.value;
    ctx.fillStyle = "#e8eef5";
    ctx.font = `bold ${Math.max(18, Math.min(44, h / 7))}px 'DejaVu Sans', sans-serif`;
    ctx.textAlign = "left"; ctx.textBaseline = "top";
    ctx.fillText(fmt(value, 5), PLOT_MARGIN.l, 6);
    ctx.fillStyle = COLORS.text;
    ctx.font = "11px 'DejaVu Sans', sans-serif";
    ctx.textAlign = "right";
    ctx.fillText(`train ${frame.header.train}`, w - PLOT_MARGIN.r, 8);
    const top = Math.max(26, Math.min(52, h / 7)) + 10;
    const hist = this.history, n = hist.length;
    const latest = n ? hist.train[n - 1] : frame.header.train;
    const length = opts.trend || 200;
    let first = 0;
    while (first < n && hist.train[first] < latest - length) first++;
    const xs = [], ys = [];
    for (let i = first; i < n; i++) { xs.push(hist.train[i] - latest); ys.push(hist.a[i]); }
    const axes = this.axes = new Axes(ctx, plotBox(w, h, top));
    axes.setX(-length, 0);
    const yr = paddedRange(ys, opts.log);
    axes.setY(yr[0], yr[1], !!opts.log);
    axes.draw(`trains before ${latest}`, frame.header.view);
    axes.clip();
    polyline(ctx, axes, xs, ys, COLORS.series, opts.log);
    ctx.fillStyle = COLORS.series;
    if (xs.length) { ctx.beginPath(); ctx.arc(axes.x(xs[xs.length - 1]), axes.y(ys[ys.length - 1]), 3, 0, 2 * Math.PI); ctx.fill(); }
    ctx.restore();
  }
}

class ScatterView {
  constructor(capacity) { this.history = new History(capacity); this.frame = null; this.current = null; }

  receive(frame) {
    const a = frame.arrays;
    if (a["history.train"]) { this.history.append(a["history.train"], a["history.x"], a["history.y"]); this.current = null; }
    else if (a.x && a.y) this.current = { x: a.x, y: a.y };
  }

  draw(canvas, frame, opts) {
    this.frame = frame;
    const { ctx, w, h } = fitCanvas(canvas);
    const labels = frame.header.labels || {};
    const xs = this.current ? this.current.x : this.history.a, ys = this.current ? this.current.y : this.history.b;
    const axes = new Axes(ctx, plotBox(w, h));
    const xr = paddedRange(xs, false), yr = paddedRange(ys, !!opts.log);
    axes.setX(xr[0], xr[1]);
    axes.setY(yr[0], yr[1], !!opts.log);
    axes.draw(axisTitle(labels.x, "x"), axisTitle(labels.y, "y"));
    axes.clip();
    const n = xs.length;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) continue;
      const newest = i === n - 1 && !this.current;
      ctx.fillStyle = newest ? COLORS.series2 : "rgba(79,195,247,0.75)";
      ctx.beginPath();
      ctx.arc(axes.x(xs[i]), axes.y(ys[i]), newest ? 4 : 2.5, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.restore();
  }
}
