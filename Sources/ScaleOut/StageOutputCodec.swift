import ByteSlices
import KaraboBridge
import OrderedCollections
import Views

/// A ``StageOutput`` as a Karabo Bridge 2.2 message, so arrays travel as their own frames.
///
/// Sources: `stage` (`trainID`, `timestamp`, `rank`), then one `r/NAME` per record
/// (`order` in the graph, `outcome`, `detail`, `version`, `seconds` and the value's keys) and one `i/PATH` per
/// train input (the value's keys). Values keep their kind, arrays (dtype, shape, bytes) and axes.
enum StageOutputCodec {
    static let encoder = BridgeEncoder(protocolVersion: .v2_2)
    static let decoder = BridgeDecoder()

    /// The packed message for `output`, computed on `rank`.
    static func encode(_ output: StageOutput, rank: Int) -> ByteSlice {
        func source(_ name: String, _ data: OrderedDictionary<String, Value>) -> SourceData {
            SourceData(name: name, metadata: Metadata(source: name, trainID: output.trainID, timestamp: nil), data: data)
        }
        var sources = [source("stage", ["trainID": .uint(output.trainID), "timestamp": output.timestamp.map(Value.double) ?? .none,
                                        "rank": .int(Int64(rank))])]
        for (i, r) in output.records.enumerated() {
            var data: OrderedDictionary<String, Value> = ["order": .int(Int64(i)), "version": .int(Int64(r.version)),
                                                          "seconds": .double(r.seconds)]
            switch r.outcome {
            case let .value(v): data["outcome"] = .string("value"); ViewValueCodec.write(v, into: &data)
            case .noValue: data["outcome"] = .string("noValue")
            case let .skipped(path): data["outcome"] = .string("skipped"); data["detail"] = .string(path.description)
            case let .gated(view): data["outcome"] = .string("gated"); data["detail"] = .string(view)
            case let .failed(message): data["outcome"] = .string("failed"); data["detail"] = .string(message)
            }
            sources.append(source("r/" + r.name, data))
        }
        for (path, value) in output.trainInputs {
            var data: OrderedDictionary<String, Value> = [:]
            ViewValueCodec.write(value, into: &data)
            sources.append(source("i/" + path.description, data))
        }
        return FramePacking.pack(encoder.encode(Train(sources: sources)))
    }

    /// The output in a packed message, and the rank that computed it.
    static func decode(_ message: ByteSlice) throws(ScaleOutError) -> (output: StageOutput, rank: Int) {
        let train: Train
        do { train = try decoder.decode(try FramePacking.unpack(message)) } catch let error as ScaleOutError {
            throw error
        } catch {
            throw .malformed("stage output: \(error)")
        }
        guard let stage = train.sources["stage"], let trainID = stage.data["trainID"]?.uint64 else {
            throw .malformed("stage output without a 'stage' source")
        }
        var records: [(order: Int64, record: ViewRecord)] = []
        var inputs: [InputPath: ViewValue] = [:]
        for (name, s) in train.sources where name != "stage" {
            if name.hasPrefix("r/") {
                let view = String(name.dropFirst(2))
                let detail = s.data["detail"]?.string ?? ""
                let outcome: ViewOutcome
                switch s.data["outcome"]?.string {
                case "value": outcome = .value(try ViewValueCodec.read(s.data, what: "view '\(view)'"))
                case "noValue": outcome = .noValue
                case "skipped":
                    guard let path = InputPath(parsing: detail) else { throw .malformed("view '\(view)' skipped for '\(detail)'") }
                    outcome = .skipped(missing: path)
                case "gated": outcome = .gated(by: detail)
                case "failed": outcome = .failed(detail)
                default: throw .malformed("view '\(view)' has no outcome")
                }
                records.append((s.data["order"]?.int64 ?? 0, ViewRecord(name: view, outcome: outcome, version: Int(s.data["version"]?.int64 ?? 0),
                                                                      seconds: s.data["seconds"]?.double ?? 0)))
            } else if name.hasPrefix("i/") {
                let text = String(name.dropFirst(2))
                guard let path = InputPath(parsing: text) else { throw .malformed("train input '\(text)'") }
                inputs[path] = try ViewValueCodec.read(s.data, what: "train input '\(text)'")
            }
        }
        let timestamp = stage.data["timestamp"]?.double
        // Sources may come back in another order than they were written: records keep their own.
        let ordered = records.sorted { $0.order < $1.order }.map(\.record)
        let output = StageOutput(trainID: trainID, timestamp: timestamp, records: ordered, trainInputs: inputs)
        return (output, Int(stage.data["rank"]?.int64 ?? -1))
    }
}
