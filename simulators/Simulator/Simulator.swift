import BridgeSockets
import Foundation
import Handoff
import KaraboBridge
import Logging
import Synchronization

/// A running simulated Karabo Bridge: generates trains on a dedicated thread, paces them,
/// injects faults and sends them through a ``BridgeServer``.
///
/// ```swift
/// let sim = try await Simulator.start(configuration)
/// defer { sim.stop() }
/// // connect a client to sim.endpoint …
/// let summary = await sim.finished()
/// ```
public final class Simulator: Sendable {
    /// The configuration it runs with.
    public let configuration: SimulatorConfiguration
    /// The content model (ground truth for any train ID).
    public let simulation: Simulation
    /// The endpoint bound (the real port when port 0 was asked for).
    public let endpoint: String

    let logger: Logger
    let events: @Sendable (SimulatorEvent) -> Void
    let stopped = StopFlag()
    /// Resolved with the totals when the run ends.
    let summaryReady = Completion<SimulatorSummary>()
    let delivery = DeliveryTracker()
    let state: Mutex<SharedState>

    struct SharedState {
        var server: BridgeServer?
        /// Counters of servers already closed by restarts.
        var closedMessages = 0
        var closedBytes = 0
        var trainsGenerated = 0
        var messagesQueued = 0
        var faults: [FaultRecord] = []
        var startedAt: Double?
        var summary: SimulatorSummary?
    }

    private init(configuration: SimulatorConfiguration, simulation: Simulation, server: BridgeServer,
                 logger: Logger, events: @escaping @Sendable (SimulatorEvent) -> Void) {
        self.configuration = configuration
        self.simulation = simulation
        self.endpoint = server.endpoint
        self.logger = logger
        self.events = events
        self.state = Mutex(SharedState(server: server))
    }

    /// Pre-generates the data, binds, and starts sending. Returns once the socket is bound.
    public static func start(_ configuration: SimulatorConfiguration,
                             logger: Logger = Logger(label: "trainspotter.simulate"),
                             events: @escaping @Sendable (SimulatorEvent) -> Void = { _ in }) async throws(SimulatorError) -> Simulator {
        let result: Result<Simulator, SimulatorError> = await DedicatedThread.start(name: "simulator") { ready in
            let simulation: Simulation
            do throws(SimulatorError) {
                simulation = try Simulation(configuration)
            } catch {
                ready(.failure(error))
                return
            }
            let bound = Simulator.bind(configuration.endpoint, configuration, logger: logger, attempts: 1)
            guard case let .success(server) = bound else {
                if case let .failure(error) = bound { ready(.failure(error)) }
                return
            }
            let simulator = Simulator(configuration: configuration, simulation: simulation, server: server,
                                      logger: logger, events: events)
            ready(.success(simulator))
            simulator.runLoop()
        }
        return try result.get()
    }

    /// Stops sending (a train waiting for a REQ client is abandoned) and closes the socket.
    public func stop() {
        stopped.set()
        state.withLock { $0.server }?.close()
    }

    /// Waits until the run ends (`--ntrains` reached, or ``stop()``), then returns the totals.
    public func finished() async -> SimulatorSummary {
        await summaryReady.value()
    }

    /// Every fault injected so far, in order.
    public var faults: [FaultRecord] { state.withLock { $0.faults } }

    /// Current counters (rate fields are 0; see the periodic ``SimulatorEvent/status(_:)``).
    public var status: SimulatorStatus {
        let (server, s) = state.withLock { ($0.server, $0) }
        let live = server?.statistics.snapshot
        return SimulatorStatus(trainsGenerated: s.trainsGenerated,
                               messagesSent: s.closedMessages + (live?.messagesSent ?? 0),
                               bytesSent: s.closedBytes + (live?.bytesSent ?? 0), rate: 0, megabytesPerSecond: 0,
                               elapsed: s.startedAt.map { MonotonicClock.now() - $0 } ?? 0)
    }
}
