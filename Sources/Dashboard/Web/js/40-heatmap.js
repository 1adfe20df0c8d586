// Images: a heatmap with colour bar, auto / percentile / fixed levels, log scale, zoom,
// the pixel value under the cursor and an ROI overlay.

const IMAGE_MARGIN = { l: 50, r: 78, t: 8, b: 38 };

class ImageView {
  constructor() {
    this.frame = null;
    this.rect = null;        // where the image is drawn (CSS pixels)
    this.box = null;         // the area available for it
    this.levels = [0, 1];
    this.offscreen = document.createElement("canvas");
  }

  /** The area inside the margins for a canvas of CSS size w × h. */
  static area(w, h) {
    return { x: IMAGE_MARGIN.l, y: IMAGE_MARGIN.t, w: Math.max(10, w - IMAGE_MARGIN.l - IMAGE_MARGIN.r),
      h: Math.max(10, h - IMAGE_MARGIN.t - IMAGE_MARGIN.b) };
  }

  /** The image rectangle fitted (square pixels) into `box` for a region of rw × rh pixels. */
  static fit(box, rw, rh) {
    const s = Math.min(box.w / rw, box.h / rh);
    const w = rw * s, h = rh * s;
    return { x: box.x + (box.w - w) / 2, y: box.y + (box.h - h) / 2, w, h };
  }

  /** The display size to ask the server for (device pixels of the fitted image). */
  requestSize(canvas, region, full) {
    const box = ImageView.area(canvas.clientWidth || 400, canvas.clientHeight || 300);
    const dpr = window.devicePixelRatio || 1;
    const r = region || (full ? { x0: 0, y0: 0, x1: full[0], y1: full[1] } : null);
    const fitted = r ? ImageView.fit(box, r.x1 - r.x0, r.y1 - r.y0) : box;
    return { width: Math.max(1, Math.round(fitted.w * dpr)), height: Math.max(1, Math.round(fitted.h * dpr)) };
  }

  /** Display levels for the data under the options. */
  computeLevels(data, opts) {
    let lo, hi;
    if (opts.levels === "fixed" && Number.isFinite(opts.min) && Number.isFinite(opts.max)) { lo = opts.min; hi = opts.max; }
    else if (opts.levels === "p1") [lo, hi] = quantiles(data, [0.01, 0.99]);
    else if (opts.levels === "p01") [lo, hi] = quantiles(data, [0.001, 0.999]);
    else { const r = finiteRange(data) || [0, 1]; [lo, hi] = r; }
    if (opts.log) {
      if (!(lo > 0)) {
        let m = Infinity;
        for (let i = 0; i < data.length; i++) if (data[i] > 0 && data[i] < m) m = data[i];
        lo = Number.isFinite(m) ? m : 1e-3;
      }
      if (!(hi > lo)) hi = lo * 10;
    }
    if (!(hi > lo)) hi = lo + 1;
    return [lo, hi];
  }

  draw(canvas, frame, opts, overlay) {
    this.frame = frame;
    const { ctx, w, h } = fitCanvas(canvas);
    const info = frame.header.image, data = frame.arrays.data;
    if (!info || !data) return;
    this.box = ImageView.area(w, h);
    const r = info.region;
    this.rect = ImageView.fit(this.box, r.x1 - r.x0, r.y1 - r.y0);
    const [lo, hi] = this.levels = this.computeLevels(data, opts);
    const lut = COLORMAPS[opts.colormap] || COLORMAPS.viridis;
    const off = this.offscreen;
    if (off.width !== info.width || off.height !== info.height) { off.width = info.width; off.height = info.height; }
    const octx = off.getContext("2d");
    const img = octx.createImageData(info.width, info.height);
    const px = img.data;
    const llo = opts.log ? Math.log10(lo) : lo, lhi = opts.log ? Math.log10(hi) : hi, scale = 255 / (lhi - llo);
    for (let i = 0; i < data.length; i++) {
      let v = data[i];
      const o = i * 4;
      if (Number.isNaN(v)) { px[o] = 40; px[o + 1] = 40; px[o + 2] = 48; px[o + 3] = 255; continue; }
      if (opts.log) v = v > 0 ? Math.log10(v) : llo;
      let k = Math.round((v - llo) * scale);
      k = k < 0 ? 0 : k > 255 ? 255 : k;
      px[o] = lut[k * 3]; px[o + 1] = lut[k * 3 + 1]; px[o + 2] = lut[k * 3 + 2]; px[o + 3] = 255;
    }
    octx.putImageData(img, 0, 0);
    ctx.fillStyle = COLORS.plot;
    ctx.fillRect(this.box.x, this.box.y, this.box.w, this.box.h);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(off, this.rect.x, this.rect.y, this.rect.w, this.rect.h);
    this.drawAxes(ctx, frame);
    this.drawColorBar(ctx, lut, opts);
    if (overlay) this.drawOverlay(ctx, overlay);
  }

  drawAxes(ctx, frame) {
    const info = frame.header.image, labels = frame.header.labels || {};
    // Pixel centres of the first and last column/row, in axis coordinates; the frame spans half a pixel more.
    const [x0, x1] = info.xRange, [y0, y1] = info.yRange;
    const nx = info.region.x1 - info.region.x0, ny = info.region.y1 - info.region.y0;
    const dx = nx > 1 ? (x1 - x0) / (nx - 1) / 2 : 0.5, dy = ny > 1 ? (y1 - y0) / (ny - 1) / 2 : 0.5;
    const axes = new Axes(ctx, this.rect);
    axes.setX(x0 - dx, x1 + dx);
    axes.setY(y1 + dy, y0 - dy);   // row 0 at the top
    axes.draw(axisTitle(labels.x, "x"), axisTitle(labels.y, "y"), fmtTick, true);
  }

  drawColorBar(ctx, lut, opts) {
    const bx = this.box.x + this.box.w + 12, by = this.box.y, bw = 12, bh = this.box.h;
    for (let i = 0; i < bh; i++) {
      const k = Math.round((1 - i / (bh - 1)) * 255);
      ctx.fillStyle = `rgb(${lut[k * 3]},${lut[k * 3 + 1]},${lut[k * 3 + 2]})`;
      ctx.fillRect(bx, by + i, bw, 1.5);
    }
    ctx.strokeStyle = COLORS.frame;
    ctx.strokeRect(bx + 0.5, by + 0.5, bw, bh - 1);
    const axes = new Axes(ctx, { x: bx, y: by, w: bw, h: bh });
    axes.setY(this.levels[0], this.levels[1], !!opts.log);
    ctx.fillStyle = COLORS.text;
    ctx.font = "10px 'DejaVu Sans', sans-serif";
    ctx.textAlign = "left"; ctx.textBaseline = "middle";
    for (const [t, v] of axes.ticks(axes.ylo, axes.yhi, axes.ylog, Math.max(2, Math.floor(bh / 40)))) {
      const y = by + bh - (t - axes.ylo) / (axes.yhi - axes.ylo) * bh;
      ctx.fillText(fmtTick(v), bx + bw + 4, y);
    }
  }

  /** Outlines ROI rectangles {x, y, width, height, color, dashed} given in source pixels. */
  drawOverlay(ctx, rois) {
    ctx.save();
    ctx.beginPath();
    ctx.rect(this.rect.x, this.rect.y, this.rect.w, this.rect.h);
    ctx.clip();
    for (const roi of rois) {
      const a = this.toCanvas(roi.x, roi.y), b = this.toCanvas(roi.x + roi.width, roi.y + roi.height);
      ctx.strokeStyle = roi.color || COLORS.roi;
      ctx.lineWidth = 2;
      ctx.setLineDash(roi.dashed ? [5, 4] : []);
      ctx.strokeRect(a.x, a.y, b.x - a.x, b.y - a.y);
    }
    ctx.restore();
  }

  /** Canvas (CSS pixel) position of source pixel coordinates (pixel edges). */
  toCanvas(sx, sy) {
    const r = this.frame.header.image.region;
    return { x: this.rect.x + (sx - r.x0) / (r.x1 - r.x0) * this.rect.w, y: this.rect.y + (sy - r.y0) / (r.y1 - r.y0) * this.rect.h };
  }

  /** Source pixel coordinates (fractional) under a canvas position, or null outside the image. */
  toSource(cx, cy, clampToImage = false) {
    if (!this.frame || !this.rect) return null;
    const r = this.frame.header.image.region;
    let fx = (cx - this.rect.x) / this.rect.w, fy = (cy - this.rect.y) / this.rect.h;
    if (clampToImage) { fx = Math.min(1, Math.max(0, fx)); fy = Math.min(1, Math.max(0, fy)); }
    else if (fx < 0 || fy < 0 || fx >= 1 || fy >= 1) return null;
    return { x: r.x0 + fx * (r.x1 - r.x0), y: r.y0 + fy * (r.y1 - r.y0) };
  }

  /** The displayed value at a canvas position (a block mean or max when decimated). */
  valueAt(cx, cy) {
    if (!this.frame || !this.rect) return null;
    const info = this.frame.header.image;
    const fx = (cx - this.rect.x) / this.rect.w, fy = (cy - this.rect.y) / this.rect.h;
    if (fx < 0 || fy < 0 || fx >= 1 || fy >= 1) return null;
    const i = Math.floor(fy * info.height) * info.width + Math.floor(fx * info.width);
    return this.frame.arrays.data[i];
  }
}
