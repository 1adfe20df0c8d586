// Mouse on a panel: readout, zoom and pan of images, drawing an ROI; dragging panels to reorder.

Object.assign(Panel.prototype, {
  attachMouse() {
    const c = this.canvas;
    const pos = e => { const r = c.getBoundingClientRect(); return { x: e.clientX - r.left, y: e.clientY - r.top }; };
    c.addEventListener("mousemove", e => {
      const p = pos(e);
      this.showReadout(p);
      if (this.drag) this.dragTo(p);
    });
    c.addEventListener("mouseleave", () => { this.readout.textContent = ""; });
    c.addEventListener("mousedown", e => {
      if (this.kind !== "image" || !this.renderer.frame) return;
      e.preventDefault();
      const p = pos(e);
      const s = this.renderer.toSource(p.x, p.y, this.roiMode);
      if (!s) return;
      this.drag = { mode: this.roiMode ? "roi" : "pan", start: s, startPos: p, region: this.currentRegion() };
    });
    window.addEventListener("mouseup", e => {
      if (!this.drag) return;
      const d = this.drag;
      this.drag = null;
      if (d.mode === "roi" && this.draft && this.draft.width >= 1 && this.draft.height >= 1) this.commitROI(this.draft);
      else if (d.mode === "roi") { this.draft = null; this.redraw(); }
      void e;
    });
    c.addEventListener("wheel", e => {
      if (this.kind !== "image" || !this.renderer.frame) return;
      e.preventDefault();
      const p = pos(e);
      this.zoomAt(p, e.deltaY < 0 ? 1.25 : 1 / 1.25);
    }, { passive: false });
    c.addEventListener("dblclick", () => { if (this.kind === "image") this.setRegion(null); });
  },

  showReadout(p) {
    if (this.kind === "image" && this.renderer.frame) {
      const s = this.renderer.toSource(p.x, p.y);
      if (!s) { this.readout.textContent = ""; return; }
      const v = this.renderer.valueAt(p.x, p.y), info = this.renderer.frame.header.image;
      const exact = info.width === info.region.x1 - info.region.x0 && info.height === info.region.y1 - info.region.y0;
      this.readout.textContent = `x ${Math.floor(s.x)}  y ${Math.floor(s.y)}  ${exact ? "value" : info.reduction} ${fmt(v, 5)}`;
    } else if (this.kind === "vector" && this.renderer.frame) {
      const xy = this.renderer.valueAt(p.x);
      this.readout.textContent = xy ? `x ${fmt(xy[0], 5)}  y ${fmt(xy[1], 5)}` : "";
    }
  },

  currentRegion() {
    if (this.region) return Object.assign({}, this.region);
    const info = this.renderer.frame.header.image;
    return { x0: 0, y0: 0, x1: info.fullWidth, y1: info.fullHeight };
  },

  dragTo(p) {
    const d = this.drag;
    if (d.mode === "roi") {
      const s = this.renderer.toSource(p.x, p.y, true);
      const x0 = Math.floor(Math.min(d.start.x, s.x)), y0 = Math.floor(Math.min(d.start.y, s.y));
      const x1 = Math.ceil(Math.max(d.start.x, s.x)), y1 = Math.ceil(Math.max(d.start.y, s.y));
      this.draft = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
      this.redraw();
    } else {
      const r = d.region, rect = this.renderer.rect;
      const dx = Math.round((p.x - d.startPos.x) / rect.w * (r.x1 - r.x0)), dy = Math.round((p.y - d.startPos.y) / rect.h * (r.y1 - r.y0));
      this.setRegion({ x0: r.x0 - dx, y0: r.y0 - dy, x1: r.x1 - dx, y1: r.y1 - dy });
    }
  },

  /** Zooms by `factor` keeping the source point under `p` in place. */
  zoomAt(p, factor) {
    const info = this.renderer.frame.header.image, r = this.currentRegion();
    const s = this.renderer.toSource(p.x, p.y, true);
    const w = Math.min(info.fullWidth, Math.max(4, Math.round((r.x1 - r.x0) / factor)));
    const h = Math.min(info.fullHeight, Math.max(4, Math.round((r.y1 - r.y0) / factor)));
    const fx = (s.x - r.x0) / (r.x1 - r.x0), fy = (s.y - r.y0) / (r.y1 - r.y0);
    const x0 = Math.round(s.x - fx * w), y0 = Math.round(s.y - fy * h);
    this.setRegion({ x0, y0, x1: x0 + w, y1: y0 + h });
  },

  /** Shows a region of the image (clamped), or the whole image for null. */
  setRegion(region) {
    if (region && this.renderer && this.renderer.frame) {
      const info = this.renderer.frame.header.image;
      const w = Math.min(info.fullWidth, region.x1 - region.x0), h = Math.min(info.fullHeight, region.y1 - region.y0);
      const x0 = Math.min(Math.max(0, region.x0), info.fullWidth - w), y0 = Math.min(Math.max(0, region.y0), info.fullHeight - h);
      region = { x0, y0, x1: x0 + w, y1: y0 + h };
      if (w === info.fullWidth && h === info.fullHeight) region = null;
    }
    this.region = region;
    sendSubscriptions();
  },

  /** Redraws the frame on screen (e.g. for an ROI being drawn), even when paused. */
  redraw() {
    const frame = this.paused ? this.shown : (this.shown || this.latest);
    if (frame && this.renderer) this.renderer.draw(this.canvas, frame, this.opts, this.overlay());
  },

  attachDrag() {
    this.head.addEventListener("dragstart", e => { e.dataTransfer.setData("text/plain", this.name); });
    this.root.addEventListener("dragover", e => { e.preventDefault(); this.root.classList.add("drop-target"); });
    this.root.addEventListener("dragleave", () => this.root.classList.remove("drop-target"));
    this.root.addEventListener("drop", e => {
      e.preventDefault();
      this.root.classList.remove("drop-target");
      const from = S.panels.get(e.dataTransfer.getData("text/plain"));
      if (!from || from === this) return;
      const grid = document.getElementById("grid");
      const panels = [...grid.children];
      grid.insertBefore(from.root, panels.indexOf(from.root) < panels.indexOf(this.root) ? this.root.nextSibling : this.root);
      S.layout.auto = false;
      saveLayout();
    });
  },
});
