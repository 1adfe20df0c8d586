import BridgeSockets
import Foundation
import KaraboBridge
import TestSupport
import Testing

/// `trainspotter glimpse` against a server fed with the captured mixed-types train.
@Suite(.timeLimit(.minutes(2))) struct GlimpseCommandTests {
    static let vector = Vectors.directory.appendingPathComponent("p22_REP_mixed_types/train_000.msgpack")

    func serve(_ version: ProtocolVersion = .v2_2) async throws -> BridgeServer {
        let server = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", protocolVersion: version))
        let train = try BridgeDecoder().decode(loadFrames(Self.vector))
        Task { await server.send(train) }
        return server
    }

    @Test func jsonMatchesTheReferenceClient() async throws {
        let server = try await serve()
        defer { server.close() }
        let result = try await ChildProcess.trainspotter(["glimpse", server.endpoint, "--json"]).succeed()
        let json = try JSONValue.parse(result.stdout)
        let expected = try Vectors.expected(for: Self.vector)
        #expect(json["train_id"]?.uint64 == 20000)
        #expect(json["protocol"]?.string == "2.2")
        let sources = try #require(json["sources"]?.object)
        #expect(Set(sources.keys) == Set(expected["sources"]?.array?.compactMap(\.string) ?? []))
        var arrays = 0
        for (name, source) in sources {
            let expData = try #require(expected["data"]?[name]?.object)
            let data = try #require(source["data"]?.object)
            #expect(Set(data.keys) == Set(expData.keys), "\(name)")
            #expect(source["metadata"]?["timestamp.tid"]?.uint64 == 20000)
            for (key, exp) in expData {
                let got = try #require(data[key])
                if exp["__ndarray__"] != nil {
                    arrays += 1
                    #expect(got["dtype"]?.string == exp["dtype"]?.string, "\(key)")
                    #expect(got["shape"] == exp["shape"], "\(key)")
                    #expect(got["sha256"]?.string == exp["sha256"]?.string, "\(key)")
                    if let values = exp["values"]?.array, !values.isEmpty, exp["dtype"]?.string != "bool" {
                        func flat(_ v: JSONValue) -> [Double] { v.array.map { $0.flatMap(flat) } ?? [v.double ?? .nan] }
                        let nums = flat(.array(values))
                        #expect(got["min"]?.double == nums.min(), "\(key)")
                        #expect(got["max"]?.double == nums.max(), "\(key)")
                        let mean = nums.reduce(0, +) / Double(nums.count)
                        #expect(abs((got["mean"]?.double ?? .nan) - mean) <= 1e-12 * max(1, abs(mean)), "\(key)")
                    }
                    if exp["dtype"]?.string == "complex64" { #expect(got["min"] == nil, "no statistics for complex") }
                } else if let hex = exp["__bytes_hex__"]?.string {
                    #expect(got["bytes_hex"]?.string == hex)
                } else {
                    #expect(got == exp, "\(key): \(got) vs \(exp)")
                }
            }
        }
        #expect(arrays == 10)
    }

    @Test func textDescribesKeysAndMetadata() async throws {
        let server = try await serve(.v1_0)
        defer { server.close() }
        let out = try await ChildProcess.trainspotter(["glimpse", server.endpoint]).succeed().stdout
        #expect(out.contains("Train ID: 20000"))
        #expect(out.contains("Protocol 1.0: 1 frames"))
        #expect(out.contains("- SPB_XTD9_CAM/CAM/SIDEMIC:daqOutput"))
        #expect(out.contains("data.image.pixels: ndarray uint16 (3, 4)"))
        #expect(out.contains("data.intensityTD: ndarray float32 (5,)"))
        #expect(out.contains("np.scalar.f32: float 0.25"), "2.2 carried it as a plain float, so 1.0 re-sends a float")
        #expect(out.contains("timestamp.tid: int 20000"))
    }

    @Test func timeoutIsAClearError() async throws {
        let port = TestEnvironment.freePort()
        let result = try await ChildProcess.trainspotter(["glimpse", "tcp://127.0.0.1:\(port)", "--timeout", "0.5"]).wait()
        #expect(result.status == 2)
        #expect(result.stderr.contains("no data received from tcp://127.0.0.1:\(port) in 0.5 s"))
    }
}
