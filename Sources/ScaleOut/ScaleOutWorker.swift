import BridgeSockets
import ByteSlices
import Foundation
import KaraboBridge
import MPI
import Synchronization
import Views

/// A worker rank (≥ 1): takes trains from the input itself, runs the per-train stage and sends
/// each ``StageOutput`` to rank 0.
///
/// The views come from rank 0 (the file's text, so every rank runs the same definitions), and so
/// do reloads and control commands, applied between trains in the order rank 0 applied them:
/// the view versions therefore match rank 0's, and each result carries the versions it was
/// computed with. Input per pattern: PULL from a PUSH bridge (the bridge load-balances), REQ to a
/// REP bridge (each worker asks), SUB to a PUB bridge keeping only trains whose ID ≡ (rank − 1)
/// mod (workers), so each train is processed once.
public final class ScaleOutWorker: Sendable {
    let world: MPIWorld
    let library: OperatorLibrary
    let input: BridgeClientConfiguration
    let statusInterval: Duration
    let log: @Sendable (String) -> Void
    private let state = Mutex(State())

    private struct State {
        var client: BridgeClient?
        var stopped = false
        var status: WorkerStatus
        init() { status = WorkerStatus(rank: 0, received: 0, trains: 0, busySeconds: 0, uptimeSeconds: 0, queued: 0, dropped: 0, lastTrain: nil, versions: [:]) }
    }

    public init(world: MPIWorld, library: OperatorLibrary, input: BridgeClientConfiguration,
                statusInterval: Duration = .milliseconds(500), log: @escaping @Sendable (String) -> Void) {
        self.world = world
        self.library = library
        self.input = input
        self.statusInterval = statusInterval
        self.log = log
    }

    /// Runs until rank 0 says stop or the input ends; then reports done and finalises MPI.
    public func run() async throws(ScaleOutError) {
        let started = ContinuousClock.now
        state.withLock { $0.status.rank = world.rank }
        guard let runner = await receiveViewsAndFollow() else {
            _ = await world.finalize(timeout: .seconds(2))
            return
        }
        let client: BridgeClient
        do { client = try BridgeClient(input) } catch { throw .input("\(input.endpoint): \(error)") }
        let stopNow = state.withLock { s -> Bool in s.client = client; return s.stopped }
        if stopNow { client.close() }
        let heartbeat = Task { [self] in
            while !Task.isCancelled {
                let status = state.withLock { s -> WorkerStatus in
                    s.status.uptimeSeconds = Self.seconds(ContinuousClock.now - started)
                    s.status.dropped = client.statistics.snapshot.dropped
                    s.status.queued = client.queuedCount
                    return s.status
                }
                world.send(status.encoded(), to: 0, tag: ScaleOutTag.status.rawValue)
                try? await Task.sleep(for: statusInterval)
            }
        }
        let workers = UInt64(max(1, world.size - 1)), share = UInt64(world.rank - 1)
        var idle = false
        func announceIdle() {
            if !idle, client.queuedCount == 0 {
                idle = true
                world.send([], to: 0, tag: ScaleOutTag.idle.rawValue)
            }
        }
        announceIdle()
        while let event = await client.next() {
            // Told to stop: the trains still queued are left (rank 0 no longer publishes them).
            if state.withLock({ $0.stopped }) { break }
            defer { announceIdle() }
            guard case let .train(train, _) = event else {
                if case let .socketError(text) = event { log("rank \(world.rank): input failed: \(text)"); break }
                continue
            }
            state.withLock { $0.status.received += 1 }
            if input.pattern == .sub, let id = train.trainID, id % workers != share { continue }
            // Rank 0 holds later trains back until this one's result is in.
            var id = (train.trainID ?? 0).littleEndian
            world.send(withUnsafeBytes(of: &id) { Array($0) }, to: 0, tag: ScaleOutTag.took.rawValue)
            idle = false
            let t0 = ContinuousClock.now
            let graph = await runner.active
            let output = graph.runTrainStage(train)
            let message = StageOutputCodec.encode(output, rank: world.rank)
            let busy = Self.seconds(ContinuousClock.now - t0)
            world.send(message, to: 0, tag: ScaleOutTag.result.rawValue)
            state.withLock { s in
                s.status.trains += 1
                s.status.busySeconds += busy
                s.status.lastTrain = output.trainID
                if s.status.versions.count != graph.views.count || output.records.contains(where: { s.status.versions[$0.name] != $0.version }) {
                    s.status.versions = Dictionary(graph.views.map { ($0.name, $0.version) }) { a, _ in a }
                }
            }
        }
        client.close()
        heartbeat.cancel()
        let last = state.withLock { s -> WorkerStatus in
            s.status.uptimeSeconds = Self.seconds(ContinuousClock.now - started)
            return s.status
        }
        world.send(last.encoded(), to: 0, tag: ScaleOutTag.done.rawValue)
        if !(await world.finalize(timeout: .seconds(3))) {
            log("rank \(world.rank): MPI sends did not complete; not finalised")
        }
    }

    /// Waits for the views from rank 0, then applies every later control message in a task of its own.
    private func receiveViewsAndFollow() async -> ViewRunner? {
        await withCheckedContinuation { (cont: CheckedContinuation<ViewRunner?, Never>) in
            Task { [self] in
                var runner: ViewRunner?
                for await event in world.events {
                    guard case let .message(m) = event else {
                        if case let .error(e) = event { log("rank \(world.rank): \(e)") }
                        continue
                    }
                    switch ScaleOutTag(rawValue: m.tag) {
                    case .control:
                        let bytes = m.bytes.bytes
                        guard let kind = bytes.first else { continue }
                        let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
                        if let runner {
                            await apply(kind: kind, text: text, to: runner)
                        } else if kind == UInt8(ascii: "r") {
                            do {
                                let made = try ViewRunner(definitions: try ViewsFile.parse(text, file: "<views from rank 0>"), library: library)
                                runner = made
                                cont.resume(returning: made)
                            } catch {
                                log("rank \(world.rank): the views from rank 0 do not run here: \(error)")
                                stop()
                                cont.resume(returning: nil)
                                return
                            }
                        }
                    case .stop:
                        stop()
                        if runner == nil { cont.resume(returning: nil); return }
                    default:
                        log("rank \(world.rank): unexpected message tag \(m.tag) from rank \(m.source)")
                    }
                }
                if runner == nil { cont.resume(returning: nil) }
            }
        }
    }

    private func apply(kind: UInt8, text: String, to runner: ViewRunner) async {
        if kind == UInt8(ascii: "r") {
            do {
                _ = try await runner.load(try ViewsFile.parse(text, file: "<views from rank 0>"))
            } catch {
                log("rank \(world.rank): reload from rank 0 refused here: \(error)")
            }
        } else if kind == UInt8(ascii: "c") {
            do throws(ControlError) {
                let reply = await runner.handle(try ControlCommand(text: Data(text.utf8)))
                if reply["ok"] != .bool(true) { log("rank \(world.rank): command \(text) refused here: \(reply.text)") }
            } catch {
                log("rank \(world.rank): command \(text): \(error)")
            }
        }
    }

    /// Stops taking input (e.g. on SIGTERM); the train in hand is finished and sent.
    public func stopInput() { stop() }

    func stop() {
        let client = state.withLock { s -> BridgeClient? in s.stopped = true; return s.client }
        client?.close()
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
