import ArgumentParser
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
/// windows with N headless Chromium pages showing every view.
struct BenchDashboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Processing rate of `run` (demo views, simulator at --rate 0) with and without headless Chromium clients on its dashboard.")

    @Option(help: "Seconds per measured window.")
    var seconds: Double = 15

    @Option(help: "Headless Chromium pages in the windows with clients.")
    var clients = 3

    @Option(help: "Windows with clients (each between two without).")
    var rounds = 2

    @Option(help: "Niceness of the browsers (19: browser cost stays off the monitor's cores' priority; 0: as a user's browser on the same machine).")
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
        let browser = try chromiumPath()
        let me = ProcessInfo.processInfo.arguments[0]
        let simPort = try BenchReceive().freePortViaZMQ(), publishPort = try BenchReceive().freePortViaZMQ()
        printLine("Dashboard cost: trainspotter simulate -d AGIPD --data-like online --pulses \(pulses) --sources detector,camera,xgm,motor")
        printLine("-z PUSH --rate 0 → trainspotter run --no-drop --views \(views) --dashboard 127.0.0.1:0 (processing is the bottleneck);")
        printLine("processed trains/s from run's status lines over \(Int(seconds)) s windows, without clients and with \(clients) headless")
        printLine("Chromium pages (nice \(nice)) showing every view, alternating. Release build.")
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
        for round in 0...rounds {
            windows.append(try await measure(run, label: "without clients", clients: 0, pages: []))
            guard round < rounds else { break }
            var pages: [ChildOutput] = []
            defer { for p in pages { p.kill() } }
            for _ in 0..<clients { pages.append(try ChildOutput.browser(browser, url: url, nice: nice)) }
            let connected = try await waitForClients(url, count: clients, timeout: 120)
            try await Task.sleep(for: .seconds(settle))
            windows.append(try await measure(run, label: "with \(clients) clients", clients: connected, pages: pages))
            for p in pages { await p.stop() }
            // The dashboard notices closed sockets on its next send: wait until they are gone.
            _ = try? await waitForClients(url, count: 0, timeout: 10, atMost: true)
        }
        await run.stop()
        await sim.stop()
        printLine("Load average after: \(Self.loadAverage())")
        printLine("")
        printLine(pad("window", 24) + pad("clients", 9) + pad("trains", 8) + pad("trains/s", 10) + pad("run CPU", 9)
                  + pad("run CPU ms/train", 18) + "browsers CPU")
        for w in windows {
            printLine(pad(w.label, 24) + pad("\(w.clients)", 9) + pad("\(w.trains)", 8) + pad(String(format: "%.2f", w.rate), 10)
                      + pad(String(format: "%.0f %%", w.runCPU * 100), 9) + pad(String(format: "%.1f", w.cpuPerTrain * 1000), 18)
                      + (w.browserCPU.map { String(format: "%.0f %%", $0 * 100) } ?? "–"))
        }
        let off = windows.filter { $0.clients == 0 }, on = windows.filter { $0.clients > 0 }
        let offRate = off.map(\.rate).reduce(0, +) / Double(off.count), onRate = on.map(\.rate).reduce(0, +) / Double(on.count)
        printLine(String(format: "mean without: %.2f trains/s, with %d clients: %.2f trains/s, change %+.1f %% (goal: no worse than −5 %%)",
                         offRate, clients, onRate, (onRate / offRate - 1) * 100))
        let offCost = off.map(\.cpuPerTrain).reduce(0, +) / Double(off.count), onCost = on.map(\.cpuPerTrain).reduce(0, +) / Double(on.count)
        printLine(String(format: "run's CPU per processed train: %.1f ms without, %.1f ms with %d clients (%+.1f %%: the dashboard's own work in run)",
                         offCost * 1000, onCost * 1000, clients, (onCost / offCost - 1) * 100))
    }

    /// One measured window.
    struct Window {
        var label: String
        var clients: Int
        var trains: Int
        var rate: Double
        /// Cores used by `run` (1 = one core busy).
        var runCPU: Double
        /// Cores used by the browsers and their helper processes.
        var browserCPU: Double?
        /// CPU seconds `run` spent per processed train.
        var cpuPerTrain: Double { rate > 0 ? runCPU / rate : .nan }
    }

    /// Processed trains/s over `seconds`, from the status lines that arrive inside the window,
    /// with the CPU used meanwhile by `run` and by the browsers (in cores).
    func measure(_ run: ChildOutput, label: String, clients: Int, pages: [ChildOutput]) async throws -> Window {
        let start = Date().timeIntervalSince1970
        let cpu0 = run.cpuSeconds(), browser0 = pages.map { $0.cpuSecondsOfTree() }.reduce(0, +)
        try await Task.sleep(for: .seconds(seconds))
        let end = Date().timeIntervalSince1970
        let cpu1 = run.cpuSeconds(), browser1 = pages.map { $0.cpuSecondsOfTree() }.reduce(0, +)
        let inside = run.samples.filter { $0.time >= start && $0.time <= end }
        guard let first = inside.first, let last = inside.last, last.time > first.time else {
            throw ValidationError("no status lines from run in the window:\n\(run.lines.suffix(5).joined(separator: "\n"))")
        }
        let trains = last.processed - first.processed
        return Window(label: label, clients: clients, trains: trains, rate: Double(trains) / (last.time - first.time),
                      runCPU: (cpu1 - cpu0) / (end - start), browserCPU: pages.isEmpty ? nil : (browser1 - browser0) / (end - start))
    }

    /// Polls the dashboard's `/api/views` until at least (or, with `atMost`, at most) `count`
    /// browsers are connected; returns the count.
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
        throw ValidationError("only \(seen) of \(count) browsers connected within \(Int(timeout)) s")
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
