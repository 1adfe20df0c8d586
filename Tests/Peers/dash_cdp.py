"""Stdlib-only helpers for the dashboard tests: a minimal WebSocket client (RFC 6455) and a
Chrome DevTools Protocol client that drives a real headless Chromium.

    with Browser() as browser:
        page = browser.page()
        page.navigate("http://127.0.0.1:8080/")
        page.wait_for("window.trainspotter && trainspotter.state().connected")
"""
import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request


class WebSocket:
    """A blocking WebSocket client: text and binary messages, fragmented or not."""

    def __init__(self, url, timeout=30.0, origin=None):
        u = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((u.hostname, u.port or 80), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        path = u.path + ("?" + u.query if u.query else "")
        lines = [f"GET {path or '/'} HTTP/1.1", f"Host: {u.hostname}:{u.port}", "Upgrade: websocket",
                 "Connection: Upgrade", f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13"]
        if origin:
            lines.append(f"Origin: {origin}")
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("closed during the handshake")
            response += chunk
        head, self.buffer = response.split(b"\r\n\r\n", 1)
        self.status = int(head.split(b" ")[1])
        if self.status != 101:
            raise ConnectionError(f"handshake refused: {head.decode(errors='replace')}")

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(max(65536, n - len(self.buffer)))
            if not chunk:
                raise ConnectionError("connection closed")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def send_text(self, text):
        self._send(0x1, text.encode())

    def _send(self, opcode, payload):
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def receive(self):
        """The next message: (True, str) for text, (False, bytes) for binary."""
        parts, kind = [], None
        while True:
            b0, b1 = self._read(2)
            opcode, fin = b0 & 0x0F, b0 & 0x80
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            if b1 & 0x80:
                mask = self._read(4)
                data = bytes(b ^ mask[i % 4] for i, b in enumerate(self._read(n)))
            else:
                data = self._read(n)
            if opcode == 0x9:
                self._send(0xA, data)
                continue
            if opcode == 0x8:
                raise ConnectionError("closed by the server")
            if opcode in (0x1, 0x2):
                kind = opcode
            if opcode in (0x0, 0x1, 0x2):
                parts.append(data)
                if fin:
                    payload = b"".join(parts)
                    return (True, payload.decode()) if kind == 0x1 else (False, payload)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def parse_result(payload):
    """A binary dashboard result message: (header dict, {name: list of numbers})."""
    n = struct.unpack("<I", payload[:4])[0]
    header = json.loads(payload[4:4 + n])
    arrays = {}
    for name, a in header.get("arrays", {}).items():
        fmt = "f" if a["dtype"] == "f4" else "d"
        size = 4 if fmt == "f" else 8
        arrays[name] = list(struct.unpack(f"<{a['count']}{fmt}", payload[a["offset"]:a["offset"] + a["count"] * size]))
    return header, arrays


class Page:
    """One page target, driven over its DevTools WebSocket."""

    def __init__(self, ws_url):
        self.ws = WebSocket(ws_url, timeout=60)
        self.next_id = 1
        self.events = []
        self.send("Page.enable")
        self.send("Runtime.enable")

    def send(self, method, params=None):
        mid = self.next_id
        self.next_id += 1
        self.ws.send_text(json.dumps({"id": mid, "method": method, "params": params or {}}))
        while True:
            _, text = self.ws.receive()
            message = json.loads(text)
            if message.get("id") == mid:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {json.dumps(result['exceptionDetails'])[:800]}")
        return result["result"].get("value")

    def navigate(self, url):
        self.send("Page.navigate", {"url": url})

    def wait_for(self, expression, timeout=30.0, interval=0.1):
        """Polls until the expression is truthy; returns its value or raises TimeoutError."""
        deadline = time.time() + timeout
        last_error = None
        while time.time() < deadline:
            try:
                value = self.evaluate(expression)
                if value:
                    return value
            except RuntimeError as e:
                last_error = e
            time.sleep(interval)
        raise TimeoutError(f"timed out after {timeout} s waiting for: {expression}" + (f" ({last_error})" if last_error else ""))

    def mouse(self, kind, x, y, buttons=1):
        self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left",
                                               "buttons": buttons, "clickCount": 1})

    def drag(self, start, end, steps=8):
        """A real mouse drag from start to end (viewport coordinates)."""
        self.mouse("mouseMoved", start["x"], start["y"], 0)
        self.mouse("mousePressed", start["x"], start["y"])
        for i in range(1, steps + 1):
            f = i / steps
            self.mouse("mouseMoved", start["x"] + (end["x"] - start["x"]) * f, start["y"] + (end["y"] - start["y"]) * f)
        self.mouse("mouseReleased", end["x"], end["y"], 0)

    def click(self, point):
        """A real left click at a viewport point."""
        self.mouse("mouseMoved", point["x"], point["y"], 0)
        self.mouse("mousePressed", point["x"], point["y"])
        self.mouse("mouseReleased", point["x"], point["y"], 0)

    def select_all(self):
        """Ctrl+A in the focused element."""
        for kind in ("rawKeyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", {"type": kind, "key": "a", "code": "KeyA", "modifiers": 2,
                                                 "windowsVirtualKeyCode": 65, "commands": ["selectAll"] if kind == "rawKeyDown" else []})

    def type_text(self, text):
        """Types text into the focused element, one key event per character."""
        for ch in text:
            self.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": ch, "text": ch})
            self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": ch})

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def exceptions(self):
        return [e["params"]["exceptionDetails"].get("exception", {}).get("description") or e["params"]["exceptionDetails"].get("text")
                for e in self.events if e.get("method") == "Runtime.exceptionThrown"]

    def close(self):
        self.ws.close()


class Browser:
    """A headless Chromium with remote debugging on a free port, in a throwaway profile."""

    def __init__(self, width=1600, height=1000, executable=None):
        self.profile = tempfile.mkdtemp(prefix="trainspotter-chromium-")
        exe = executable or os.environ.get("TRAINSPOTTER_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
        if not exe:
            raise FileNotFoundError("chromium not found (Debian package 'chromium'; .ci/setup installs it)")
        self.process = subprocess.Popen(
            [exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
             "--no-default-browser-check", "--hide-scrollbars", "--force-device-scale-factor=1", "--mute-audio",
             f"--window-size={width},{height}", "--remote-debugging-port=0", "--remote-allow-origins=*",
             f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.time() + 30
        while time.time() < deadline:
            if os.path.exists(port_file):
                lines = open(port_file).read().split()
                if len(lines) >= 2:
                    self.port = int(lines[0])
                    break
            if self.process.poll() is not None:
                raise RuntimeError(f"chromium exited with {self.process.returncode}")
            time.sleep(0.05)
        else:
            raise TimeoutError("chromium did not open its DevTools port")

    def page(self):
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list", timeout=10))
        pages = [t for t in targets if t.get("type") == "page"]
        if not pages:
            request = urllib.request.Request(f"http://127.0.0.1:{self.port}/json/new?about:blank", method="PUT")
            pages = [json.load(urllib.request.urlopen(request, timeout=10))]
        return Page(pages[0]["webSocketDebuggerUrl"])

    def close(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
