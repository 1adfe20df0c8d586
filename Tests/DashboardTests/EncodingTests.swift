@testable import Dashboard
import Foundation
import NIOCore
import KaraboBridge
import TestSupport
import Testing

/// What the dashboard spends per result: each result is encoded once for all clients that show
/// the same view at the same size, views nobody shows are never encoded, and the header writer
/// produces the document Foundation's encoder would.
@Suite(.serialized, .timeLimit(.minutes(2))) struct EncodingTests {
    func hub(trains: ClosedRange<UInt64>) async -> ResultHub {
        let hub = ResultHub(historyLength: 100)
        let control = RecordingControl(views: ResultStream.views)
        for t in trains { hub.ingest(await ResultStream.makeTrain(ResultStream.firstTrain + t, control: control), receivedAt: Double(t)) }
        return hub
    }

    func bytes(_ buffer: ByteBuffer) -> [UInt8] { Array(buffer.readableBytesView) }

    @Test func clientsAskingTheSameViewAtTheSameSizeShareOneEncoding() async throws {
        let hub = await hub(trains: 0...0)
        let cache = FrameCache()
        let cam = try #require(hub.record("cam"))
        let small = Subscription(width: 64, height: 48), big = Subscription(width: 128, height: 96)
        // Two clients at once, then a third later: one encoding, identical messages.
        async let first = cache.message(for: cam, subscription: small, historySince: 0)
        async let second = cache.message(for: cam, subscription: small, historySince: 0)
        let (a, b) = await (first, second)
        let c = await cache.message(for: cam, subscription: small, historySince: 0)
        #expect(bytes(a) == bytes(b) && bytes(b) == bytes(c))
        #expect(cache.encodedPerView["cam"] == 1)
        // Another size is another encoding, of another size.
        let d = await cache.message(for: cam, subscription: big, historySince: 0)
        #expect(cache.encodedPerView["cam"] == 2)
        #expect(bytes(d) != bytes(a))
        // A newer result is encoded again, and replaces the older ones in the cache.
        hub.ingest(await ResultStream.makeTrain(ResultStream.firstTrain + 1, control: RecordingControl(views: ResultStream.views)), receivedAt: 1)
        let newer = try #require(hub.record("cam"))
        let e = await cache.message(for: newer, subscription: small, historySince: 0)
        #expect(cache.encodedPerView["cam"] == 3)
        #expect(bytes(e) != bytes(a))
        #expect(cache.count == 1)
        // The message is what the encoder makes of the result for that size.
        #expect(bytes(e) == bytes(ResultEncoder.encode(newer, subscription: small, historySince: 0)))
    }

    @Test func trendsAreEncodedPerClientWithWhatItHasNotSeen() async throws {
        let hub = await hub(trains: 0...4)
        let cache = FrameCache()
        let total = try #require(hub.record("total"))
        let sub = Subscription(width: 300, height: 200)
        let all = await cache.message(for: total, subscription: sub, historySince: 0)
        let newest = await cache.message(for: total, subscription: sub, historySince: 4)
        #expect(cache.encodedPerView["total"] == 2)
        let header = try #require(try Self.header(all)), header2 = try #require(try Self.header(newest))
        #expect((header["arrays"] as? [String: Any])?["history.value"].flatMap { ($0 as? [String: Any])?["count"] as? Int } == 5)
        #expect((header2["arrays"] as? [String: Any])?["history.value"].flatMap { ($0 as? [String: Any])?["count"] as? Int } == 1)
    }

    @Test func viewsNobodyShowsAreNotEncoded() async throws {
        let fixture = try await DashboardFixture.start()
        defer { Task { await fixture.stop() } }
        let subscribe = #"{"cam": {"width": 64, "height": 48}}"#
        async let one = DashboardFixture.report("dash_ws.py", [fixture.webSocketURL, "--seconds", "1.5", "--subscribe", subscribe])
        async let two = DashboardFixture.report("dash_ws.py", [fixture.webSocketURL, "--seconds", "1.5", "--subscribe", subscribe])
        let reports = try await [one, two]
        let received = reports.map { $0["results"]?["cam"]?.int ?? 0 }
        #expect(received.allSatisfy { $0 >= 2 }, "\(reports)")
        for report in reports { #expect(report["results"]?["total"] == nil && report["results"]?["roi"] == nil, "\(report)") }
        // Results of every view kept arriving; only the shown one was ever encoded, and no more
        // often than the two clients received it.
        let encoded = fixture.dashboard.cache.encodedPerView
        #expect(Set(encoded.keys) == ["cam"], "\(encoded)")
        #expect((encoded["cam"] ?? 0) <= received.reduce(0, +))
        #expect((fixture.dashboard.hub.record("total")?.results ?? 0) > 10)
    }

    @Test func headerJSONIsWhatFoundationWouldWrite() throws {
        var header = FrameHeader(view: "cam \"one\"\\\n\u{1}é", kind: "image", train: 10_000_000_123, timestamp: 1_763_000_000.125,
                                 receivedAt: 1_763_000_000.5, version: 3, sequence: 42)
        header.arrays = ["data": .init(offset: 512, count: 64 * 48, dtype: "f4"), "x": .init(offset: 13_000, count: 64, dtype: "f8")]
        header.labels = ["x": AxisLabel(label: "q", unit: "nm^-1"), "y": AxisLabel(label: "", unit: "")]
        header.value = -2.5e-7
        header.text = "a/b"
        header.image = .init(fullWidth: 256, fullHeight: 192, region: PixelRegion(x0: 1, y0: 2, x1: 200, y1: 190), width: 64, height: 48,
                             xRange: [0.1, .nan], yRange: [-.infinity, 1e300], reduction: .max)
        header.historySequence = 7
        var bare = FrameHeader(view: "total", kind: "scalar", train: 1, timestamp: nil, receivedAt: 0, version: 0, sequence: 1)
        bare.value = nil
        for h in [header, bare] {
            let ours = try JSONSerialization.jsonObject(with: Data(h.json)) as? NSDictionary
            let reference = try JSONSerialization.jsonObject(with: Self.referenceJSON(h)) as? NSDictionary
            #expect(ours != nil && ours == reference, "\(String(decoding: h.json, as: UTF8.self))")
        }
    }

    /// The header as Foundation's encoder writes it (the document ``FrameHeader/json`` must match).
    static func referenceJSON(_ header: FrameHeader) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try encoder.encode(header)
    }

    static func header(_ message: ByteBuffer) throws -> [String: Any]? {
        let bytes = Array(message.readableBytesView)
        let n = Int(UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24)
        return try JSONSerialization.jsonObject(with: Data(bytes[4..<(4 + n)])) as? [String: Any]
    }
}
