import BridgeSockets
import ByteSlices
import Foundation
import KaraboBridge
import TestSupport
import Testing

@Suite(.timeLimit(.minutes(2))) struct MonitorCommandTests {
    func train(_ tid: UInt64) throws -> Train {
        let data = try NDArray(dtype: .uint8, shape: [1000], data: ByteSlice(HeapBytes(zeroedCount: 1000)))
        return Train(sources: [SourceData(name: "DEV/A", metadata: Metadata(source: "DEV/A", trainID: tid, timestamp: nil),
                                          data: ["x": .array(data)])])
    }

    @Test func printsALinePerTrainWithGapsAndMalformedMessages() async throws {
        let server = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .push))
        defer { server.close() }
        let monitor = try ChildProcess.trainspotter(["monitor", server.endpoint, "-z", "PUSH", "--ntrains", "4", "-v"])
        await server.send(try train(100))
        await server.send(try train(101))
        await server.send(frames: [ByteSlice(copying: [0x93, 0x01])])   // 1 frame, truncated msgpack
        await server.send(try train(104))
        await server.send(try train(105))
        let result = try await monitor.succeed()
        let lines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("train ") }
        #expect(lines.count == 4)
        #expect(lines.first?.hasPrefix("train 100  1 source  1.1 kB") == true)
        #expect(lines[2].contains("train 104") && lines[2].contains("gap: 2 missing"))
        #expect(result.stdout.contains("  DEV/A: x"))
        #expect(result.stdout.contains("received 4 trains, 2 missing, 1 malformed"))
        #expect(result.stderr.contains("malformed message (1 frames, 2 bytes): frame 0: invalid msgpack"))
    }
}
