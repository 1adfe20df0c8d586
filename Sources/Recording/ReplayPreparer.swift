import ByteSlices
import Foundation
import Handoff
import KaraboBridge
import Logging

/// The replay thread: reads the source, selects, rewrites and encodes messages, and queues
/// them for the sender. Everything that blocks (file reads, HDF5) happens here.
struct ReplayPreparer {
    static let logger = Logger(label: "trainspotter.replay")
    let source: any ReplaySource
    let options: ReplayOptions
    let selected: [ReplayEntry]

    init(source: any ReplaySource, options: ReplayOptions) {
        self.source = source
        self.options = options
        let inRange = source.entries.filter { options.selects($0.trainID) }
        let step = max(1, options.stride)
        selected = Swift.stride(from: 0, to: inRange.count, by: step).map { inRange[$0] }
    }

    /// Seconds from the first selected message to the same message of the next pass.
    var loopDuration: Double {
        guard let first = selected.first?.time, let last = selected.last?.time, selected.count > 1 else { return 0.1 }
        let span = max(0, last - first)
        return span + span / Double(selected.count - 1)
    }

    /// Train-ID shift per pass for `fakeTrainIDs`: the span of selected IDs plus one.
    var idShift: UInt64 {
        let ids = selected.compactMap(\.trainID)
        guard let lo = ids.min(), let hi = ids.max() else { return 1 }
        return hi - lo + 1
    }

    /// Produces messages into `queue` until the passes end or the queue is closed.
    func run(into queue: HandoffQueue<PreparedMessage>) {
        defer { queue.close() }
        guard let firstTime = selected.first?.time else { return }
        let duration = loopDuration
        let shift = idShift
        let reencode = source.kind == .hdf5 || options.needsReencoding
        var skipped = 0
        var pass = 0
        var order = SourceOrderer(options.sourceOrder)
        repeat {
            var produced = 0
            for (position, entry) in selected.enumerated() {
                let loaded: LoadedMessage
                do {
                    loaded = try source.load(entry)
                } catch {
                    skipped += 1
                    Self.logger.warning("replay skipped a message: \(error)")
                    continue
                }
                let shiftBy = options.loop && options.fakeTrainIDs ? UInt64(pass) &* shift : 0
                var messages: [[ByteSlice]]
                var trainID = entry.trainID.map { $0 &+ shiftBy }
                switch loaded {
                case let .frames(raw) where !reencode:
                    messages = [raw]
                case let .frames(raw):
                    guard let train = try? BridgeDecoder().decode(raw) else {
                        messages = [raw]  // not a train: nothing to rewrite, send as recorded
                        break
                    }
                    guard let rewritten = Self.rewrite(train, options: options, shift: shiftBy) else { continue }
                    trainID = rewritten.trainID
                    messages = order.encode(rewritten, protocolVersion: options.protocolVersion ?? train.protocolVersion)
                case let .train(train):
                    guard let rewritten = Self.rewrite(train, options: options, shift: shiftBy) else { continue }
                    trainID = rewritten.trainID
                    messages = order.encode(rewritten, protocolVersion: options.protocolVersion ?? .v2_2)
                }
                messages.removeAll { $0.isEmpty }
                guard !messages.isEmpty else { continue }
                for (part, frames) in messages.enumerated() {
                    var message = PreparedMessage(frames: frames, trainID: trainID,
                                                  paceOffset: entry.time - firstTime + Double(pass) * duration,
                                                  position: position + 1, count: selected.count, loop: pass,
                                                  skippedBefore: skipped)
                    message.continuesTrain = part > 0
                    message.endsTrain = part == messages.count - 1
                    guard queue.putBlocking(message) else { return }
                }
                produced += 1
            }
            pass += 1
            // A pass that sent nothing (everything filtered out or unreadable) would spin forever.
            if produced == 0 { return }
        } while options.loop && !queue.isClosed
    }

    /// Applies the source/key selection, train-ID shift and dummy timestamps; nil when no
    /// source is left (such trains are not sent, as serve-files skips empty trains).
    static func rewrite(_ train: Train, options: ReplayOptions, shift: UInt64) -> Train? {
        var train = train
        if options.sourceGlob.pattern != "*" {
            train.sources = train.sources.filter { options.sourceGlob.matches($0.key) }
        }
        guard !train.sources.isEmpty else { return nil }
        let now = Date().timeIntervalSince1970
        for name in train.sources.keys {
            var source = train.sources[name]!
            if options.keyGlob.pattern != "*" {
                source.data = source.data.filter { $0.key == "metadata" || options.keyGlob.matches($0.key) }
                // As EXtra-data's select: sources without matching keys drop out.
                if !source.data.keys.contains(where: { $0 != "metadata" }) {
                    train.sources[name] = nil
                    continue
                }
            }
            if shift != 0 {
                if let id = source.metadata.entries["timestamp.tid"]?.uint64 {
                    source.metadata.entries["timestamp.tid"] = .uint(id &+ shift)
                }
                if case var .map(nested)? = source.data["metadata"], let id = nested["timestamp.tid"]?.uint64 {
                    nested["timestamp.tid"] = .uint(id &+ shift)
                    source.data["metadata"] = .map(nested)
                }
            }
            if options.dummyTimestamps && source.metadata.entries["timestamp"] == nil {
                let stamp = Metadata(source: name, trainID: 0, timestamp: now)
                for key in ["timestamp", "timestamp.sec", "timestamp.frac"] { source.metadata.entries[key] = stamp.entries[key] }
            }
            train.sources[name] = source
        }
        guard !train.sources.isEmpty else { return nil }
        if shift != 0, let id = train.trainID { train.trainID = id &+ shift }
        return train
    }
}
