// Small helpers shared by every part of the page.

/** Creates an element: el("div", {class: "x", onclick: f}, child, "text", …). */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

/** A number in 4 significant digits (or exponent notation), "–" for missing. */
function fmt(v, digits = 4) {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toString();
}

/** A tick label: short, with k/M/G for large round numbers. `step` (the tick spacing, if
 *  known) adds the significant digits needed to tell neighbouring ticks apart
 *  (1559.6, 1559.8, 1560 rather than 1560 three times). */
function fmtTick(v, step) {
  const a = Math.abs(v);
  let digits = 3;
  if (step > 0 && Number.isFinite(step) && a > 0) {
    digits = Math.min(15, Math.max(3, Math.floor(Math.log10(a)) - Math.floor(Math.log10(step) + 1e-9) + 1));
  }
  if (a >= 1e4 && a < 1e12) {
    const [d, u] = a >= 1e9 ? [1e9, "G"] : a >= 1e6 ? [1e6, "M"] : [1e3, "k"];
    return Number((v / d).toPrecision(digits)).toString() + u;
  }
  return fmt(v, digits);
}

/** An integer with thin separators. */
function fmtInt(v) {
  if (v === null || v === undefined) return "–";
  return Math.round(v).toLocaleString("en-US");
}

/** Seconds as "0.4 s", "12 s", "3 min". */
function fmtAge(s) {
  if (s === null || s === undefined) return "–";
  if (s < 10) return s.toFixed(1) + " s";
  if (s < 120) return Math.round(s) + " s";
  return Math.round(s / 60) + " min";
}

/** "label (unit)" or "label". */
function axisTitle(a, fallback) {
  if (!a) return fallback || "";
  const label = a.label || fallback || "";
  return a.unit ? `${label} (${a.unit})` : label;
}

/** About `count` round tick values covering [lo, hi]. */
function niceTicks(lo, hi, count = 5) {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo > hi) [lo, hi] = [hi, lo];
  if (hi === lo) return [lo];
  const span = hi - lo, raw = span / Math.max(1, count);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const norm = raw / mag;
  const step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
  const ticks = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return ticks;
}

/** Range of finite values of an array-like, or null. */
function finiteRange(values) {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** The q-quantiles (0…1) of the finite values (sampled when large). */
function quantiles(values, qs) {
  const step = Math.max(1, Math.floor(values.length / 50000));
  const sample = [];
  for (let i = 0; i < values.length; i += step) { const v = values[i]; if (Number.isFinite(v)) sample.push(v); }
  if (!sample.length) return qs.map(() => NaN);
  sample.sort((a, b) => a - b);
  return qs.map(q => sample[Math.min(sample.length - 1, Math.max(0, Math.round(q * (sample.length - 1))))]);
}

/** Parses a binary result message: UInt32 header length, JSON header, then arrays. */
function parseFrame(buffer) {
  const view = new DataView(buffer);
  const n = view.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, n)));
  const arrays = {};
  for (const [name, a] of Object.entries(header.arrays || {})) {
    arrays[name] = a.dtype === "f4" ? new Float32Array(buffer, a.offset, a.count) : new Float64Array(buffer, a.offset, a.count);
  }
  return { header, arrays };
}

/** Colour maps as 256-entry RGB lookup tables, interpolated from a few stops. */
const COLORMAPS = (() => {
  function lut(stops) {
    const out = new Uint8Array(256 * 3);
    for (let i = 0; i < 256; i++) {
      const t = i / 255 * (stops.length - 1), k = Math.min(stops.length - 2, Math.floor(t)), f = t - k;
      for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.round(stops[k][c] + (stops[k + 1][c] - stops[k][c]) * f);
    }
    return out;
  }
  return {
    viridis: lut([[68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142], [31, 158, 137],
      [53, 183, 121], [109, 205, 89], [180, 222, 44], [253, 231, 37]]),
    magma: lut([[0, 0, 4], [28, 16, 68], [79, 18, 123], [129, 37, 129], [181, 54, 122], [229, 80, 100],
      [251, 135, 97], [254, 194, 135], [252, 253, 191]]),
    gray: lut([[0, 0, 0], [255, 255, 255]]),
    jet: lut([[0, 0, 131], [0, 60, 170], [5, 255, 255], [255, 255, 0], [250, 0, 0], [128, 0, 0]]),
  };
})();

/** Shows a short message in the corner. */
function toast(text, bad = false) {
  const t = document.getElementById("toast");
  t.textContent = text;
  t.className = "show" + (bad ? " bad" : "");
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.className = ""; }, bad ? 6000 : 2500);
}
