// One panel of the grid: a view drawn by kind, with its toolbar, readout and parameters.

const DEFAULT_OPTS = { levels: "auto", log: false, colormap: "viridis", reduction: "mean", trend: 200 };

class Panel {
  constructor(name, saved) {
    this.name = name;
    this.span = (saved && saved.span) || 1;
    this.tall = !!(saved && saved.tall);
    this.opts = Object.assign({}, DEFAULT_OPTS, saved && saved.opts);
    this.kind = null;
    this.renderer = null;
    this.latest = null;      // newest frame received
    this.shown = null;       // frame on screen
    this.paused = false;
    this.dirty = false;
    this.region = null;      // zoomed image region (source pixels), null = whole image
    this.roiMode = false;
    this.draft = null;       // ROI being drawn {x, y, width, height}
    this.draws = 0;
    this.build();
  }

  build() {
    const b = (text, title, onclick) => el("button", { title, onclick }, text);
    this.info = el("span", { class: "info" });
    this.pauseButton = b("‖", "Pause this panel (data keeps flowing)", () => this.setPaused(!this.paused));
    this.head = el("div", { class: "panel-head", draggable: "true" },
      el("span", { class: "title", text: this.name }), this.info, this.pauseButton,
      b("⚙", "Parameters of this view", () => { this.paramsBox.classList.toggle("open"); this.resized(); }),
      b("⇔", "Wider / narrower", () => { this.span = this.span === 1 ? 2 : 1; this.applySize(); saveLayout(); }),
      b("↕", "Taller / shorter", () => { this.tall = !this.tall; this.applySize(); saveLayout(); }),
      b("✕", "Remove from the grid", () => removePanel(this.name)));
    this.toolbar = el("div", { class: "toolbar" });
    this.canvas = el("canvas", { "data-view": this.name });
    this.wrap = el("div", { class: "plot-wrap" }, this.canvas);
    this.readout = el("span", { class: "readout" });
    this.latency = el("span", { class: "lat" });
    this.foot = el("div", { class: "foot" }, this.readout, this.latency);
    this.paramsBox = el("div", { class: "params" });
    this.root = el("div", { class: "panel", "data-view": this.name }, this.head, this.toolbar, this.wrap, this.foot, this.paramsBox);
    this.applySize();
    this.attachDrag();
    this.attachMouse();
    const entry = S.index.get(this.name);
    if (entry) this.setKind(entry.kind);
    this.updateParams();
  }

  applySize() {
    this.root.classList.toggle("span2", this.span === 2);
    this.root.classList.toggle("tall", this.tall);
    this.resized();
  }

  resized() { this.dirty = !!this.shown || !!this.latest; sendSubscriptions(); }

  /** Chooses the renderer and toolbar for a kind. */
  setKind(kind) {
    if (kind === "array") kind = "image";
    if (kind === this.kind || !kind || kind === "any") return;
    this.kind = kind;
    const capacity = (S.hello && S.hello.historyLength) || 1000;
    this.renderer = kind === "image" ? new ImageView() : kind === "vector" ? new LineView()
      : kind === "scalar" ? new TrendView(capacity) : kind === "points" ? new ScatterView(capacity) : null;
    this.buildToolbar();
    sendSubscriptions();
  }

  buildToolbar() {
    const t = this.toolbar, o = this.opts;
    t.replaceChildren();
    const select = (key, options, title) => {
      const s = el("select", { title, onchange: () => { o[key] = s.value; this.changed(); } },
        ...options.map(([v, label]) => el("option", { value: v }, label)));
      s.value = o[key];
      return s;
    };
    const check = (key, label) => {
      const c = el("input", { type: "checkbox", onchange: () => { o[key] = c.checked; this.changed(); } });
      c.checked = !!o[key];
      return el("label", {}, c, label);
    };
    if (this.kind === "image") {
      const min = el("input", { type: "number", step: "any", placeholder: "min", value: o.min ?? "", onchange: () => { o.min = parseFloat(min.value); this.changed(); } });
      const max = el("input", { type: "number", step: "any", placeholder: "max", value: o.max ?? "", onchange: () => { o.max = parseFloat(max.value); this.changed(); } });
      const levels = select("levels", [["auto", "auto min–max"], ["p1", "1–99 %"], ["p01", "0.1–99.9 %"], ["fixed", "fixed"]], "Colour levels");
      const showFixed = () => { min.style.display = max.style.display = o.levels === "fixed" ? "" : "none"; };
      levels.addEventListener("change", showFixed);
      showFixed();
      this.roiButton = el("button", { title: "Draw an ROI on the image (drag)", onclick: () => this.setROIMode(!this.roiMode) }, "ROI");
      this.roiTarget = el("select", { title: "The view whose ROI parameters the rectangle sets", onchange: () => { o.roiTarget = this.roiTarget.value; this.changed(); } });
      const num = ph => el("input", { type: "number", step: "1", placeholder: ph, style: "width:4.2em" });
      this.roiInputs = { x: num("x"), y: num("y"), width: num("w"), height: num("h") };
      t.append(levels, min, max, check("log", "log"), select("colormap", Object.keys(COLORMAPS).map(k => [k, k]), "Colour map"),
        select("reduction", [["mean", "mean"], ["max", "max"]], "How pixels are combined when the image is shown smaller"),
        el("button", { title: "Show the whole image (or double-click)", onclick: () => this.setRegion(null) }, "1:1"),
        this.roiButton, this.roiTarget, this.roiInputs.x, this.roiInputs.y, this.roiInputs.width, this.roiInputs.height,
        this.roiSet = el("button", { title: "Set the typed ROI", onclick: () => this.applyTypedROI() }, "set"));
      this.updateROITargets();
    } else if (this.kind === "vector") {
      t.append(check("log", "log y"));
    } else if (this.kind === "scalar") {
      t.append(el("span", {}, "trend"), select("trend", [["50", "50"], ["200", "200"], ["1000", "1000"]].map(([v, l]) => [v, l + " trains"]), "Trains shown"), check("log", "log y"));
      this.opts.trend = String(this.opts.trend);
    } else if (this.kind === "points") {
      t.append(el("button", { onclick: () => { this.renderer.history.clear(); this.changed(); } }, "clear"), check("log", "log y"));
    }
  }

  changed() {
    this.dirty = true;
    saveLayout();
    sendSubscriptions();
  }

  /** What the server should send: the drawn size and, for images, the region and reduction. */
  subscription() {
    const dpr = window.devicePixelRatio || 1;
    if (this.kind === "image") {
      const info = this.latest && this.latest.header.image;
      const size = new ImageView().requestSize(this.canvas, this.region, info ? [info.fullWidth, info.fullHeight] : null);
      const sub = { width: size.width, height: size.height, reduction: this.opts.reduction };
      if (this.region) sub.region = this.region;
      return sub;
    }
    return { width: Math.round((this.canvas.clientWidth || 400) * dpr), height: Math.round((this.canvas.clientHeight || 300) * dpr) };
  }

  receive(frame) {
    const h = frame.header;
    this.setKind(h.image ? "image" : h.kind);
    // The first image (or one of a new size) tells the full size, hence the size to ask for.
    const before = this.latest && this.latest.header.image, now = h.image;
    if (now && (!before || before.fullWidth !== now.fullWidth || before.fullHeight !== now.fullHeight)) {
      this.latest = frame;
      sendSubscriptions();
    }
    if (this.renderer && this.renderer.receive) this.renderer.receive(frame);
    this.latest = frame;
    if (!this.paused) this.dirty = true;
  }

  render() {
    this.dirty = false;
    const frame = this.paused ? this.shown : this.latest;
    if (!frame) return;
    if (this.renderer) this.renderer.draw(this.canvas, frame, this.opts, this.kind === "image" ? this.overlay() : null);
    else this.drawText(frame);
    if (frame !== this.shown) {
      this.shown = frame;
      this.draws++;
      const h = frame.header, now = Date.now() / 1000;
      const lat = now - (h.timestamp || h.receivedAt);
      S.latencies.push(lat);
      if (S.latencies.length > 50) S.latencies.shift();
      this.latency.textContent = `train→screen ${fmt(lat * 1000, 3)} ms`;
    }
  }

  drawText(frame) {
    const { ctx, w, h } = fitCanvas(this.canvas);
    ctx.fillStyle = COLORS.text;
    ctx.font = "14px 'DejaVu Sans Mono', monospace";
    ctx.textAlign = "center"; ctx.textBaseline = "middle";
    ctx.fillText(frame.header.text || `${frame.header.kind} result`, w / 2, h / 2);
  }

  setPaused(p) {
    this.paused = p;
    this.root.classList.toggle("paused", p);
    this.pauseButton.textContent = p ? "▶" : "‖";
    this.pauseButton.classList.toggle("on", p);
    if (!p) this.dirty = true;
  }

  /** Header line: train shown, age of the newest result, rate, processing time. */
  updateInfo() {
    const st = S.status && S.status.views && S.status.views[this.name];
    const entry = S.index.get(this.name);
    const parts = [];
    if (this.shown) parts.push(`#${this.shown.header.train}`);
    let stale = false;
    if (st) {
      const age = st.age + (performance.now() - S.statusAt) / 1000;
      stale = age > ((S.hello && S.hello.staleAfter) || 5);
      parts.push(fmtAge(age));
      parts.push(`${fmt(st.rate, 3)} Hz`);
    }
    if (entry && entry.mean_ms !== undefined) parts.push(`${fmt(entry.mean_ms, 3)} ms`);
    if (this.paused) parts.push("paused");
    this.info.textContent = parts.join(" · ");
    this.info.classList.toggle("stale", stale);
  }
}
