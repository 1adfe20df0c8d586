import ArgumentParser
import CommandSupport
import Foundation
import HummingbirdWSClient
import Logging
import Synchronization

/// `trainspotter bench dashboard ws-client URL` (hidden): a headless dashboard client for the
/// benchmark that speaks the page's WebSocket protocol exactly as the page does, but draws nothing.
///
/// Like the page with its default layout (`auto`: every published view, 3 columns) it sends an
/// empty subscription on connecting, subscribes every non-hidden view of the index (and views
/// that appear in the status order) at the size its canvas has, asks for images at the size the
/// image is drawn at once the first image told the full size, and reads and parses every message
/// it is sent. The canvas size defaults to what the page's panels measure in a 1600 × 1000
/// window at device scale factor 1 (the benchmark's Chromium window): 437 × 310 pixels.
/// Prints `frames N bytes M views K` once a second (totals).
struct BenchDashboardClient: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ws-client",
        abstract: "A headless WebSocket client of the dashboard (for bench dashboard).",
        shouldDisplay: false)

    @Argument(help: "The dashboard's page address, e.g. http://127.0.0.1:8080/.")
    var url: String

    @Option(help: "Canvas size of every panel in device pixels, WIDTHxHEIGHT.")
    var canvas = "437x310"

    func run() async throws {
        let parts = canvas.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts.allSatisfy({ $0 > 0 }) else { throw ValidationError("--canvas must be WIDTHxHEIGHT") }
        guard let page = URL(string: url), let host = page.host, let port = page.port else {
            throw ValidationError("the URL must be http://HOST:PORT/…")
        }
        let socketURL = "ws://\(host):\(port)\(page.path.hasSuffix("/") ? page.path : page.path + "/")ws"
        let state = PageState(canvasWidth: parts[0], canvasHeight: parts[1])
        let reporter = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                printLine(state.counts.withLock { "frames \($0.frames) bytes \($0.bytes) views \($0.views)" })
            }
        }
        defer { reporter.cancel() }
        var logger = Logger(label: "trainspotter.bench.ws-client")
        logger.logLevel = .warning
        // No Origin header: a tool, not a page (the server's origin check lets it through).
        let configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 26)
        try await WebSocketClient.connect(url: socketURL, configuration: configuration, logger: logger) { inbound, outbound, _ in
            try await outbound.writeTextMessage(state.subscribeMessage())
            for try await message in inbound.messages(maxSize: 1 << 26) {
                let resubscribe: Bool
                switch message {
                case let .text(text): resubscribe = state.text(text)
                case let .binary(buffer):
                    resubscribe = buffer.withUnsafeReadableBytes { state.frame($0) }
                }
                if resubscribe { try await outbound.writeTextMessage(state.subscribeMessage()) }
            }
        }
    }

    /// What the page knows: the index, the panels shown and the full size of each image.
    final class PageState: Sendable {
        struct Panel: Sendable {
            var kind: String
            /// The image's full size once a frame told it.
            var full: (width: Int, height: Int)?
        }

        struct State: Sendable {
            var hidden: [String: Bool] = [:]
            var kinds: [String: String] = [:]
            /// Panels in the order they were added.
            var order: [String] = []
            var panels: [String: Panel] = [:]
        }

        let canvasWidth: Int, canvasHeight: Int
        let state = Mutex(State())
        let counts = Mutex<(frames: Int, bytes: Int, views: Int)>((0, 0, 0))

        init(canvasWidth: Int, canvasHeight: Int) {
            self.canvasWidth = canvasWidth
            self.canvasHeight = canvasHeight
        }

        /// A text message (hello, index, status, reply); true when the panels changed.
        func text(_ text: String) -> Bool {
            counts.withLock { $0.bytes += text.utf8.count }
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return false }
            switch object["type"] as? String {
            case "index":
                let entries = (object["views"] as? [[String: Any]]) ?? []
                return state.withLock { s in
                    for e in entries {
                        guard let name = e["name"] as? String else { continue }
                        s.hidden[name] = (e["hidden"] as? Bool) ?? false
                        if let kind = e["kind"] as? String { s.kinds[name] = kind; s.panels[name]?.kind = kind }
                    }
                    // The page's `auto` layout shows every published view of the index.
                    return add(entries.compactMap { $0["name"] as? String }, to: &s)
                }
            case "status":
                let order = (object["order"] as? [String]) ?? []
                return state.withLock { add(order, to: &$0) }
            default:
                return false
            }
        }

        private func add(_ names: [String], to s: inout State) -> Bool {
            var changed = false
            for name in names where s.panels[name] == nil && s.hidden[name] != true {
                s.panels[name] = Panel(kind: s.kinds[name] ?? "")
                s.order.append(name)
                changed = true
            }
            if changed { counts.withLock { $0.views = s.order.count } }
            return changed
        }

        /// A binary result message, parsed as the page parses it; true when an image told a new full size.
        func frame(_ bytes: UnsafeRawBufferPointer) -> Bool {
            counts.withLock { $0.frames += 1; $0.bytes += bytes.count }
            guard bytes.count >= 4 else { return false }
            let n = Int(bytes.loadUnaligned(as: UInt32.self).littleEndian)
            guard 4 + n <= bytes.count,
                  let header = try? JSONSerialization.jsonObject(with: Data(bytes[4..<(4 + n)])) as? [String: Any],
                  let view = header["view"] as? String else { return false }
            // Every array the header points at must lie inside the message (the page makes typed views of them).
            for case let a as [String: Any] in ((header["arrays"] as? [String: Any]) ?? [:]).values {
                let offset = (a["offset"] as? Int) ?? 0, count = (a["count"] as? Int) ?? 0
                let size = (a["dtype"] as? String) == "f4" ? 4 : 8
                if offset + count * size > bytes.count { printLine("\(view): array outside the message") }
            }
            let image = header["image"] as? [String: Any]
            let kind = image != nil ? "image" : (header["kind"] as? String) ?? ""
            return state.withLock { s in
                guard var panel = s.panels[view] else { return false }
                panel.kind = kind
                var changed = false
                if let image, let w = image["fullWidth"] as? Int, let h = image["fullHeight"] as? Int,
                   panel.full?.width != w || panel.full?.height != h {
                    panel.full = (w, h)
                    changed = true
                }
                s.panels[view] = panel
                return changed
            }
        }

        /// `{"type": "subscribe", "views": …}` for the panels shown, with the sizes the page asks for.
        func subscribeMessage() -> String {
            let views: [String: Any] = state.withLock { s in
                var views: [String: Any] = [:]
                for name in s.order {
                    guard let panel = s.panels[name] else { continue }
                    views[name] = subscription(panel)
                }
                return views
            }
            let data = (try? JSONSerialization.data(withJSONObject: ["type": "subscribe", "views": views], options: [.sortedKeys])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }

        /// The page's `Panel.subscription()`: images at the size of the image fitted (square pixels)
        /// into the canvas minus the axes' margins, everything else at the canvas size.
        func subscription(_ panel: Panel) -> [String: Any] {
            guard panel.kind == "image" else { return ["width": canvasWidth, "height": canvasHeight] }
            // IMAGE_MARGIN of the page's heatmap: left 50, right 78, top 8, bottom 38.
            let boxW = Double(max(10, canvasWidth - 50 - 78)), boxH = Double(max(10, canvasHeight - 8 - 38))
            var w = boxW, h = boxH
            if let full = panel.full {
                let s = min(boxW / Double(full.width), boxH / Double(full.height))
                w = Double(full.width) * s
                h = Double(full.height) * s
            }
            return ["width": max(1, Int(w.rounded(.toNearestOrAwayFromZero))), "height": max(1, Int(h.rounded(.toNearestOrAwayFromZero))),
                    "reduction": "mean"]
        }
    }
}
