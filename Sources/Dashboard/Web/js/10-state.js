// Page state and the persisted layout.

const LAYOUT_KEY = "trainspotter.layout.v1";

const S = {
  ws: null,
  connected: false,
  hello: null,
  /** Index entries by view name (from the server's index message), in index order. */
  index: new Map(),
  /** The last status message. */
  status: null,
  statusAt: 0,
  /** Panels by view name. */
  panels: new Map(),
  /** Saved layout: columns, panel order and per-panel options; auto = follow the index. */
  layout: { columns: 3, auto: true, panels: [] },
  pausedAll: false,
  nextRequest: 1,
  pending: new Map(),
  replies: [],
  errors: [],
  latencies: [],
  newestTrain: null,
};

function loadLayout() {
  try {
    const saved = JSON.parse(localStorage.getItem(LAYOUT_KEY) || "null");
    if (saved && Array.isArray(saved.panels)) S.layout = Object.assign({ columns: 3, auto: true, panels: [] }, saved);
  } catch (e) { /* a broken layout is replaced */ }
}

function saveLayout() {
  S.layout.panels = [...document.querySelectorAll("#grid .panel")].map(p => {
    const panel = S.panels.get(p.dataset.view);
    return { view: p.dataset.view, span: panel.span, tall: panel.tall, opts: panel.opts };
  });
  localStorage.setItem(LAYOUT_KEY, JSON.stringify(S.layout));
}

/** The published (not hidden) view names, in index order, plus any seen only in the results. */
function publishedViews() {
  const names = [...S.index.values()].filter(e => !e.hidden).map(e => e.name);
  for (const n of (S.status && S.status.order) || []) if (!names.includes(n)) names.push(n);
  return names;
}

window.addEventListener("error", e => S.errors.push(String(e.message || e)));
