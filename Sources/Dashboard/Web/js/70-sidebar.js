// The sidebar: every view with its kind, rate, last train, age (stale ones marked) and processing time.

function renderSidebar() {
  const list = document.getElementById("view-list");
  const names = publishedViews();
  for (const e of S.index.values()) if (e.hidden && !names.includes(e.name)) names.push(e.name);
  const stale = (S.hello && S.hello.staleAfter) || 5;
  const since = (performance.now() - S.statusAt) / 1000;
  const items = names.map(name => {
    const entry = S.index.get(name) || {};
    const st = (S.status && S.status.views && S.status.views[name]) || null;
    const kind = entry.kind || (st && st.kind) || "?";
    const age = st ? st.age + since : null;
    const rate = st ? st.rate : entry.rate;
    const last = st ? st.lastTrain : entry.last_train;
    const li = el("li", { "data-view": name, title: entry.hidden ? "hidden: computed, not published" : "click to show or hide",
      onclick: () => (S.panels.has(name) ? removePanel(name) : addPanel(name, null, true)) },
    el("div", {}, el("span", { class: "name" }, name), el("span", { class: "kind" }, kind)),
    el("div", { class: "meta" }, `${fmt(rate, 3)} Hz · #${last ?? "–"}`),
    el("div", { class: "meta" }, el("span", { class: "age" }, `age ${fmtAge(age)}`),
      entry.mean_ms !== undefined ? ` · ${fmt(entry.mean_ms, 3)} ms/train` : ""));
    li.classList.toggle("shown", S.panels.has(name));
    li.classList.toggle("stale", age !== null && age > stale);
    li.classList.toggle("hidden-view", !!entry.hidden);
    return li;
  });
  list.replaceChildren(...items);
  const d = S.status && S.status.dashboard, me = S.status && S.status.client;
  document.getElementById("side-foot").textContent = d
    ? `dashboard: ${fmtInt(d.resultsIn)} results in, ${d.clients} client(s); this page: ${fmtInt(me.sent)} updates, ${fmtInt(me.throttled)} skipped`
    : "";
}
