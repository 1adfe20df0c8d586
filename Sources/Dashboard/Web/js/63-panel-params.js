// The parameters of a view, edited live: each change goes to the running graph.

function paramInput(value) {
  if (typeof value === "boolean") { const c = el("input", { type: "checkbox" }); c.checked = value; return c; }
  if (typeof value === "number") return el("input", { type: "number", step: "any", value: String(value) });
  if (Array.isArray(value)) return el("input", { type: "text", value: value.join(", ") });
  return el("input", { type: "text", value: value === null || value === undefined ? "" : String(value) });
}

function paramValue(input, original) {
  if (typeof original === "boolean") return input.checked;
  if (typeof original === "number") return parseFloat(input.value);
  if (Array.isArray(original)) {
    const items = input.value.split(",").map(s => s.trim()).filter(s => s.length);
    return items.map(s => (Number.isFinite(Number(s)) ? Number(s) : s));
  }
  return input.value;
}

Object.assign(Panel.prototype, {
  /** Rebuilds the parameter form from the index (unless the user is typing in it). */
  updateParams() {
    const entry = S.index.get(this.name);
    if (this.paramsBox.contains(document.activeElement)) return;
    const key = entry ? JSON.stringify([entry.params, entry.version, entry.operator]) : "";
    if (key === this.paramsKey) return;
    this.paramsKey = key;
    this.paramsBox.replaceChildren();
    if (!entry) { this.paramsBox.append(el("div", {}, "not in the index (no control)")); return; }
    const inputs = {};
    const rows = Object.entries(entry.params || {}).map(([k, v]) => {
      inputs[k] = paramInput(v);
      return el("tr", {}, el("td", {}, k), el("td", {}, inputs[k]));
    });
    const apply = async () => {
      const params = {};
      for (const [k, v] of Object.entries(entry.params || {})) {
        const nv = paramValue(inputs[k], v);
        if (JSON.stringify(nv) !== JSON.stringify(v)) params[k] = nv;
      }
      if (!Object.keys(params).length) { toast("nothing changed"); return; }
      const reply = await request({ type: "set", view: this.name, params });
      if (reply.ok) toast(`${this.name}: ${JSON.stringify(params)}`);
    };
    const reset = async () => {
      const reply = await request({ type: "reset", view: this.name });
      if (reply.ok) toast(`${this.name} restarted`);
    };
    this.paramsBox.append(el("div", { class: "meta" }, `operator ${entry.operator || "?"} · version ${entry.version ?? "?"}`),
      el("table", {}, ...rows),
      el("div", { class: "row" },
        rows.length ? el("button", { onclick: apply }, "apply") : null,
        el("button", { title: "Restart the view with fresh state", onclick: reset }, "reset")));
    if (/dark/i.test(entry.operator || "") || /dark/i.test(this.name)) {
      const n = el("input", { type: "number", value: "20", min: "1", step: "1", style: "width:4.5em" });
      const record = async () => {
        const reply = await request({ type: "action", view: this.name, action: "record", args: { trains: parseInt(n.value, 10) || 20 } });
        if (reply.ok) toast(`${this.name}: recording a dark over ${n.value} trains`);
      };
      this.paramsBox.append(el("div", { class: "row" }, el("button", { class: "dark", onclick: record }, "record dark"), n, "trains"));
      this.paramsBox.classList.add("open");
    }
  },
});
