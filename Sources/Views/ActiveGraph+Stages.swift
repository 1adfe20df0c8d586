import KaraboBridge
import OrderedCollections

extension ActiveGraph {
    /// The per-train ("pool") stage: runs every `train`-stage view on `train`. Safe to call
    /// for several trains at once from different threads.
    public func runTrainStage(_ train: Train) -> StageOutput {
        let trainID = train.trainID ?? 0
        let timestamp = train.sources.values.lazy.compactMap(\.metadata.timestamp).first
        func read(_ path: InputPath) -> ViewValue? {
            switch path {
            case let .source(s, key): return train[s, key].map(ViewValue.init)
            case .trainID: return .scalar(Double(trainID))
            case .timestamp: return timestamp.map(ViewValue.scalar)
            case .view: return nil
            }
        }
        var records: [ViewRecord] = []
        var byName: [String: ViewRecord] = [:]
        var trainInputs: [InputPath: ViewValue] = [:]
        for view in views {
            if view.node.stage == .reduce {
                for input in view.node.inputs where input.path.viewName == nil {
                    if let v = read(input.path) { trainInputs[input.path] = v }
                }
                continue
            }
            let record = evaluate(view, trainID: trainID, timestamp: timestamp, upstream: byName) { path in
                if let ref = path.viewName { return byName[ref].map { InputLookup($0.outcome, from: ref) } ?? .gated(ref) }
                return read(path).map(InputLookup.value) ?? .missing
            }
            byName[view.name] = record
            records.append(record)
        }
        return StageOutput(trainID: trainID, timestamp: timestamp, records: records, trainInputs: trainInputs)
    }

    /// The ordered cross-train ("reduce") stage: runs the `reduce` views on a per-train stage's
    /// output. Call once per train, in train order.
    public func runReduceStage(_ partial: StageOutput) -> TrainReport {
        var byName: [String: ViewRecord] = [:]
        for r in partial.records { byName[r.name] = r }
        var records = partial.records
        for view in views where view.node.stage == .reduce {
            let record = evaluate(view, trainID: partial.trainID, timestamp: partial.timestamp, upstream: byName) { path in
                if let ref = path.viewName { return byName[ref].map { InputLookup($0.outcome, from: ref) } ?? .gated(ref) }
                return partial.trainInputs[path].map(InputLookup.value) ?? .missing
            }
            byName[view.name] = record
            records.append(record)
        }
        // A partial computed on an older graph (a reload in between) may hold views this one
        // no longer has: those records are dropped.
        let order = graph.indexByName
        records.removeAll { order[$0.name] == nil }
        records.sort { order[$0.name]! < order[$1.name]! }
        return TrainReport(trainID: partial.trainID, timestamp: partial.timestamp, records: records)
    }

    /// Both stages, one after the other.
    public func process(_ train: Train) -> TrainReport {
        runReduceStage(runTrainStage(train))
    }

    /// Runs one view given a way to look its inputs up and the records of the views before it.
    func evaluate(_ view: RunningView, trainID: UInt64, timestamp: Double?, upstream: [String: ViewRecord],
                  lookup: (InputPath) -> InputLookup) -> ViewRecord {
        func record(_ outcome: ViewOutcome, _ seconds: Double = 0) -> ViewRecord {
            ViewRecord(name: view.name, outcome: outcome, version: view.version, seconds: seconds)
        }
        // `when:` filters: all must pass; per-pulse ones select pulses of the inputs.
        var mask: PulseMask?
        switch gate(view, upstream: upstream) {
        case let .gated(by): return record(.gated(by: by))
        case let .failed(message): return record(.failed(message))
        case let .pulses(m): mask = m
        case .open: break
        }
        var values = OrderedDictionary<String, ViewValue>()
        var labels: [String: String] = [:]
        var absent: [String] = []
        for input in view.node.inputs {
            switch lookup(input.path) {
            case var .value(v):
                guard input.kinds.admits(v.kind) else {
                    return record(.failed("input '\(input.name)' (\(input.path)) is \(v.kind == .any ? "not numeric" : "a \(v.kind)") where \(input.kinds) is required"))
                }
                if let mask {
                    do { v = try mask.select(v) } catch { return record(.failed("selecting the pulses of input '\(input.name)': \(error)")) }
                }
                values[input.name] = v
                if let ref = input.path.viewName, case let .string(label)? = upstream[ref]?.extras["label"], !label.isEmpty {
                    labels[input.name] = label
                }
            case .missing:
                if !input.optional { return record(.skipped(missing: input.path)) }
                absent.append(input.name)
            case let .gated(by):
                if !input.optional { return record(.gated(by: by)) }
                absent.append(input.name)
            }
        }
        var inputs = ViewInputs(view: view.name, trainID: trainID, timestamp: timestamp, values: values)
        inputs.labels = labels
        inputs.absentOptional = absent
        let start = ContinuousClock.now
        let outcome: ViewOutcome
        var extras = OrderedDictionary<String, Value>()
        do {
            let product = try view.processor.processWithExtras(inputs)
            if let v = product.value {
                outcome = view.node.kind.admits(v.kind)
                    ? .value(v) : .failed("produced a \(v.kind) where a \(view.node.kind) is declared")
                extras = product.extras
            } else {
                outcome = .noValue
            }
        } catch {
            outcome = .failed("\(error)")
        }
        let elapsed = ContinuousClock.now - start
        var result = record(outcome, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        result.extras = extras
        if view.node.spec.isFilter, let v = outcome.value { result.filter = FilterCount(v) }
        return result
    }
}

/// What an input lookup found.
enum InputLookup {
    case value(ViewValue)
    case missing
    case gated(String)

    /// A dependency's outcome as an input: its value, or gated by it.
    init(_ outcome: ViewOutcome, from view: String) {
        if case let .value(v) = outcome { self = .value(v) } else { self = .gated(view) }
    }
}
