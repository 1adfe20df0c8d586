import ArgumentParser
import CommandSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// `trainspotter bench dashboard`: the monitor's processing rate with and without browsers on
/// its dashboard, same stream, same `run` process, alternating windows.
///
/// `trainspotter simulate` (AGIPD online, PUSH, `--rate 0`) feeds `trainspotter run --no-drop`
/// with the demo views and `--dashboard`, so processing is the bottleneck and the processed
/// trains/s (from run's status lines) is the figure. Windows without clients alternate with
/// windows with N clients showing every view: headless WebSocket clients that speak the page's
/// protocol but draw nothing (`ws-client`: what the monitor serves, without a browser's
/// rendering on the same cores), headless Chromium pages, or both kinds in turn.
struct BenchDashboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Processing rate of `run` (demo views, simulator at --rate 0) with and without headless clients on its dashboard.",
        usage: "trainspotter bench dashboard [<options>]",
        subcommands: [BenchDashboardClient.self])

    @Option(help: "Seconds per measured window.")
    var seconds: Double = 15

    @Option(help: "Clients in the windows with clients.")
    var clients = 3

    /// What the clients are.
    enum ClientsKind: String, ExpressibleByArgument, CaseIterable {
        /// `trainspotter bench dashboard ws-client`: the page's protocol, no rendering.
        case websocket
        /// Headless Chromium showing the page.
        case chromium
        /// Websocket windows and Chromium windows in turn.
        case both

        var kinds: [ClientsKind] { self == .both ? [.websocket, .chromium] : [self] }
        var label: String { self == .websocket ? "websocket" : "chromium" }
    }

    @Option(help: "websocket (headless clients speaking the page's protocol, drawing nothing), chromium (headless pages), or both (in turn).")
    var clientsKind: ClientsKind = .websocket

    @Option(help: "Windows with clients of each kind (each between two without).")
    var rounds = 2

    @Option(help: "Niceness of the clients (19: their cost stays behind the monitor's; 0: as a user's browser on the same machine).")
    var nice = 19

    @Option(help: "Seconds to wait after the clients connected (page load, first images) before measuring.")
    var settle: Double = 5

    @Option(help: "The views file (default views/simulator.yaml).")
    var views = "views/simulator.yaml"

    @Option(help: "AGIPD pulses per train.")
    var pulses = 4

    @Option(help: "Chromium (default $TRAINSPOTTER_CHROMIUM or chromium on the PATH).")
    var chromium: String?

    func validate() throws {
        guard seconds > 0, clients > 0, rounds > 0, settle >= 0, pulses > 0 else { throw ValidationError("counts must be positive") }
        guard (-20...19).contains(nice) else { throw ValidationError("--nice must be in -20...19") }
    }

    func run() async throws {
        let kinds = clientsKind.kinds
        let browser = kinds.contains(.chromium) ? try chromiumPath() : ""
        let me = Executables.trainspotter
        let simPort = try BenchReceive().freePortViaZMQ(), publishPort = try BenchReceive().freePortViaZMQ()
        printLine("Dashboard cost: trainspotter simulate -d AGIPD --data-like online --pulses \(pulses) --sources detector,camera,xgm,motor")
        printLine("-z PUSH --rate 0 → trainspotter run --no-drop --views \(views) --dashboard 127.0.0.1:0 (processing is the bottleneck);")
        printLine("processed trains/s from run's status lines over \(Int(seconds)) s windows, without clients and with \(clients) clients")
        printLine("(\(kinds.map { $0 == .websocket ? "headless WebSocket clients" : "headless Chromium pages" }.joined(separator: ", then ")), nice \(nice)) showing every view, alternating.")
        printLine("Release build, \(ProcessInfo.processInfo.activeProcessorCount) cores.")
        printLine("Load average before: \(Self.loadAverage())")

        let sim = try ChildOutput(me, ["simulate", "\(simPort)", "-z", "PUSH", "-d", "AGIPD", "--data-like", "online",
                                       "--pulses", "\(pulses)", "--sources", "detector,camera,xgm,motor", "--rate", "0",
                                       "--status-every", "3600", "--pool-mb", "200"])
        defer { sim.kill() }
        try await sim.waitFor("started on", timeout: 120)
        let run = try ChildOutput(me, ["run", "--connect", "tcp://127.0.0.1:\(simPort)", "-z", "PUSH", "--no-drop",
                                       "--views", views, "--publish", "tcp://127.0.0.1:\(publishPort)",
                                       "--dashboard", "127.0.0.1:0", "--status-interval", "0.5", "--no-watch", "--timeout", "120"])
        defer { run.kill() }
        try await run.waitFor("running on", timeout: 120)
        guard let url = run.lines.first(where: { $0.hasPrefix("dashboard on ") }).map({ String($0.dropFirst("dashboard on ".count)) }) else {
            throw ValidationError("run did not print its dashboard address:\n\(run.lines.joined(separator: "\n"))")
        }
        // Warm up: the pools, the first trains through every view.
        try await run.waitFor("trains in", timeout: 120)
        try await Task.sleep(for: .seconds(settle))

        var windows: [Window] = []
        let schedule = (0..<rounds).flatMap { _ in kinds }
        for (i, kind) in schedule.enumerated() {
            if i == 0 { windows.append(try await measure(run, label: "without clients", kind: nil, clients: 0, pages: [])) }
            var pages: [ChildOutput] = []
            defer { for p in pages { p.kill() } }
            for _ in 0..<clients {
                pages.append(kind == .chromium ? try ChildOutput.browser(browser, url: url, nice: nice)
                                               : try ChildOutput.webSocketClient(me, url: url, nice: nice))
            }
            let connected = try await waitForClients(url, count: clients, timeout: 120)
            try await Task.sleep(for: .seconds(settle))
            windows.append(try await measure(run, label: "with \(clients) \(kind.label)", kind: kind, clients: connected, pages: pages))
            for p in pages { await p.stop() }
            // The dashboard notices closed sockets on its next send: wait until they are gone.
            _ = try? await waitForClients(url, count: 0, timeout: 10, atMost: true)
            try await Task.sleep(for: .seconds(1))
            windows.append(try await measure(run, label: "without clients", kind: nil, clients: 0, pages: []))
        }
        await run.stop()
        await sim.stop()
        printLine("Load average after: \(Self.loadAverage())")
        printLine("")
        printLine(pad("window", 24) + pad("clients", 9) + pad("trains", 8) + pad("trains/s", 10) + pad("run CPU", 9)
                  + pad("run CPU ms/train", 18) + "clients CPU")
        for w in windows {
            printLine(pad(w.label, 24) + pad("\(w.clients)", 9) + pad("\(w.trains)", 8) + pad(String(format: "%.2f", w.rate), 10)
                      + pad(String(format: "%.0f %%", w.runCPU * 100), 9) + pad(String(format: "%.1f", w.cpuPerTrain * 1000), 18)
                      + (w.clientCPU.map { String(format: "%.0f %%", $0 * 100) } ?? "–"))
        }
        printLine("")
        printLine(pad("", 24) + pad("trains/s", 10) + pad("change", 9) + pad("vs adjacent", 13) + pad("run CPU", 9) + pad("ms/train", 10)
                  + pad("change", 9) + "clients CPU")
        let off = windows.filter { $0.kind == nil }
        func mean(_ ws: [Window], _ f: (Window) -> Double) -> Double { ws.map(f).reduce(0, +) / Double(max(1, ws.count)) }
        let offRate = mean(off, \.rate), offCost = mean(off, \.cpuPerTrain)
        printLine(pad("without clients", 24) + pad(String(format: "%.2f", offRate), 10) + pad("", 9) + pad("", 13)
                  + pad(String(format: "%.0f %%", mean(off, \.runCPU) * 100), 9) + pad(String(format: "%.1f", offCost * 1000), 10) + pad("", 9) + "–")
        for kind in kinds {
            let on = windows.filter { $0.kind == kind }
            let rate = mean(on, \.rate), cost = mean(on, \.cpuPerTrain)
            // Each window with clients against the mean of the two without just before and after it
            // (robust to a slow drift of the rate during the run).
            let adjacent = windows.indices.filter { windows[$0].kind == kind }.map { i in
                windows[i].rate / ((windows[i - 1].rate + windows[i + 1].rate) / 2) - 1
            }
            printLine(pad("with \(clients) \(kind.label)", 24) + pad(String(format: "%.2f", rate), 10)
                      + pad(String(format: "%+.1f %%", (rate / offRate - 1) * 100), 9)
                      + pad(String(format: "%+.1f %%", adjacent.reduce(0, +) / Double(max(1, adjacent.count)) * 100), 13)
                      + pad(String(format: "%.0f %%", mean(on, \.runCPU) * 100), 9) + pad(String(format: "%.1f", cost * 1000), 10)
                      + pad(String(format: "%+.1f %%", (cost / offCost - 1) * 100), 9)
                      + String(format: "%.0f %%", mean(on) { $0.clientCPU ?? 0 } * 100))
            if kind == .websocket {
                printLine(String(format: "  each websocket client received %.1f result messages/s (%d views shown, at most 10/s each)",
                                 mean(on) { $0.framesPerClient ?? 0 }, on.compactMap(\.viewsShown).max() ?? 0))
            }
        }
        printLine("change: against the mean of all windows without clients; vs adjacent: against the windows just before and after.")
        printLine("trains/s change: goal no worse than −5 % with 3 clients (websocket: the monitor's browser-facing work; chromium adds")
        printLine("the browsers' rendering on the same cores). ms/train change: run's own CPU per processed train (the dashboard's work in run).")
    }

    /// One measured window.
    struct Window {
        var label: String
        /// The kind of clients (nil: a window without).
        var kind: ClientsKind?
        var clients: Int
        var trains: Int
        var rate: Double
        /// Cores used by `run` (1 = one core busy).
        var runCPU: Double
        /// Cores used by the clients (browsers with their helper processes).
        var clientCPU: Double?
        /// Result messages per second each WebSocket client received (mean).
        var framesPerClient: Double?
        /// Views a WebSocket client shows.
        var viewsShown: Int?
        /// CPU seconds `run` spent per processed train.
        var cpuPerTrain: Double { rate > 0 ? runCPU / rate : .nan }
    }

    /// Processed trains/s over `seconds`, from the status lines that arrive inside the window,
    /// with the CPU used meanwhile by `run` and by the clients (in cores).
    func measure(_ run: ChildOutput, label: String, kind: ClientsKind?, clients: Int, pages: [ChildOutput]) async throws -> Window {
        let start = Date().timeIntervalSince1970
        let cpu0 = run.cpuSeconds(), browser0 = pages.map { $0.cpuSecondsOfTree() }.reduce(0, +)
        let frames0 = pages.map(Self.framesReceived)
        try await Task.sleep(for: .seconds(seconds))
        let end = Date().timeIntervalSince1970
        let cpu1 = run.cpuSeconds(), browser1 = pages.map { $0.cpuSecondsOfTree() }.reduce(0, +)
        let frames1 = pages.map(Self.framesReceived)
        let inside = run.samples.filter { $0.time >= start && $0.time <= end }
        guard let first = inside.first, let last = inside.last, last.time > first.time else {
            throw ValidationError("no status lines from run in the window:\n\(run.lines.suffix(5).joined(separator: "\n"))")
        }
        let trains = last.processed - first.processed
        return Window(label: label, kind: kind, clients: clients, trains: trains, rate: Double(trains) / (last.time - first.time),
                      runCPU: (cpu1 - cpu0) / (end - start), clientCPU: pages.isEmpty ? nil : (browser1 - browser0) / (end - start),
                      framesPerClient: kind == .websocket
                          ? zip(frames0, frames1).map { Double($1 - $0) }.reduce(0, +) / Double(pages.count) / (end - start) : nil,
                      viewsShown: pages.map(Self.viewsShown).max())
    }

    /// The result messages a `ws-client` reported so far (its last `frames N …` line).
    static func framesReceived(_ client: ChildOutput) -> Int {
        client.lines.last { $0.hasPrefix("frames ") }.flatMap { Int($0.dropFirst("frames ".count).prefix { $0.isNumber }) } ?? 0
    }

    /// The views a `ws-client` shows (its last `… views K` line).
    static func viewsShown(_ client: ChildOutput) -> Int {
        guard let line = client.lines.last(where: { $0.hasPrefix("frames ") }), let r = line.range(of: "views ") else { return 0 }
        return Int(line[r.upperBound...]) ?? 0
    }

    /// Polls the dashboard's `/api/views` until at least (or, with `atMost`, at most) `count`
    /// clients are connected; returns the count.
    func waitForClients(_ url: String, count: Int, timeout: Double, atMost: Bool = false) async throws -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        var seen = 0
        while Date() < deadline {
            if let (data, _) = try? await URLSession.shared.data(from: URL(string: url + "api/views")!),
               let all = try? JSONSerialization.jsonObject(with: data) as? [Any],
               let status = all.last as? [String: Any], let dashboard = status["dashboard"] as? [String: Any],
               let clients = dashboard["clients"] as? Int {
                seen = clients
                if atMost ? clients <= count : clients >= count { return clients }
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw ValidationError("only \(seen) of \(count) clients connected within \(Int(timeout)) s")
    }

    func chromiumPath() throws -> String {
        if let chromium { return chromium }
        if let path = ProcessInfo.processInfo.environment["TRAINSPOTTER_CHROMIUM"] { return path }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return "\(dir)/\(name)"
            }
        }
        throw ValidationError("chromium not found (Debian package 'chromium'), or give --chromium")
    }

    static func loadAverage() -> String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3).joined(separator: " ")
    }

    func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }
}
