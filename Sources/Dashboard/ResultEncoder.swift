import Hummingbird
import JSON
import KaraboBridge

/// Turns a view's newest result into the binary message a panel draws, reduced to what the
/// panel can show: images decimated to its size, long vectors binned, and for trends only the
/// history entries the client has not seen.
enum ResultEncoder {
    /// Whether messages of this kind depend only on the result and the subscription (so they
    /// can be shared between clients); trends and accumulated points depend on what each
    /// client has already received.
    static func isShareable(_ record: ResultHub.ViewRecord) -> Bool {
        record.snapshot.kind != "scalar" && record.snapshot.singlePoint == nil
    }

    /// The message for `record` as `subscription` asks, with history after `historySince`.
    static func encode(_ record: ResultHub.ViewRecord, subscription: Subscription, historySince: UInt64) -> ByteBuffer {
        let s = record.snapshot
        var header = FrameHeader(view: s.name, kind: s.kind, train: s.trainID, timestamp: s.timestamp,
                                 receivedAt: s.receivedAt, version: s.version, sequence: record.sequence)
        var frame = FrameBuilder()
        let source = s.source
        switch s.kind {
        case "scalar":
            header.value = s.scalar.isFinite ? s.scalar : nil
            addHistory(record, since: historySince, names: ["value"], to: &frame, header: &header)
        case "points":
            header.labels = ["x": s.axisLabel("x"), "y": s.axisLabel("y")]
            if s.singlePoint != nil {
                addHistory(record, since: historySince, names: ["x", "y"], to: &frame, header: &header)
            } else if let x = source.array("x")?.doubles(), let y = source.array("y")?.doubles() {
                let n = min(x.count, y.count, 100_000)
                frame.add("x", Array(x.prefix(n)))
                frame.add("y", Array(y.prefix(n)))
            }
        case "vector":
            header.labels = ["x": s.axisLabel("x"), "value": s.axisLabel("value")]
            if let data = source.array("data"),
               let (x, y) = ImageDecimator.decimate(vector: data, x: source.array("x")?.doubles(),
                                                    maxPoints: min(8192, max(256, subscription.width * 2))) {
                frame.add("x", x)
                frame.add("y", y)
            }
        case "image", "array":
            header.labels = ["x": s.axisLabel("x"), "y": s.axisLabel("y")]
            if let data = source.array("data") {
                if data.rank == 1 {
                    header.kind = "vector"
                    if let (x, y) = ImageDecimator.decimate(vector: data, x: nil, maxPoints: min(8192, max(256, subscription.width * 2))) {
                        frame.add("x", x)
                        frame.add("y", y)
                    }
                } else {
                    addImage(data, source: source, subscription: subscription, to: &frame, header: &header)
                }
            }
        default:
            if let value = source["value"] {
                header.text = String(describing: JSONValue(bridgeValue: value)).prefix(2000).description
            }
        }
        return frame.message(header)
    }

    private static func addImage(_ data: NDArray, source: SourceData, subscription: Subscription,
                                 to frame: inout FrameBuilder, header: inout FrameHeader) {
        let reduction = subscription.reduction ?? .mean
        guard let image = ImageDecimator.decimate(data, region: subscription.region, width: subscription.width,
                                                  height: subscription.height, reduction: reduction) else { return }
        frame.add("data", image.values)
        let rows = data.rank >= 2 ? data.shape[data.rank - 2] : 1, cols = data.shape[data.rank - 1]
        func range(_ key: String, _ lo: Int, _ hi: Int) -> [Double] {
            guard let c = source.array(key), c.count > hi, let first = c.doubles() else { return [Double(lo), Double(hi)] }
            return [first[lo], first[hi]]
        }
        let r = image.region
        header.image = .init(fullWidth: cols, fullHeight: rows, region: r, width: image.width, height: image.height,
                             xRange: range("x", r.x0, r.x1 - 1), yRange: range("y", r.y0, r.y1 - 1), reduction: reduction)
    }

    private static func addHistory(_ record: ResultHub.ViewRecord, since: UInt64, names: [String],
                                   to frame: inout FrameBuilder, header: inout FrameHeader) {
        let entries = record.history.since(since)
        frame.add("history.train", entries.map { Double($0.trainID) })
        frame.add("history." + names[0], entries.map(\.a))
        if names.count > 1 { frame.add("history." + names[1], entries.map(\.b)) }
        header.historySequence = record.history.lastSequence
    }
}
