// A plot area with linear or log axes, ticks, grid and titles, drawn on a 2-D canvas context
// that works in CSS pixels.

const COLORS = { plot: "#0b0e13", grid: "#1c232d", frame: "#2a313c", text: "#8b96a5", series: "#4fc3f7",
  series2: "#ffb74d", roi: "#ff4081", panel: "#161b22" };

class Axes {
  /** `box` is {x, y, w, h}, the area inside the axes, in CSS pixels. */
  constructor(ctx, box) {
    this.ctx = ctx;
    this.box = box;
    this.xlo = 0; this.xhi = 1; this.ylo = 0; this.yhi = 1; this.xlog = false; this.ylog = false;
  }

  setX(lo, hi, log = false) { [this.xlo, this.xhi] = Axes.span(lo, hi, log); this.xlog = log; }
  setY(lo, hi, log = false) { [this.ylo, this.yhi] = Axes.span(lo, hi, log); this.ylog = log; }

  static span(lo, hi, log) {
    if (log) { lo = Math.log10(Math.max(lo, 1e-12)); hi = Math.log10(Math.max(hi, 1e-12)); }
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
    if (hi === lo) { const d = Math.abs(lo) * 0.05 || 0.5; return [lo - d, hi + d]; }
    return [lo, hi];
  }

  x(v) {
    const t = this.xlog ? Math.log10(v) : v;
    return this.box.x + (t - this.xlo) / (this.xhi - this.xlo) * this.box.w;
  }

  y(v) {
    const t = this.ylog ? Math.log10(v) : v;
    return this.box.y + this.box.h - (t - this.ylo) / (this.yhi - this.ylo) * this.box.h;
  }

  /** The data x at a canvas x. */
  invX(px) {
    const t = this.xlo + (px - this.box.x) / this.box.w * (this.xhi - this.xlo);
    return this.xlog ? Math.pow(10, t) : t;
  }

  ticks(lo, hi, log, n) {
    if (!log) return niceTicks(lo, hi, n).map(t => [t, t]);
    const out = [];
    for (let e = Math.ceil(Math.min(lo, hi)); e <= Math.floor(Math.max(lo, hi)); e++) out.push([e, Math.pow(10, e)]);
    return out.length >= 2 ? out : niceTicks(lo, hi, n).map(t => [t, Math.pow(10, t)]);
  }

  /** Background, grid, frame, ticks and titles. `xfmt` formats x tick values; `bare` leaves out
   *  background and grid (for axes around an image). */
  draw(xTitle, yTitle, xfmt = fmtTick, bare = false) {
    const { ctx, box } = this;
    if (!bare) {
      ctx.fillStyle = COLORS.plot;
      ctx.fillRect(box.x, box.y, box.w, box.h);
    }
    ctx.font = "11px 'DejaVu Sans', sans-serif";
    ctx.lineWidth = 1;
    const xt = this.ticks(this.xlo, this.xhi, this.xlog, Math.max(2, Math.floor(box.w / 80)));
    const yt = this.ticks(this.ylo, this.yhi, this.ylog, Math.max(2, Math.floor(box.h / 40)));
    ctx.strokeStyle = bare ? "rgba(0,0,0,0)" : COLORS.grid;
    ctx.beginPath();
    for (const [t] of xt) { const px = Math.round(box.x + (t - this.xlo) / (this.xhi - this.xlo) * box.w) + 0.5; ctx.moveTo(px, box.y); ctx.lineTo(px, box.y + box.h); }
    for (const [t] of yt) { const py = Math.round(box.y + box.h - (t - this.ylo) / (this.yhi - this.ylo) * box.h) + 0.5; ctx.moveTo(box.x, py); ctx.lineTo(box.x + box.w, py); }
    ctx.stroke();
    ctx.strokeStyle = COLORS.frame;
    ctx.strokeRect(box.x + 0.5, box.y + 0.5, box.w - 1, box.h - 1);
    ctx.fillStyle = COLORS.text;
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    const xstep = !this.xlog && xt.length > 1 ? Math.abs(xt[1][1] - xt[0][1]) : 0;
    const ystep = !this.ylog && yt.length > 1 ? Math.abs(yt[1][1] - yt[0][1]) : 0;
    for (const [t, v] of xt) ctx.fillText(xfmt(v, xstep), box.x + (t - this.xlo) / (this.xhi - this.xlo) * box.w, box.y + box.h + 3);
    ctx.textAlign = "right"; ctx.textBaseline = "middle";
    for (const [t, v] of yt) ctx.fillText(fmtTick(v, ystep), box.x - 4, box.y + box.h - (t - this.ylo) / (this.yhi - this.ylo) * box.h);
    ctx.textAlign = "center"; ctx.textBaseline = "bottom";
    if (xTitle) ctx.fillText(xTitle, box.x + box.w / 2, box.y + box.h + 30);
    if (yTitle) {
      ctx.save();
      ctx.translate(box.x - 44, box.y + box.h / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textBaseline = "top";
      ctx.fillText(yTitle, 0, 0);
      ctx.restore();
    }
  }

  /** Clips drawing to the plot area until restore. */
  clip() {
    this.ctx.save();
    this.ctx.beginPath();
    this.ctx.rect(this.box.x, this.box.y, this.box.w, this.box.h);
    this.ctx.clip();
  }
}

/** Resizes a canvas to its CSS size times the device pixel ratio; returns a context in CSS pixels. */
function fitCanvas(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, canvas.clientWidth), h = Math.max(1, canvas.clientHeight);
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = COLORS.panel;
  ctx.fillRect(0, 0, w, h);
  return { ctx, w, h, dpr };
}
