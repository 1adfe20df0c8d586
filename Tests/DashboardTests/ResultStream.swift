import BridgeSockets
import ByteSlices
import Dashboard
import Foundation
import JSON
import KaraboBridge

/// A result stream shaped as `trainspotter run` publishes it (sources `view/NAME`, data keys as in
/// `Sources/Views/ViewResult+Bridge.swift`), sent from a real ``BridgeServer`` (PUB). The ROI view
/// follows the ROI parameters of a ``RecordingControl``, as the running graph would.
final class ResultStream: Sendable {
    static let firstTrain: UInt64 = 10_000_000_000
    static let imageWidth = 256, imageHeight = 192

    let server: BridgeServer
    let control: RecordingControl
    private let task: Task<Void, Never>

    /// The index of the views it publishes.
    static let views: [[String: JSONValue]] = [
        entry("cam", kind: "image", op: "pick", inputs: ["input": "SPB_CAM/CAM:output[data.image.pixels]"]),
        entry("roi", kind: "image", op: "roi", inputs: ["input": "SPB_CAM/CAM:output[data.image.pixels]"],
              params: ["x": .int(100), "y": .int(60), "width": .int(40), "height": .int(30)]),
        entry("profile", kind: "vector", op: "azimuthal_integration", inputs: ["image": "view:cam"],
              params: ["sigma": .double(1.5), "q_range": .array([.double(0.1), .double(5)])]),
        entry("total", kind: "scalar", op: "scalar_sum", inputs: ["input": "view:roi"]),
        entry("corr", kind: "points", op: "pair", inputs: ["x": "SA1_XTD2_XGM/XGM/DOOCS[pulseEnergy]", "y": "view:total"]),
        entry("dark", kind: "image", op: "dark", inputs: ["input": "SPB_CAM/CAM:output[data.image.pixels]"],
              params: ["trains": .int(20)], hidden: true),
    ]

    static func entry(_ name: String, kind: String, op: String, inputs: [String: String],
                      params: [String: JSONValue] = [:], hidden: Bool = false) -> [String: JSONValue] {
        ["name": .string(name), "source": .string("view/" + name), "kind": .string(kind), "operator": .string(op),
         "stage": .string("train"), "hidden": .bool(hidden), "version": .int(0), "inputs": .sortedObject(inputs.mapValues(JSONValue.string)),
         "params": .sortedObject(params), "rate": .double(20), "last_train": .null, "mean_ms": .double(0.4)]
    }

    private init(server: BridgeServer, control: RecordingControl, task: Task<Void, Never>) {
        self.server = server
        self.control = control
        self.task = task
    }

    /// Binds a PUB server on a free port and publishes a result train every `period`.
    static func start(control: RecordingControl, period: Duration = .milliseconds(40)) async throws -> ResultStream {
        let server = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .pub))
        let task = Task {
            var train = firstTrain
            while !Task.isCancelled {
                let message = await makeTrain(train, control: control)
                await control.noteTrain(train)
                await server.send(message)
                train += 1
                try? await Task.sleep(for: period)
            }
        }
        return ResultStream(server: server, control: control, task: task)
    }

    func stop() {
        task.cancel()
        server.close()
    }

    /// The camera image of a train: a bright spot circling over a gentle gradient.
    static func camera(_ train: UInt64) -> [Float] {
        let w = imageWidth, h = imageHeight
        let t = Double(train % 1000) / 10
        let cx = Double(w) / 2 + 60 * cos(t), cy = Double(h) / 2 + 40 * sin(t)
        var out = [Float](repeating: 0, count: w * h)
        for y in 0..<h {
            for x in 0..<w {
                let d2 = (Double(x) - cx) * (Double(x) - cx) + (Double(y) - cy) * (Double(y) - cy)
                out[y * w + x] = Float(10 + 0.2 * Double(x) + 0.1 * Double(y) + 900 * exp(-d2 / 200))
            }
        }
        return out
    }

    static func makeTrain(_ train: UInt64, control: RecordingControl) async -> Train {
        let image = camera(train)
        // Parameters and version in one call: a change between two calls would publish the old
        // rectangle under the new version.
        let (roi, roiVersion) = await control.parametersAndVersion("roi")
        let rx = Int(roi["x"]?.int64 ?? 0), ry = Int(roi["y"]?.int64 ?? 0)
        let rw = max(1, min(imageWidth - rx, Int(roi["width"]?.int64 ?? 1))), rh = max(1, min(imageHeight - ry, Int(roi["height"]?.int64 ?? 1)))
        var crop = [Float]()
        crop.reserveCapacity(rw * rh)
        for y in ry..<(ry + rh) { crop.append(contentsOf: image[(y * imageWidth + rx)..<(y * imageWidth + rx + rw)]) }
        let total = crop.reduce(0.0) { $0 + Double($1) }
        let q = (0..<300).map { 0.1 + Double($0) * 4.9 / 299 }
        let phase = Double(train % 50) / 50
        let profile = q.map { 1000 * exp(-$0) * (1 + 0.3 * sin(6 * $0 + 2 * .pi * phase)) }
        let timestamp = Date().timeIntervalSince1970
        func source(_ name: String, _ data: KeyValuePairs<String, Value>, version: Int = 0) -> SourceData {
            var s = SourceData(name: "view/" + name, metadata: Metadata(source: "view/" + name, trainID: train, timestamp: timestamp))
            s.data["kind"] = data.first { $0.key == "kind" }?.value
            s.data["version"] = .int(Int64(version))
            for (k, v) in data where k != "kind" { s.data[k] = v }
            return s
        }
        let sources = [
            source("cam", ["kind": .string("image"), "data": .array(array(image, [imageHeight, imageWidth])),
                           "x": .array(array((0..<imageWidth).map(Double.init), [imageWidth])), "x.label": .string("x"), "x.unit": .string("px"),
                           "y": .array(array((0..<imageHeight).map(Double.init), [imageHeight])), "y.label": .string("y"), "y.unit": .string("px")]),
            source("roi", ["kind": .string("image"), "data": .array(array(crop, [rh, rw])),
                           "x": .array(array((rx..<(rx + rw)).map(Double.init), [rw])), "x.label": .string("x"), "x.unit": .string("px"),
                           "y": .array(array((ry..<(ry + rh)).map(Double.init), [rh])), "y.label": .string("y"), "y.unit": .string("px")],
                   version: roiVersion),
            source("profile", ["kind": .string("vector"), "data": .array(array(profile, [q.count])),
                               "x": .array(array(q, [q.count])), "x.label": .string("q"), "x.unit": .string("nm^-1"),
                               "value.label": .string("I"), "value.unit": .string("a.u.")]),
            source("total", ["kind": .string("scalar"), "value": .double(total)]),
            source("corr", ["kind": .string("points"), "x": .array(array([2 + sin(Double(train) / 7)], [1])),
                            "y": .array(array([total / Double(rw * rh)], [1])),
                            "x.label": .string("XGM energy"), "x.unit": .string("mJ"),
                            "y.label": .string("ROI mean"), "y.unit": .string("ADU")]),
        ]
        return Train(sources: sources)
    }

    static func array<T: BitwiseCopyable>(_ values: [T], _ shape: [Int]) -> NDArray {
        let dtype: DType = T.self == Float.self ? .float32 : .float64
        let bytes = values.withUnsafeBytes { ByteSlice(copying: Array($0)) }
        return try! NDArray(dtype: dtype, shape: shape, data: bytes)
    }
}
