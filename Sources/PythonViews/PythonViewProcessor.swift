import Foundation
import KaraboBridge
import Views

/// A Python view's processor: forwards each train's inputs to the worker pool and turns the reply
/// into a value. Per-train views may be called concurrently (they run on any of the K workers);
/// reduce views run on the one reduce worker, in train order.
struct PythonViewProcessor: ViewProcessor {
    let runtime: PythonRuntime
    let view: PythonViewDescription
    let parameters: Parameters
    /// Arguments filled with the context version rather than from the graph.
    let versionArguments: [String]

    func process(_ inputs: ViewInputs) throws -> ViewValue? {
        var inline: [String: Any] = [:]
        var arrays: [NDArray] = []
        var placed: [(argument: String, first: Int, points: Bool)] = []
        for (argument, value) in inputs.values {
            switch try ValueCoding.entry(value, argument: argument) {
            case let .inline(v): inline[argument] = ["value": v]
            case let .array(a): placed.append((argument, arrays.count, false)); arrays.append(a)
            case let .points(x, y): placed.append((argument, arrays.count, true)); arrays.append(x); arrays.append(y)
            }
        }
        for argument in versionArguments { inline[argument] = ["value": runtime.contextVersion] }
        var params: [String: Any] = [:]
        for (name, value) in parameters.values { params[name] = JSONBridge.json(value) }
        let reply = try runtime.pool.call(view.stage, arrays: arrays) { segment, offsets in
            var entries = inline
            for p in placed {
                let first = ValueCoding.arraySpec(arrays[p.first], segment: segment, offset: offsets[p.first])
                if p.points {
                    let second = ValueCoding.arraySpec(arrays[p.first + 1], segment: segment, offset: offsets[p.first + 1])
                    entries[p.argument] = ["points": ["x": first, "y": second]]
                } else {
                    entries[p.argument] = ["array": first]
                }
            }
            return ["op": "run", "view": view.name, "hash": view.hash, "file": view.file, "train_id": inputs.trainID,
                    "inputs": entries, "params": params]
        }
        guard reply.ok else {
            let message = reply.string("error") ?? "failed"
            let line = reply.string("line").map { $0.isEmpty ? "" : " at \($0)" } ?? ""
            let trace = reply.string("traceback").map { "\n" + $0.trimmingCharacters(in: .newlines) } ?? ""
            throw PythonError(.exception, message + line + trace)
        }
        return try ValueCoding.value(reply, kind: view.kind, view: view.name)
    }
}
