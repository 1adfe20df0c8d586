import BridgeSockets
import Foundation
import Handoff
import Hummingbird
import HummingbirdWebSocket
import KaraboBridge
import Logging
import Synchronization

/// The live web dashboard: serves the page (everything it needs is in the binary) and a
/// WebSocket that streams every view's newest result to each browser, paced per client.
///
/// Feed it result trains (sources `view/NAME`, as `trainspotter run` publishes them) with
/// ``ingest(_:receivedAt:)`` (never waits), ``consume(_:)`` or ``follow(_:)``. With a
/// ``DashboardControl`` the page also shows the index and counters of the running graph and
/// changes its parameters.
public final class DashboardServer: Sendable {
    /// The configuration it was started with (with the port actually bound).
    public let configuration: DashboardConfiguration
    let hub: ResultHub
    let cache: FrameCache
    let control: (any DashboardControl)?
    private let tasks = Mutex<[Task<Void, Never>]>([])
    private let serverTask: Task<Void, Never>

    /// The page's address, e.g. `http://127.0.0.1:8080/`.
    public var url: String {
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return "http://\(host):\(configuration.port)/"
    }

    private init(configuration: DashboardConfiguration, hub: ResultHub, cache: FrameCache, control: (any DashboardControl)?,
                 serverTask: Task<Void, Never>) {
        self.configuration = configuration
        self.hub = hub
        self.cache = cache
        self.control = control
        self.serverTask = serverTask
    }

    /// Binds and starts serving. Binding a non-loopback address logs a warning: the page can
    /// change the running views and has no authentication.
    public static func start(_ configuration: DashboardConfiguration,
                             control: (any DashboardControl)? = nil) async throws(DashboardError) -> DashboardServer {
        var configuration = configuration
        if !configuration.isLoopback {
            configuration.logger.warning("dashboard on \(configuration.host), reachable from other machines: it can change the running views and has no authentication")
        }
        let hub = ResultHub(historyLength: configuration.historyLength)
        let cache = FrameCache()
        let started = Completion<Result<Int, DashboardError>>()
        let app = Self.application(configuration, hub: hub, cache: cache, control: control) { port in started.resolve(.success(port)) }
        let serverTask = Task {
            do { try await app.run() } catch { started.resolve(.failure(.server("\(error)"))) }
            started.resolve(.failure(.server("stopped before it started")))
        }
        let port: Int
        do { port = try await started.value().get() } catch {
            serverTask.cancel()
            throw error
        }
        configuration.port = port
        let server = DashboardServer(configuration: configuration, hub: hub, cache: cache, control: control, serverTask: serverTask)
        server.startTicker()
        return server
    }

    /// Takes in one result message without waiting for any client; other sources than `view/NAME`
    /// and the index are ignored.
    public func ingest(_ train: Train, receivedAt: Double = Date().timeIntervalSince1970) {
        hub.ingest(train, receivedAt: receivedAt)
    }

    /// Ingests every train of `results` until it ends or the server stops.
    @discardableResult
    public func consume<S: AsyncSequence & Sendable>(_ results: S) -> Task<Void, Never> where S.Element == Train {
        let hub = self.hub
        let task = Task {
            do {
                for try await train in results { hub.ingest(train, receivedAt: Date().timeIntervalSince1970) }
            } catch {
                configuration.logger.warning("result stream ended: \(error)")
            }
        }
        tasks.withLock { $0.append(task) }
        return task
    }

    /// Ingests the trains a bridge client receives (e.g. subscribed to `run`'s published results),
    /// using each message's arrival time.
    @discardableResult
    public func follow(_ client: BridgeClient) -> Task<Void, Never> {
        let hub = self.hub
        let task = Task {
            while let event = await client.next() {
                if case let .train(train, raw) = event { hub.ingest(train, receivedAt: raw.receivedAt) }
                if Task.isCancelled { break }
            }
        }
        tasks.withLock { $0.append(task) }
        return task
    }

    /// Stops serving: closes every client and the listening socket.
    public func stop() async {
        for t in tasks.withLock({ t in defer { t = [] }; return t }) { t.cancel() }
        hub.finishAll()
        serverTask.cancel()
        await serverTask.value
    }

    /// Number of connected browsers.
    public var clientCount: Int { hub.sessionCount }

    // MARK: Status tick

    private func startTicker() {
        let hub = self.hub, control = self.control
        let interval = Duration.seconds(max(0.05, configuration.statusInterval))
        let task = Task(executorPreference: DashboardExecutor.shared) {
            var ticks = 0
            while !Task.isCancelled {
                if hub.sessionCount > 0 || ticks == 0 {
                    var counters: MonitorCounters?
                    if let control {
                        counters = await control.status()
                        if ticks % 2 == 0, let index = await control.index() { hub.setIndex(index) }
                    }
                    hub.tick(counters: counters)
                    ticks += 1
                }
                try? await Task.sleep(for: interval)
            }
        }
        tasks.withLock { $0.append(task) }
    }
}
