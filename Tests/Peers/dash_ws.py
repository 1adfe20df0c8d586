"""A plain WebSocket client of the dashboard (no browser): subscribes, optionally sends
requests, collects what arrives for a while and prints a JSON summary.

    dash_ws.py ws://127.0.0.1:8080/ws --seconds 3 --subscribe '{"cam": {"width": 64, "height": 48}}' \
        [--send '{"type": "set", "id": 1, "view": "roi", "params": {"x": 3}}'] [--origin http://evil.example] [--stall]

--stall connects and subscribes but reads nothing for the whole time (a browser that hangs).
"""
import argparse
import json
import select
import sys
import time

from dash_cdp import WebSocket, parse_result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("--seconds", type=float, default=3)
    ap.add_argument("--subscribe", default="{}")
    ap.add_argument("--send", action="append", default=[])
    ap.add_argument("--origin")
    ap.add_argument("--stall", action="store_true")
    a = ap.parse_args()
    report = {"texts": {}, "results": {}, "maxPerSecond": {}, "samples": {}, "replies": [], "trains": {}}
    try:
        ws = WebSocket(a.url, timeout=a.seconds + 10, origin=a.origin)
    except ConnectionError as e:
        report["refused"] = str(e)
        print(json.dumps(report))
        return 0
    report["handshake"] = ws.status
    ws.send_text(json.dumps({"type": "subscribe", "views": json.loads(a.subscribe)}))
    for message in a.send:
        ws.send_text(message)
    print("WS READY", file=sys.stderr, flush=True)
    if a.stall:
        time.sleep(a.seconds)
        ws.close()
        print(json.dumps(report))
        return 0
    arrivals = {}
    deadline = time.time() + a.seconds
    while time.time() < deadline:
        if not ws.buffer and not select.select([ws.sock], [], [], 0.2)[0]:
            continue
        try:
            is_text, payload = ws.receive()
        except (ConnectionError, OSError):
            break
        if is_text:
            m = json.loads(payload)
            report["texts"][m["type"]] = report["texts"].get(m["type"], 0) + 1
            if m["type"] == "reply":
                report["replies"].append(m)
            if m["type"] in ("index", "status", "hello"):
                report[m["type"]] = m
        else:
            header, arrays = parse_result(payload)
            v = header["view"]
            report["results"][v] = report["results"].get(v, 0) + 1
            arrivals.setdefault(v, []).append(time.time())
            header["counts"] = {k: len(x) for k, x in arrays.items()}
            header["first"] = {k: x[:4] for k, x in arrays.items()}
            report["samples"][v] = header
            report["trains"].setdefault(v, [])
            if header["train"] not in report["trains"][v]:
                report["trains"][v].append(header["train"])
    for v, times in arrivals.items():
        best, j = 0, 0
        for i in range(len(times)):
            while times[i] - times[j] >= 1.0:
                j += 1
            best = max(best, i - j + 1)
        report["maxPerSecond"][v] = best
    ws.close()
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
