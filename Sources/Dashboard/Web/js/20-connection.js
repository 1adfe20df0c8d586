// The WebSocket to the server: results (binary), index, status and replies (JSON).

function connect() {
  // Relative to the page, so that it also works under a proxy's sub-path (…/trainspotter/ws).
  const url = new URL("ws", location.href);
  url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  const ws = new WebSocket(url.href);
  ws.binaryType = "arraybuffer";
  S.ws = ws;
  ws.onopen = () => {
    S.connected = true;
    setConnection(true);
    // A new session sends trends from the start again.
    for (const p of S.panels.values()) if (p.renderer && p.renderer.history) p.renderer.history.clear();
    sendSubscriptions();
  };
  ws.onclose = () => {
    S.connected = false;
    setConnection(false);
    for (const [, p] of S.pending) p.resolve({ ok: false, error: "connection lost" });
    S.pending.clear();
    setTimeout(connect, 1000);
  };
  ws.onmessage = ev => {
    if (typeof ev.data === "string") onText(JSON.parse(ev.data));
    else onResult(parseFrame(ev.data));
  };
}

function setConnection(up) {
  const c = document.getElementById("conn");
  c.textContent = up ? "live" : "disconnected";
  c.className = "conn " + (up ? "up" : "down");
}

function send(message) {
  if (S.ws && S.ws.readyState === WebSocket.OPEN) S.ws.send(JSON.stringify(message));
}

/** Sends a control request and resolves with the reply ({ok, error, body}). */
function request(message) {
  const id = S.nextRequest++;
  return new Promise(resolve => {
    S.pending.set(id, { resolve });
    send(Object.assign({ id }, message));
  });
}

/** Tells the server which views are shown and at what size (debounced). */
function sendSubscriptions() {
  clearTimeout(sendSubscriptions.timer);
  sendSubscriptions.timer = setTimeout(() => {
    const views = {};
    for (const [name, p] of S.panels) views[name] = p.subscription();
    send({ type: "subscribe", views });
  }, 30);
}

function onText(m) {
  switch (m.type) {
    case "hello": S.hello = m; document.title = m.title || "Trainspotter"; break;
    case "index":
      S.index = new Map(m.views.map(v => [v.name, v]));
      onIndex();
      break;
    case "status": S.status = m; S.statusAt = performance.now(); onStatus(); break;
    case "reply": {
      S.replies.push(m);
      if (S.replies.length > 50) S.replies.shift();
      const p = S.pending.get(m.id);
      if (p) { S.pending.delete(m.id); p.resolve(m); }
      if (!m.ok) toast(m.error || "refused", true);
      break;
    }
  }
}

function onResult(frame) {
  const h = frame.header;
  if (S.newestTrain === null || h.train > S.newestTrain) S.newestTrain = h.train;
  const p = S.panels.get(h.view);
  if (p) p.receive(frame);
}
