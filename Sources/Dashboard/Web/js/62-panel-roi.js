// ROIs: drawn or typed on an image, sent as parameters of an ROI view on the running graph.

/** The ROI a view's parameters describe ({x, y, width, height}), or null if it has none.
 *  Understands `x`/`y`/`width`/`height` and `roi: [x, y, width, height]`. */
function roiOf(entry) {
  const p = entry && entry.params;
  if (!p) return null;
  if (Array.isArray(p.roi) && p.roi.length === 4) return { x: p.roi[0], y: p.roi[1], width: p.roi[2], height: p.roi[3], style: "list" };
  if (["x", "y", "width", "height"].every(k => typeof p[k] === "number")) return { x: p.x, y: p.y, width: p.width, height: p.height, style: "xywh" };
  return null;
}

/** The parameters that set `rect` on a view whose ROI is written in `style`. */
function roiParams(rect, style) {
  const r = [rect.x, rect.y, rect.width, rect.height].map(v => Math.round(v));
  return style === "list" ? { roi: r } : { x: r[0], y: r[1], width: r[2], height: r[3] };
}

Object.assign(Panel.prototype, {
  /** Views with ROI parameters, the ones reading this image first. */
  roiCandidates() {
    const mine = S.index.get(this.name);
    const myInputs = mine && mine.inputs ? Object.values(mine.inputs) : [];
    const all = [...S.index.values()].filter(e => e.name !== this.name && roiOf(e));
    const reads = e => Object.values(e.inputs || {}).some(p => p === `view:${this.name}` || myInputs.includes(p));
    return all.filter(reads).concat(all.filter(e => !reads(e)));
  },

  updateROITargets() {
    if (!this.roiTarget) return;
    const names = this.roiCandidates().map(e => e.name);
    const current = [...this.roiTarget.options].map(o => o.value).join("|");
    if (current !== ["", ...names].join("|")) {
      this.roiTarget.replaceChildren(el("option", { value: "" }, "ROI view…"), ...names.map(n => el("option", { value: n }, n)));
    }
    if (!names.includes(this.opts.roiTarget)) this.opts.roiTarget = names[0] || "";
    // ROI tools only where there is an ROI view to set.
    for (const e of [this.roiButton, this.roiTarget, this.roiSet, ...Object.values(this.roiInputs || {})]) {
      if (e) e.style.display = names.length ? "" : "none";
    }
    this.roiTarget.value = this.opts.roiTarget || "";
    const roi = roiOf(S.index.get(this.opts.roiTarget));
    if (roi && this.roiInputs && !this.root.contains(document.activeElement)) {
      for (const k of ["x", "y", "width", "height"]) this.roiInputs[k].value = roi[k];
    }
  },

  setROIMode(on) {
    this.roiMode = on;
    if (this.roiButton) this.roiButton.classList.toggle("on", on);
    this.canvas.style.cursor = on ? "crosshair" : "";
  },

  /** Rectangles drawn over the image: the target view's current ROI and the one being drawn. */
  overlay() {
    const out = [];
    const roi = roiOf(S.index.get(this.opts.roiTarget));
    if (roi) out.push(roi);
    if (this.draft) out.push(Object.assign({ dashed: true, color: "#ffffff" }, this.draft));
    return out;
  },

  applyTypedROI() {
    const v = {};
    for (const k of ["x", "y", "width", "height"]) v[k] = parseFloat(this.roiInputs[k].value);
    if (Object.values(v).some(x => !Number.isFinite(x))) { toast("ROI: x, y, width and height are needed", true); return; }
    this.commitROI(v);
  },

  /** Sends `rect` (source pixels) as the ROI of the target view. */
  async commitROI(rect) {
    const target = this.opts.roiTarget, entry = S.index.get(target);
    if (!entry) { toast("no ROI view to set: choose one next to the ROI button", true); this.draft = null; this.redraw(); return; }
    const params = roiParams(rect, roiOf(entry).style);
    const reply = await request({ type: "set", view: target, params });
    this.draft = null;
    if (reply.ok) toast(`${target}: ROI ${JSON.stringify(params)}`);
    this.redraw();
    return reply;
  },
});
