import BridgeSockets
import ByteSlices
import Foundation
import KaraboBridge

extension Simulator {
    /// A train's frames, kept for sending later (`--reorder`).
    struct Held {
        let trainID: UInt64
        let frames: [ByteSlice]
    }

    /// The producer loop, on the simulator's own thread.
    func runLoop() {
        let c = configuration
        let injector = FaultInjector(faults: c.faults, seed: c.seed)
        let encoder = BridgeEncoder(protocolVersion: c.protocolVersion)
        let kinds = Dictionary(simulation.sourceKinds.map { ($0.name, $0.kind) }, uniquingKeysWith: { a, _ in a })
        var lateQueues: [String: [SourceData]] = [:]
        var held: Held?
        var corruptions = 0
        let start = MonotonicClock.now()
        var origin = start
        state.withLock { $0.startedAt = start }
        startStatusThread()

        var n: UInt64 = 0
        while !isStopped {
            if let total = c.ntrains, n >= UInt64(total) { break }
            let trainID = SimulatorConfiguration.firstTrainID + n
            if c.rate > 0 {
                var deadline = origin + Double(n) / c.rate
                if MonotonicClock.now() > deadline + 1 {
                    // Far behind (a slow client): start a new schedule rather than burst.
                    origin = MonotonicClock.now() - Double(n) / c.rate
                    deadline = origin + Double(n) / c.rate
                }
                MonotonicClock.sleep(until: deadline) { isStopped }
                if isStopped { break }
            }
            n += 1
            state.withLock { $0.trainsGenerated += 1 }

            // Build the train, with the faults that change its content.
            let empty = injector.empties(trainID)
            if empty { record(FaultRecord(kind: .emptyTrain, trainID: trainID, detail: "0 pulses")) }
            let mismatch = c.faults.cellIDMismatch && c.sources.contains(where: { $0 == .detector || $0 == .jungfrau })
            let plan = simulation.plan(trainID: trainID, timestamp: Date().timeIntervalSince1970, empty: empty,
                                       cellIDMismatch: mismatch)
            if mismatch && plan.pulses > 0 {
                record(FaultRecord(kind: .cellIDMismatch, trainID: trainID,
                                   detail: "cell IDs list \(plan.pulses - 1) cells for \(plan.pulses) pulses"))
            }
            var train = simulation.train(plan)
            for name in Array(train.sources.keys) {
                guard let kind = kinds[name], let delay = injector.delay(of: name, kind: kind) else { continue }
                lateQueues[name, default: []].append(train.sources[name]!)
                if lateQueues[name]!.count > delay {
                    let late = lateQueues[name]!.removeFirst()
                    train.sources[name] = late
                    record(FaultRecord(kind: .lateSource, trainID: trainID,
                                       detail: "\(name) carries its data of train \(late.trainID ?? 0)"))
                } else {
                    train.sources.removeValue(forKey: name)
                    record(FaultRecord(kind: .lateSource, trainID: trainID, detail: "\(name) not sent (its data is \(delay) trains late)"))
                }
            }
            for name in Array(train.sources.keys) {
                guard let kind = kinds[name], injector.omits(name, kind: kind, trainID: trainID) else { continue }
                train.sources.removeValue(forKey: name)
                record(FaultRecord(kind: .missingSource, trainID: trainID, detail: name))
            }
            if injector.drops(trainID) {
                record(FaultRecord(kind: .drop, trainID: trainID))
            } else if train.sources.isEmpty {
                record(FaultRecord(kind: .missingSource, trainID: trainID, detail: "no source left; nothing sent"))
            } else {
                var frames = encoder.encode(train)
                if injector.corrupts(trainID) {
                    let kind = CorruptionKind.allCases[corruptions % CorruptionKind.allCases.count]
                    corruptions += 1
                    frames = Corruption.apply(kind, to: frames, train: train)
                    record(FaultRecord(kind: .corrupt, trainID: trainID, detail: kind.rawValue))
                }
                if held == nil && injector.reorders(trainID) {
                    held = Held(trainID: trainID, frames: frames)
                } else {
                    send(frames, trainID: trainID)
                    if injector.duplicates(trainID) {
                        record(FaultRecord(kind: .duplicate, trainID: trainID))
                        send(frames, trainID: trainID)
                    }
                    if let h = held {
                        record(FaultRecord(kind: .reorder, trainID: h.trainID, detail: "sent after train \(trainID)"))
                        send(h.frames, trainID: h.trainID)
                        held = nil
                    }
                }
            }
            if let every = c.faults.restartEvery, n % UInt64(every) == 0, !isStopped,
               c.ntrains.map({ n < UInt64($0) }) ?? true {
                restart(afterTrain: trainID)
            }
        }
        if let h = held, !isStopped {
            record(FaultRecord(kind: .reorder, trainID: h.trainID, detail: "sent last (no later train)"))
            send(h.frames, trainID: h.trainID)
        }
        if !isStopped {
            waitUntilSent()
            MonotonicClock.sleep(until: MonotonicClock.now() + c.exitGrace) { isStopped }
        }
        finish(start: start)
    }

    var isStopped: Bool { stopped.isSet }

    /// Hands a message to the server, suspending (this thread only) while its queue is full.
    func send(_ frames: [ByteSlice], trainID: UInt64) {
        guard let server = state.withLock({ $0.server }) else { return }
        let tracked = delivery.track(frames)
        let accepted = server.sendBlocking(frames: tracked)
        guard accepted else { return }
        state.withLock { $0.messagesQueued += 1 }
        if configuration.debug { events(.trainSent(trainID)) }
    }

    /// Logs and reports a fault.
    func record(_ fault: FaultRecord) {
        state.withLock { $0.faults.append(fault) }
        if configuration.logsFaults { logger.notice("\(fault.description)") }
        events(.fault(fault))
    }

    /// Waits until every message handed to the socket has left the process: libzmq has written
    /// (or, PUB without subscribers, dropped) all its frames. Returns early if the run is stopped.
    func waitUntilSent(timeout: Double = .infinity) {
        let deadline = MonotonicClock.now() + timeout
        while !isStopped && MonotonicClock.now() < deadline && delivery.pending > 0 {
            Thread.sleep(forTimeInterval: 0.005)
        }
    }

    /// Closes the socket and resolves ``finished()``.
    func finish(start: Double) {
        let (server, summary) = state.withLock { s -> (BridgeServer?, SimulatorSummary) in
            let live = s.server?.statistics.snapshot
            var counts: [FaultKind: Int] = [:]
            for f in s.faults { counts[f.kind, default: 0] += 1 }
            let summary = SimulatorSummary(
                trainsGenerated: s.trainsGenerated, messagesQueued: s.messagesQueued,
                messagesSent: s.closedMessages + (live?.messagesSent ?? 0), bytesSent: s.closedBytes + (live?.bytesSent ?? 0),
                seconds: MonotonicClock.now() - start, faults: counts)
            s.summary = summary
            return (s.server, summary)
        }
        server?.close()
        summaryReady.resolve(summary)
    }
}
