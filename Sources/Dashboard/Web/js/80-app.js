// The page: header counters, grid, global pause, the draw loop, and hooks for tests.

function addPanel(name, saved, user) {
  if (S.panels.has(name)) return S.panels.get(name);
  const p = new Panel(name, saved);
  S.panels.set(name, p);
  document.getElementById("grid").append(p.root);
  if (S.pausedAll) p.setPaused(true);
  if (user) { S.layout.auto = false; saveLayout(); }
  sendSubscriptions();
  renderSidebar();
  return p;
}

function removePanel(name) {
  const p = S.panels.get(name);
  if (!p) return;
  p.root.remove();
  S.panels.delete(name);
  S.layout.auto = false;
  saveLayout();
  sendSubscriptions();
  renderSidebar();
}

function showAll() {
  for (const name of publishedViews()) addPanel(name, null, false);
  saveLayout();
}

function setColumns(n) {
  S.layout.columns = n;
  document.getElementById("grid").style.gridTemplateColumns = `repeat(${n}, minmax(0, 1fr))`;
  document.getElementById("columns").value = String(n);
  for (const p of S.panels.values()) p.resized();
}

function pauseAll(on) {
  S.pausedAll = on;
  for (const p of S.panels.values()) p.setPaused(on);
  const b = document.getElementById("pause-all");
  b.textContent = on ? "▶ resume all" : "‖ pause all";
  b.classList.toggle("on", on);
}

function onIndex() {
  if (S.layout.auto) showAll();
  for (const p of S.panels.values()) {
    const e = S.index.get(p.name);
    if (e) p.setKind(e.kind);
    p.updateParams();
    p.updateROITargets();
    if (p.kind === "image") p.dirty = p.dirty || !!p.shown;
  }
  renderSidebar();
}

function onStatus() {
  const st = S.status;
  if (S.layout.auto) for (const name of st.order || []) if (!S.panels.has(name) && !(S.index.get(name) || {}).hidden) addPanel(name, null, false);
  if (st.trainID !== null && st.trainID !== undefined) document.getElementById("train-id").textContent = st.trainID;
  const c = st.counters, parts = [];
  if (c) {
    parts.push(`in <b>${fmtInt(c.trains_in)}</b>`, `processed <b>${fmtInt(c.processed)}</b>`, `dropped <b>${fmtInt(c.dropped)}</b>`);
  } else if (st.dashboard) {
    parts.push(`results <b>${fmtInt(st.dashboard.resultsIn)}</b>`);
  }
  const lat = S.latencies.slice().sort((a, b) => a - b);
  if (lat.length) parts.push(`train→screen <b>${fmt(lat[Math.floor(lat.length / 2)] * 1000, 3)} ms</b>`);
  if (S.pausedAll) parts.push(`<span class="paused-banner">display paused</span>`);
  document.getElementById("counters").innerHTML = parts.join(" · ");
  for (const p of S.panels.values()) p.updateInfo();
  renderSidebar();
}

function frameLoop() {
  for (const p of S.panels.values()) if (p.dirty) p.render();
  requestAnimationFrame(frameLoop);
}

/** Pixel statistics of a panel's plot area: how many pixels differ from the plot background,
 *  how many distinct colours, and a hash (to tell whether the picture changed). */
function canvasStats(name) {
  const p = S.panels.get(name);
  if (!p || !p.canvas.width) return null;
  const dpr = window.devicePixelRatio || 1;
  let box;
  if (p.kind === "image" && p.renderer && p.renderer.rect) box = p.renderer.rect;
  else box = plotBox(p.canvas.clientWidth, p.canvas.clientHeight, 0);
  const x = Math.round(box.x * dpr) + 2, y = Math.round(box.y * dpr) + 2;
  const w = Math.max(1, Math.round(box.w * dpr) - 4), h = Math.max(1, Math.round(box.h * dpr) - 4);
  const d = p.canvas.getContext("2d").getImageData(x, y, w, h).data;
  let differing = 0, hash = 2166136261;
  const colours = new Set();
  for (let i = 0; i < d.length; i += 4) {
    const r = d[i], g = d[i + 1], b = d[i + 2];
    if (Math.abs(r - 0x0b) + Math.abs(g - 0x0e) + Math.abs(b - 0x13) > 24 && Math.abs(r - 0x1c) + Math.abs(g - 0x23) + Math.abs(b - 0x2d) > 24) differing++;
    if (colours.size < 1000) colours.add((r << 16) | (g << 8) | b);
    hash = Math.imul(hash ^ r ^ (g << 8) ^ (b << 16), 16777619) >>> 0;
  }
  return { differing, total: w * h, colours: colours.size, hash };
}

/** Hooks for tests and for poking at the page from the console. */
window.trainspotter = {
  state() {
    const views = {};
    for (const [name, p] of S.panels) {
      views[name] = { kind: p.kind, paused: p.paused, draws: p.draws, roiMode: p.roiMode, region: p.region,
        receivedTrain: p.latest ? p.latest.header.train : null, drawnTrain: p.shown ? p.shown.header.train : null,
        version: p.latest ? p.latest.header.version : null,
        size: p.latest && p.latest.header.image ? [p.latest.header.image.fullHeight, p.latest.header.image.fullWidth] : null };
    }
    return { connected: S.connected, trainID: S.status ? S.status.trainID : null, newestTrain: S.newestTrain,
      index: [...S.index.keys()], views, counters: S.status ? S.status.counters : null,
      replies: S.replies.slice(-10), errors: S.errors.slice(), layout: S.layout };
  },
  canvasStats,
  showAll,
  addPanel: name => { addPanel(name, null, true); return true; },
  removePanel,
  pause: (name, on) => { S.panels.get(name).setPaused(on); return true; },
  pauseAll,
  setROIMode: (name, on) => { S.panels.get(name).setROIMode(on); return true; },
  setROITarget: (name, target) => { const p = S.panels.get(name); p.opts.roiTarget = target; p.updateROITargets(); return p.opts.roiTarget; },
  setRegion: (name, region) => { S.panels.get(name).setRegion(region); return true; },
  /** Client (viewport) coordinates of source pixel (x, y) of an image panel. */
  imageToClient(name, x, y) {
    const p = S.panels.get(name), r = p.canvas.getBoundingClientRect(), c = p.renderer.toCanvas(x, y);
    return { x: r.left + c.x, y: r.top + c.y };
  },
  scrollTo(name) { S.panels.get(name).root.scrollIntoView(); return true; },
  /** Viewport centre of an image panel's ROI field (`x`, `y`, `width`, `height`) or its `set` button. */
  controlCenter(name, which) {
    const p = S.panels.get(name), e = which === "set" ? p.roiSet : p.roiInputs[which];
    e.scrollIntoView({ block: "nearest" });
    const r = e.getBoundingClientRect();
    return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) };
  },
  request,
};

function start() {
  loadLayout();
  setColumns(S.layout.columns || 3);
  for (const saved of S.layout.panels) addPanel(saved.view, saved, false);
  document.getElementById("columns").addEventListener("change", e => { setColumns(parseInt(e.target.value, 10)); saveLayout(); });
  document.getElementById("show-all").addEventListener("click", () => { S.layout.auto = true; showAll(); });
  document.getElementById("pause-all").addEventListener("click", () => pauseAll(!S.pausedAll));
  new ResizeObserver(() => { for (const p of S.panels.values()) p.resized(); }).observe(document.getElementById("grid"));
  setInterval(() => { for (const p of S.panels.values()) p.updateInfo(); renderSidebar(); }, 1000);
  connect();
  requestAnimationFrame(frameLoop);
}

start();
