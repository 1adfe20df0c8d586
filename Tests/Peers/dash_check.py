"""Drives the dashboard page in a real headless Chromium and reports what it saw, as JSON on stdout.

    dash_check.py URL --image cam --vector profile --scalar total --points corr \
        --roi-target roi --roi 40,30,64,48 [--type-roi] --pause profile --screenshot out.png

Steps: load the page, show every view, wait for the train IDs to advance on every named view,
measure the canvases (non-blank pixels), draw an ROI on the image with real mouse events (or
type it into the panel's fields and press *set*, with real clicks and key events) and wait for the ROI view's published result to follow, pause a view and check that it stops
changing while data keeps arriving, then resume it. The caller asserts on the report.
"""
import argparse
import json
import sys
import time

from dash_cdp import Browser


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("--image")
    ap.add_argument("--vector")
    ap.add_argument("--scalar")
    ap.add_argument("--points")
    ap.add_argument("--roi-target")
    ap.add_argument("--roi", help="x,y,width,height in image pixels to drag")
    ap.add_argument("--type-roi", action="store_true",
                    help="type the ROI into the panel's x, y, w, h fields and press set instead of dragging")
    ap.add_argument("--pause")
    ap.add_argument("--screenshot")
    ap.add_argument("--timeout", type=float, default=30)
    ap.add_argument("--width", type=int, default=1600)
    ap.add_argument("--height", type=int, default=1000)
    a = ap.parse_args()
    report = {"ok": False}
    named = [v for v in (a.image, a.vector, a.scalar, a.points) if v]
    browser = Browser(a.width, a.height)
    page = None
    try:
        page = browser.page()
        page.navigate(a.url)  # a fresh browser profile: no saved layout
        page.wait_for("window.trainspotter && trainspotter.state().connected", a.timeout)
        page.wait_for("trainspotter.state().index.length > 0 || Object.keys(trainspotter.state().views).length > 0", a.timeout)
        page.evaluate("trainspotter.showAll()")
        views_js = json.dumps(named)
        page.wait_for(f"{views_js}.every(v => (trainspotter.state().views[v] || {{}}).draws > 0)", a.timeout)
        before = page.evaluate("trainspotter.state()")
        page.wait_for(f"{views_js}.every(v => trainspotter.state().views[v].drawnTrain > {json.dumps({v: before['views'][v]['drawnTrain'] for v in named})}[v])"
                      f" && trainspotter.state().trainID > {before['trainID'] or 0}", a.timeout)
        after = page.evaluate("trainspotter.state()")
        report["advance"] = {"before": {v: before["views"][v]["drawnTrain"] for v in named},
                             "after": {v: after["views"][v]["drawnTrain"] for v in named},
                             "trainBefore": before["trainID"], "trainAfter": after["trainID"]}
        report["stats"] = {v: page.evaluate(f"trainspotter.canvasStats({json.dumps(v)})") for v in named}
        report["kinds"] = {v: after["views"][v]["kind"] for v in named}

        if a.image and a.roi_target and a.roi:
            x, y, w, h = (int(v) for v in a.roi.split(","))
            image, target = json.dumps(a.image), json.dumps(a.roi_target)
            page.evaluate(f"trainspotter.scrollTo({image})")
            page.evaluate(f"trainspotter.setROITarget({image}, {target})")
            page.evaluate(f"trainspotter.setROIMode({image}, true)")
            roi_before = page.evaluate("trainspotter.state()")["views"].get(a.roi_target)
            replies_before = len(page.evaluate("trainspotter.state()")["replies"])
            if a.type_roi:
                # As a user would: click each field, select its text, type the number, press set.
                for field, value in zip(("x", "y", "width", "height"), (x, y, w, h)):
                    page.click(page.evaluate(f"trainspotter.controlCenter({image}, {json.dumps(field)})"))
                    page.select_all()
                    page.type_text(str(value))
                page.click(page.evaluate(f"trainspotter.controlCenter({image}, 'set')"))
            else:
                start = page.evaluate(f"trainspotter.imageToClient({image}, {x + 0.5}, {y + 0.5})")
                end = page.evaluate(f"trainspotter.imageToClient({image}, {x + w - 0.5}, {y + h - 0.5})")
                # Mouse events carry whole CSS pixels: aim at the nearest one to each pixel centre.
                page.drag({k: round(v) for k, v in start.items()}, {k: round(v) for k, v in end.items()})
            reply = page.wait_for(f"trainspotter.state().replies.length > {replies_before} && trainspotter.state().replies.slice(-1)[0]", a.timeout)
            report["roi"] = {"reply": reply, "before": roi_before, "dragged": [x, y, w, h], "typed": a.type_roi}
            if reply.get("ok") and roi_before is not None:
                version = roi_before.get("version") or 0
                report["roi"]["after"] = page.wait_for(
                    f"(s => s && s.version > {version} && s.drawnTrain !== null ? s : null)(trainspotter.state().views[{target}])", a.timeout)
            page.evaluate(f"trainspotter.setROIMode({image}, false)")

        if a.pause:
            v = json.dumps(a.pause)
            page.evaluate(f"trainspotter.pause({v}, true)")
            time.sleep(0.3)
            s0 = page.evaluate("trainspotter.state()")["views"][a.pause]
            h0 = page.evaluate(f"trainspotter.canvasStats({v})")
            page.wait_for(f"trainspotter.state().views[{v}].receivedTrain > {s0['receivedTrain']} + 5", a.timeout)
            s1 = page.evaluate("trainspotter.state()")["views"][a.pause]
            h1 = page.evaluate(f"trainspotter.canvasStats({v})")
            page.evaluate(f"trainspotter.pause({v}, false)")
            resumed = page.wait_for(f"(s => s.drawnTrain > {s1['drawnTrain']} ? s : null)(trainspotter.state().views[{v}])", a.timeout)
            report["pause"] = {"drawnBefore": s0["drawnTrain"], "drawnAfter": s1["drawnTrain"],
                               "receivedBefore": s0["receivedTrain"], "receivedAfter": s1["receivedTrain"],
                               "hashBefore": h0["hash"], "hashAfter": h1["hash"], "drawnResumed": resumed["drawnTrain"]}

        if a.screenshot:
            page.evaluate("window.scrollTo(0, 0); document.getElementById('grid').scrollTop = 0")
            time.sleep(0.5)
            page.screenshot(a.screenshot)
        final = page.evaluate("trainspotter.state()")
        report["errors"] = final["errors"]
        report["counters"] = final["counters"]
        report["ok"] = True
    except Exception as e:  # reported to the caller, which fails the test with it
        report["error"] = f"{type(e).__name__}: {e}"
        if page is not None:
            try:
                report["state"] = page.evaluate("trainspotter.state()")
            except Exception:
                pass
    finally:
        if page is not None:
            report["exceptions"] = page.exceptions()
            page.close()
        browser.close()
    print(json.dumps(report))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
