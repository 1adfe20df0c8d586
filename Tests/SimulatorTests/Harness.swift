import BridgeSockets
import ByteSlices
import Foundation
import KaraboBridge
import Simulator
import Testing

/// Starts an in-process simulator on a free port: as fast as possible, small pools, quiet.
func startSimulator(_ configure: (inout SimulatorConfiguration) -> Void) async throws -> Simulator {
    var c = SimulatorConfiguration()
    c.port = 0
    c.rate = 0
    c.pulses = 2
    c.poolMegabytes = 20
    c.statusInterval = 3600
    c.logsFaults = false
    configure(&c)
    return try await Simulator.start(c)
}

/// A client for a simulator, matching its socket pattern.
func client(for simulator: Simulator, timeout: Double = 30, queueDepth: Int = 4) throws -> BridgeClient {
    let pattern: ClientPattern = switch simulator.configuration.pattern {
    case .rep: .req
    case .pub: .sub
    case .push: .pull
    }
    return try BridgeClient(BridgeClientConfiguration(endpoint: simulator.endpoint, pattern: pattern, timeout: timeout,
                                                      queueDepth: queueDepth, noDrop: true))
}

/// Receives `count` trains (bounded: fails on timeout or close).
func receive(_ client: BridgeClient, _ count: Int) async throws -> [Train] {
    var trains: [Train] = []
    for _ in 0..<count { trains.append(try await client.nextTrain()) }
    return trains
}

/// Every event until the simulator's run has ended and `quiet` seconds passed with no message.
func drain(_ client: BridgeClient, until simulator: Simulator, quiet: Double = 3, limit: Int = 500) async -> [ClientEvent] {
    let collected = Collected()
    let reader = Task {
        while let event = await client.next() {
            if case .timeout = event { continue }
            collected.append(event)
        }
    }
    _ = await simulator.finished()
    var last = collected.count
    var idle = 0.0
    while idle < quiet && collected.count < limit {
        try? await Task.sleep(for: .milliseconds(100))
        if collected.count == last { idle += 0.1 } else { idle = 0; last = collected.count }
    }
    client.close()
    _ = await reader.value
    return collected.events
}

final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [ClientEvent] = []
    func append(_ e: ClientEvent) { lock.lock(); items.append(e); lock.unlock() }
    var events: [ClientEvent] { lock.lock(); defer { lock.unlock() }; return items }
    var count: Int { lock.lock(); defer { lock.unlock() }; return items.count }
}

/// The elements of a float32 or uint16 array as Floats, in C order.
func floats(_ array: NDArray) -> [Float] {
    let data = array.contiguousData
    return data.withUnsafeBytes { raw -> [Float] in
        switch array.dtype {
        case .float32: return Array(raw.bindMemory(to: Float.self))
        case .uint16: return raw.bindMemory(to: UInt16.self).map { Float($0) }
        default: return array.doubles()!.map { Float($0) }
        }
    }
}

/// Train IDs of the `.train` events, in arrival order.
func trainIDs(_ events: [ClientEvent]) -> [UInt64] {
    events.compactMap { $0.train?.trainID }
}

/// One pulse of a detector array as Floats, in array order with the pulse axis removed, and the
/// documented q of each of those pixels.
func pulseImage(_ array: NDArray, pulse: Int, layout: DataLayout) -> [Float] {
    let axis = layout == .file ? 0 : array.rank - 1
    return floats(array.selecting(axis: axis, index: pulse)!)
}

/// q per pixel of one pulse image of an array with `shape` (pulse axis removed), from the documented geometry.
func documentedQ(shape: [Int], layout: DataLayout, geometry: DocumentedGeometry) -> [Double] {
    var dims = shape
    dims.remove(at: layout == .file ? 0 : dims.count - 1)
    let modules = dims.count == 3 ? dims[0] : 1
    let a = dims[dims.count - 2], b = dims[dims.count - 1]
    var qs: [Double] = []
    qs.reserveCapacity(modules * a * b)
    for m in 0..<modules {
        for i in 0..<a {
            for j in 0..<b {
                let (row, column) = geometry.position(m, i, j)
                qs.append(geometry.q(row: row, column: column))
            }
        }
    }
    return qs
}
