import ArgumentParser
import BridgeSockets
import CommandSupport
import Foundation
import KaraboBridge
import Recording

/// `trainspotter compare A B`: two streams, recordings or run directories, train by train.
struct Compare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two streams, recordings or run directories train by train; exit 1 when they differ.",
        discussion: """
            A and B are each an endpoint (tcp://HOST:PORT or a bare port) or a path (a raw recording, \
            our HDF5 files, an EuXFEL run directory). Trains are paired by train ID (the ID most of a \
            message's sources carry). Compared: sources, each source's train ID and metadata keys, \
            keys, value types, dtypes, shapes and values (numbers within --atol + --rtol × |B|, NaN \
            equal to NaN). The first differences are printed as TRAIN SOURCE KEY: HOW. Exit status: \
            0 no differences, 1 differences, 2 nothing compared.
            """)

    @Argument(help: "First stream, recording or run directory.")
    var a: String

    @Argument(help: "Second stream, recording or run directory.")
    var b: String

    @Option(name: [.customShort("z"), .customLong("server-socket")],
            help: "For endpoints: the server's socket type (REP, PUB or PUSH), once for both or once per endpoint.")
    var serverSockets: [String] = []

    @Option(help: "Relative tolerance: VALUE for every key, or GLOB=VALUE for matching keys (repeatable; the last match wins).")
    var rtol: [String] = []

    @Option(help: "Absolute tolerance: VALUE or GLOB=VALUE (repeatable).")
    var atol: [String] = []

    @Option(help: "Leave out sources and keys matching this glob (repeatable), e.g. 'timestamp*'.")
    var ignore: [String] = []

    @Option(help: "Only trains FIRST:LAST (train IDs, inclusive; either may be left out).")
    var trains: String?

    @Option(help: "Stop after comparing this many trains (default: all of a recording, 10 for endpoints).")
    var ntrains: Int?

    @Option(help: "Differences printed at most.")
    var maxDifferences = 20

    @Option(help: "Endpoints: seconds without a train before giving up.")
    var timeout: Double = 10

    func validate() throws {
        for text in rtol + atol {
            do { _ = try TrainComparison.Tolerance(parsing: text) } catch { throw ValidationError(error.description) }
        }
        for socket in serverSockets where ClientPattern(serverSocket: socket) == nil {
            throw ValidationError("-z must be REP, PUB or PUSH, not '\(socket)'")
        }
        guard serverSockets.count <= 2 else { throw ValidationError("-z: once for both or once per side") }
        _ = try Replay.parseRange(trains)
        if let ntrains, ntrains < 1 { throw ValidationError("--ntrains must be positive") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    func run() async throws {
        let (first, last) = try Replay.parseRange(trains)
        var comparison = TrainComparison()
        comparison.rtol = try rtol.map { text throws -> TrainComparison.Tolerance in try TrainComparison.Tolerance(parsing: text) }
        comparison.atol = try atol.map { text throws -> TrainComparison.Tolerance in try TrainComparison.Tolerance(parsing: text) }
        comparison.ignore = ignore
        let sideA = try await open(a, socketIndex: 0, first: first, last: last)
        let sideB = try await open(b, socketIndex: 1, first: first, last: last)
        defer { sideA.close(); sideB.close() }
        let limit = ntrains ?? (sideA.isStream || sideB.isStream ? 10 : Int.max)
        var compared = 0, differing = 0, printed = 0, onlyA = 0, onlyB = 0, total = 0
        func report(_ difference: TrainComparison.Difference) {
            total += 1
            if printed < maxDifferences { printLine(difference.line); printed += 1 }
        }
        var nextA = await sideA.next(), nextB = await sideB.next()
        let streams = sideA.isStream || sideB.isStream
        while compared < limit, let ta = nextA, let tb = nextB {
            let idA = ta.majorityTrainID ?? ta.trainID ?? 0, idB = tb.majorityTrainID ?? tb.trainID ?? 0
            if idA == idB {
                let differences = comparison.compare(ta, tb, trainID: idA)
                differences.forEach(report)
                if !differences.isEmpty { differing += 1 }
                compared += 1
                nextA = await sideA.next()
                nextB = await sideB.next()
            } else if idA < idB {
                // Streams started at different times: trains before the first common one are not differences.
                if !(streams && compared == 0) {
                    onlyA += 1
                    report(.init(trainID: idA, source: nil, key: nil, how: "train only in A"))
                }
                nextA = await sideA.next()
            } else {
                if !(streams && compared == 0) {
                    onlyB += 1
                    report(.init(trainID: idB, source: nil, key: nil, how: "train only in B"))
                }
                nextB = await sideB.next()
            }
        }
        if compared < limit && !streams {
            // One side ended: what is left of the other is only there.
            while let ta = nextA { onlyA += 1; report(.init(trainID: ta.majorityTrainID ?? ta.trainID ?? 0, source: nil, key: nil, how: "train only in A")); nextA = await sideA.next() }
            while let tb = nextB { onlyB += 1; report(.init(trainID: tb.majorityTrainID ?? tb.trainID ?? 0, source: nil, key: nil, how: "train only in B")); nextB = await sideB.next() }
        }
        if total > printed { printLine("… \(total - printed) more differences") }
        printLine("compared \(compared) trains: \(differing) differ, \(total) differences"
                  + (onlyA + onlyB > 0 ? " (trains only in A: \(onlyA), only in B: \(onlyB))" : ""))
        if compared == 0 && total == 0 { throw ExitCode(2) }
        if total > 0 { throw ExitCode(1) }
    }

    /// One side: a recording if the path exists, else an endpoint.
    func open(_ text: String, socketIndex: Int, first: UInt64?, last: UInt64?) async throws -> CompareSide {
        if FileManager.default.fileExists(atPath: text) {
            return .recording(try await RecordedTrains.open(path: text, firstTrain: first, lastTrain: last))
        }
        guard text.contains("://") || Int(text) != nil else {
            throw ValidationError("'\(text)' is neither an existing path nor an endpoint")
        }
        let socket = serverSockets.isEmpty ? "REP" : serverSockets[min(socketIndex, serverSockets.count - 1)]
        let client = try BridgeClient(BridgeClientConfiguration(endpoint: Endpoint.normalize(text),
                                                                pattern: ClientPattern(serverSocket: socket) ?? .req,
                                                                timeout: timeout, queueDepth: 4, noDrop: true))
        return .stream(client, first: first, last: last)
    }
}

/// One side of a comparison.
enum CompareSide {
    case recording(RecordedTrains)
    case stream(BridgeClient, first: UInt64?, last: UInt64?)

    var isStream: Bool { if case .stream = self { return true }; return false }

    /// The next train in range; nil at the end (a stream: a timeout, a socket error or past the range).
    func next() async -> Train? {
        switch self {
        case let .recording(trains):
            return await trains.next()
        case let .stream(client, first, last):
            while let event = await client.next() {
                switch event {
                case let .train(train, _):
                    let id = train.majorityTrainID ?? train.trainID ?? 0
                    if let first, id < first { continue }
                    if let last, id > last { return nil }
                    return train
                case .decodeError: continue
                case .timeout, .socketError: return nil
                }
            }
            return nil
        }
    }

    func close() {
        switch self {
        case let .recording(trains): trains.close()
        case let .stream(client, _, _): client.close()
        }
    }
}
