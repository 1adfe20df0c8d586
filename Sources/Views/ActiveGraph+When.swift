import KaraboBridge

/// What a view's `when:` filters decided for one train.
enum Gate {
    /// No filters, or all passed for the whole train.
    case open
    /// Some pulses passed (per-pulse filters): select them.
    case pulses(PulseMask)
    /// A filter rejected the train (or had no value).
    case gated(by: String)
    /// The filters cannot be combined (per-pulse filters of different lengths).
    case failed(String)
}

extension ActiveGraph {
    /// Applies `view`'s `when:` filters, read from the records of this train.
    func gate(_ view: RunningView, upstream: [String: ViewRecord]) -> Gate {
        var mask: PulseMask?
        for ref in view.node.definition.when {
            guard let value = upstream[ref]?.outcome.value else { return .gated(by: ref) }
            switch value {
            case let .scalar(d):
                if d == 0 || d.isNaN { return .gated(by: ref) }
            default:
                guard let flags = value.ndarray?.doubles() else { return .failed("when: filter '\(ref)' gave a \(value.kind), not a flag") }
                let layout = graph[ref]?.parameters.string("layout").flatMap(PulseLayout.init(rawValue:)) ?? .file
                let m = PulseMask(flags, layout: layout)
                if let previous = mask {
                    guard let both = previous.intersecting(m) else {
                        return .failed("when: per-pulse filters of \(previous.count) and \(m.count) pulses cannot be combined")
                    }
                    mask = both
                } else {
                    mask = m
                }
                if mask?.passing.isEmpty == true { return .gated(by: ref) }
            }
        }
        return mask.map(Gate.pulses) ?? .open
    }
}

extension FilterCount {
    /// The verdict in a filter's value: a scalar flag, or per-pulse flags (passes when any pulse does).
    init(_ value: ViewValue) {
        if case let .scalar(d) = value {
            self.init(passed: d != 0 && !d.isNaN, pulsesPassed: 0, pulses: 0)
        } else {
            let flags = value.ndarray?.doubles() ?? []
            let n = flags.reduce(0) { $0 + ($1 != 0 && !$1.isNaN ? 1 : 0) }
            self.init(passed: n > 0, pulsesPassed: n, pulses: flags.count)
        }
    }
}
