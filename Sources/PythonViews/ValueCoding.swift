import ByteSlices
import Foundation
import KaraboBridge
import Views

/// Input values as request entries (arrays go to shared memory) and replies as view values.
enum ValueCoding {
    /// An input: inline JSON, or arrays to place in the segment (`build` gets their offsets).
    enum Entry {
        case inline(Any)
        case array(NDArray)
        case points(NDArray, NDArray)
    }

    static func entry(_ value: ViewValue, argument: String) throws(PythonError) -> Entry {
        switch value {
        case let .scalar(d): return .inline(d)
        case let .vector(a, _, _), let .image(a, _, _), let .array(a):
            guard a.dtype.isNumeric || a.dtype.kind == .complex else {
                throw PythonError(.badResult, "input '\(argument)' has dtype \(a.dtype), which the worker cannot map")
            }
            return .array(a)
        case let .points(x, y, _, _, _): return .points(x, y)
        case let .other(v):
            switch v {
            case let .string(s): return .inline(s)
            case .none: return .inline(NSNull())
            default:
                if let d = v.double { return .inline(d) }
                throw PythonError(.badResult, "input '\(argument)' is neither a number, a string nor an array")
            }
        }
    }

    static func arraySpec(_ a: NDArray, segment: String, offset: Int) -> [String: Any] {
        ["shm": segment, "offset": offset, "shape": a.shape, "dtype": a.dtype.typestr]
    }

    // MARK: Replies

    static func value(_ reply: Frame, kind: ViewKind, view: String) throws(PythonError) -> ViewValue? {
        guard let result = reply.header["result"] as? [String: Any], let type = result["type"] as? String else {
            throw PythonError(.protocolError, "the worker's reply has no result")
        }
        func wrong(_ what: String) -> PythonError {
            PythonError(.badResult, "returned \(what) where a \(kind == .any ? "compute" : kind.rawValue) view needs \(expected(kind))")
        }
        switch type {
        case "none":
            return nil
        case "scalar":
            guard let d = (result["value"] as? NSNumber)?.doubleValue else { throw PythonError(.protocolError, "scalar without a value") }
            guard kind == .scalar || kind == .any else { throw wrong("a number") }
            return .scalar(d)
        case "string":
            guard kind == .any else { throw wrong("a string") }
            return .other(.string(result["value"] as? String ?? ""))
        case "points":
            let x = try array("x", result, reply.payload), y = try array("y", result, reply.payload)
            guard kind == .points || kind == .any else { throw wrong("points") }
            return .points(x: x, y: y, xAxis: Axis(label: "x"), yAxis: Axis(label: "y"))
        case "array":
            let data = try array("data", result, reply.payload)
            let axes = result["axes"] as? [String: Any] ?? [:]
            let x = axis(axes["x"]), y = axis(axes["y"]), valueAxis = axis(axes["value"])
            switch kind {
            case .scalar:
                guard data.count == 1, let d = data.doubles()?.first else { throw wrong("an array of shape \(data.shape)") }
                return .scalar(d)
            case .vector:
                guard data.rank == 1 else { throw wrong("an array of shape \(data.shape)") }
                return .vector(data, x: x ?? .index(), value: valueAxis ?? Axis())
            case .image:
                guard data.rank == 2 else { throw wrong("an array of shape \(data.shape)") }
                return .image(data, x: x ?? .index("x"), y: y ?? .index("y"))
            case .points:
                guard data.rank == 2, data.shape[0] == 2, let values = data.doubles() else { throw wrong("an array of shape \(data.shape)") }
                let n = data.shape[1]
                return .points(x: .float64(Array(values[0..<n])), y: .float64(Array(values[n...])), xAxis: Axis(label: "x"), yAxis: Axis(label: "y"))
            case .array, .any:
                switch data.rank {
                case 1: return .vector(data, x: x ?? .index(), value: valueAxis ?? Axis())
                case 2: return .image(data, x: x ?? .index("x"), y: y ?? .index("y"))
                default: return .array(data)
                }
            }
        default:
            throw PythonError(.protocolError, "unknown result type '\(type)'")
        }
    }

    static func expected(_ kind: ViewKind) -> String {
        switch kind {
        case .scalar: return "a number"
        case .vector: return "a 1-D array"
        case .image: return "a 2-D array"
        case .points: return "(x, y) arrays"
        case .array, .any: return "a number, string or array"
        }
    }

    static func array(_ name: String, _ result: [String: Any], _ payload: ByteSlice) throws(PythonError) -> NDArray {
        guard let arrays = result["arrays"] as? [String: Any], let spec = arrays[name] as? [String: Any],
              let dtype = spec["dtype"] as? String, let shape = spec["shape"] as? [Int],
              let offset = spec["offset"] as? Int, let count = spec["nbytes"] as? Int,
              let bytes = payload.slice(offset: offset, count: count) else {
            throw PythonError(.protocolError, "the worker's result lacks array '\(name)'")
        }
        do {
            return try NDArray(dtype: DType(parsing: dtype), shape: shape, data: bytes)
        } catch {
            throw PythonError(.protocolError, "array '\(name)': \(error)")
        }
    }

    static func axis(_ any: Any?) -> Axis? {
        guard let a = any as? [String: Any] else { return nil }
        let values = (a["values"] as? [Any])?.compactMap { ($0 as? NSNumber)?.doubleValue }
        return Axis(values: values, label: a["label"] as? String ?? "", unit: a["unit"] as? String ?? "")
    }
}
