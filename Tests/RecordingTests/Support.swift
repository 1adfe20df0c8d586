import BridgeSockets
import ByteSlices
import Foundation
import KaraboBridge
import Recording
import TestSupport

/// Small trains with every kind of value the bridge carries.
enum Samples {
    /// A detector-like INSTRUMENT source and a CONTROL-like source, values depending on `id`.
    static func train(_ id: UInt64, pulses: Int = 2, timestamp: Double? = nil) -> Train {
        let stamp = timestamp ?? 1_700_000_000 + Double(id % 1000) / 10
        let det = "SPB_DET_AGIPD1M-1/DET/0CH0:xtdf"
        var source = SourceData(name: det, metadata: Metadata(source: det, trainID: id, timestamp: stamp))
        source.data["image.data"] = .array(array(.uint16, [pulses, 4, 8], seed: id))
        source.data["image.pulseId"] = .array(array(.uint64, [pulses], seed: id &+ 1))
        source.data["image.mask"] = .array(array(.float32, [pulses, 4, 8], seed: id &+ 2))
        source.data["header.pulseCount"] = .uint(UInt64(pulses))
        let ctl = "SA1_XTD2_XGM/XGM/DOOCS"
        var control = SourceData(name: ctl, metadata: Metadata(source: ctl, trainID: id, timestamp: stamp))
        control.data["pulseEnergy.photonFlux"] = .double(Double(id % 97) * 0.5)
        control.data["beamPosition.ixPos"] = .int(-Int64(id % 13))
        control.data["state"] = .string(id % 2 == 0 ? "ON" : "OFF")
        control.data["gate"] = .bool(id % 3 == 0)
        control.data["intensityTD"] = .array(array(.float64, [5], seed: id &+ 3))
        control.data["window"] = .list([.int(1), .int(2), .int(Int64(id % 7))])
        return Train(sources: [source, control])
    }

    /// Deterministic pseudo-random bytes shaped as an array.
    static func array(_ dtype: DType, _ shape: [Int], seed: UInt64) -> NDArray {
        let count = shape.reduce(1, *) * dtype.itemSize
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        let bytes = (0..<count).map { _ -> UInt8 in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
        var data = bytes
        if dtype.kind == .float {
            // Keep floats finite: clear the exponent's top bit of every element.
            for i in stride(from: dtype.itemSize - 1, to: count, by: dtype.itemSize) { data[i] &= 0x3F }
        }
        return try! NDArray(dtype: dtype, shape: shape, data: ByteSlice(copying: data))
    }

    /// Frames of `train` in `version`.
    static func frames(_ train: Train, _ version: ProtocolVersion = .v2_2) -> [ByteSlice] {
        BridgeEncoder(protocolVersion: version).encode(train)
    }
}

/// SHA-256 of each frame.
func hashes(_ frames: [ByteSlice]) -> [String] { frames.map(sha256Hex) }

/// Receives `count` messages with our client.
func receive(_ count: Int, from endpoint: String, pattern: ClientPattern, timeout: Double = 30) async throws -> [(Train?, RawMessage)] {
    let client = try BridgeClient(BridgeClientConfiguration(endpoint: endpoint, pattern: pattern, timeout: timeout,
                                                            queueDepth: 8, noDrop: true))
    defer { client.close() }
    return try await receive(count, with: client)
}

/// Receives `count` messages with a client that is already connected.
func receive(_ count: Int, with client: BridgeClient) async throws -> [(Train?, RawMessage)] {
    let endpoint = client.configuration.endpoint
    var out: [(Train?, RawMessage)] = []
    while out.count < count, let event = await client.next() {
        switch event {
        case let .train(train, raw): out.append((train, raw))
        case let .decodeError(_, raw): out.append((nil, raw))
        case let .timeout(seconds, _): throw BridgeClientError.timedOut(endpoint: endpoint, seconds: seconds)
        case let .socketError(text): throw BridgeClientError.socket(text)
        }
    }
    return out
}

/// JSON lines printed by a finished peer.
func jsonLines(_ text: String) throws -> [JSONValue] {
    try text.split(separator: "\n").filter { $0.hasPrefix("{") }.map { try JSONValue.parse(String($0)) }
}

/// Every record of a recording, read back with our reader.
func readAll(_ path: String) throws -> [RecordedMessage] {
    let reader = try RecordingReader(path: path)
    return try (0..<reader.count).map { try reader.message(at: $0) }
}

/// A fresh directory path (not created) for a recording.
func newRecordingPath(_ name: String = "rec") throws -> String {
    try TestEnvironment.temporaryDirectory("recording").appendingPathComponent(name).path
}

extension Train {
    /// This train relabelled as train `id`: every source's metadata and the train ID.
    func relabelled(_ id: UInt64) -> Train {
        var train = self
        for name in train.sources.keys {
            train.sources[name]!.metadata = Metadata(source: name, trainID: id, timestamp: 1_700_000_000 + Double(id) / 10)
        }
        train.trainID = id
        return train
    }
}
