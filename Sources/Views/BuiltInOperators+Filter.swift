import KaraboBridge
import OrderedCollections

/// Event filters with smalldata_tools semantics (`docs/views.md`, "Filters").
extension BuiltInOperators {
    static let filterOperators: [OperatorSpec] = [filter, allOf, anyOf]

    /// The test one `filter` applies to each value.
    enum FilterTest: Sendable, Equatable {
        /// low ≤ v ≤ high (smalldata `RangeFilter`).
        case range(Double, Double)
        /// v > low (`ThresholdFilter`, greater_than).
        case above(Double)
        /// v < high (`ThresholdFilter`, less than).
        case below(Double)
        /// bool(v) == state, NaN counting as true (`BoolFilter`).
        case state(Bool)
        /// v == number.
        case equals(Double)

        func passes(_ v: Double) -> Bool {
            switch self {
            case let .range(lo, hi): return lo <= v && v <= hi
            case let .above(lo): return v > lo
            case let .below(hi): return v < hi
            case let .state(s): return (v != 0) == s
            case let .equals(x): return v == x
            }
        }

        init(_ p: Parameters) throws(ParameterProblem) {
            let low = p.double("low"), high = p.double("high")
            if let e = p["equals"] {
                guard low == nil, high == nil else { throw ParameterProblem("give equals, or low and/or high, not both", parameter: "equals") }
                if case let .bool(b) = e { self = .state(b) } else { self = .equals(e.double ?? .nan) }
                return
            }
            switch (low, high) {
            case let (lo?, hi?):
                guard lo <= hi else { throw ParameterProblem("low (\(lo)) must not exceed high (\(hi))", parameter: "low") }
                self = .range(lo, hi)
            case let (lo?, nil): self = .above(lo)
            case let (nil, hi?): self = .below(hi)
            case (nil, nil): throw ParameterProblem("a filter needs low, high (or both) or equals")
            }
        }
    }

    static let labelParameter = ParameterSpec("label", .string, optional: true, help: "published as `label` when the filter passes")
    static let filterLayoutParameter = ParameterSpec("layout", .choice(PulseLayout.allCases.map(\.rawValue)), default: .string("file"),
                                                     help: "per-pulse filters: where the pulse axis is in the arrays they select (file: first, online: last)")

    /// A filter's value: 1/0 per train or per pulse, with its label when it passes.
    static func verdict(_ flags: [Bool], like input: ViewValue?, label: String?) -> ViewProduct {
        let value: ViewValue
        let passed: Bool
        if case let .vector(_, x, _)? = input {
            value = .vector(.float64(flags.map { $0 ? 1 : 0 }), x: x, value: Axis(label: "pass"))
            passed = flags.contains(true)
        } else {
            passed = flags.first ?? false
            value = .scalar(passed ? 1 : 0)
        }
        return ViewProduct(value, extras: ["label": .string(passed ? (label ?? "") : "")])
    }

    /// `filter`: one scalar per train, or a per-pulse vector, against a range, a threshold or a state.
    static let filter: OperatorSpec = {
        var spec = OperatorSpec(
            name: "filter", summary: "Passes (1) or rejects (0) a train, or each pulse of a per-pulse vector: low ≤ v ≤ high, v > low, v < high, or equals.",
            inputs: [InputSpec("input", KindSet([.scalar, .vector]), help: "a scalar per train or a per-pulse vector")],
            parameters: [ParameterSpec("low", .double, optional: true, help: "with high: low ≤ v ≤ high; alone: v > low"),
                         ParameterSpec("high", .double, optional: true, help: "with low: low ≤ v ≤ high; alone: v < high"),
                         ParameterSpec("equals", .flagOrNumber, optional: true, help: "true/false: the value's truth (NaN is true); a number: v == number"),
                         labelParameter, filterLayoutParameter],
            outputKind: OperatorSpec.sameKind(as: "input")
        ) { p throws(ParameterProblem) in
            let test = try FilterTest(p)
            let label = p.string("label")
            return FilterFunction { inputs in
                let input = try inputs.value("input")
                switch input {
                case let .scalar(d):
                    return verdict([test.passes(d)], like: input, label: label)
                default:
                    if let d = input.double { return verdict([test.passes(d)], like: .scalar(d), label: label) }
                    guard let values = input.ndarray?.doubles() else { throw ViewInputError.wrongKind(input: "input", expected: "numbers", got: input.kind) }
                    return verdict(values.map(test.passes), like: input, label: label)
                }
            }
        }
        spec.isFilter = true
        return spec
    }()

    /// `all_of` and `any_of`: composites over named filter inputs (smalldata `CompositeFilter`).
    static func composite(requireAll: Bool) -> OperatorSpec {
        var spec = OperatorSpec(
            name: requireAll ? "all_of" : "any_of",
            summary: requireAll ? "Passes when every named filter input passes (per pulse for per-pulse filters)."
                : "Passes when any named filter input passes (per pulse for per-pulse filters).",
            inputs: [], parameters: [labelParameter, filterLayoutParameter],
            outputKind: { _, kinds in
                if kinds.values.contains(.vector) { return .vector }
                return kinds.values.contains(.any) ? .any : .scalar
            }
        ) { p throws(ParameterProblem) in
            let label = p.string("label")
            return FilterFunction { inputs in
                var flags: [Bool]?
                var like: ViewValue?
                var labels: [String] = []
                for (name, value) in inputs.values {
                    let f: [Bool]
                    if let d = value.double { f = [d != 0 && !d.isNaN] } else {
                        guard let values = value.ndarray?.doubles() else { throw ViewInputError.wrongKind(input: name, expected: "a filter", got: value.kind) }
                        f = values.map { $0 != 0 && !$0.isNaN }
                        like = value
                    }
                    if f.contains(true), let l = inputs.labels[name] { labels.append(l) }
                    guard let current = flags else { flags = f; continue }
                    flags = try combine(current, f, requireAll: requireAll, view: inputs.view)
                }
                let result = flags ?? [requireAll]
                let product = verdict(result, like: like, label: label ?? (labels.isEmpty ? nil : labels.joined(separator: "_")))
                return product
            }
        }
        spec.isFilter = true
        spec.variadicInputs = KindSet([.scalar, .vector])
        spec.filterInputs = ["*"]
        return spec
    }

    /// Element-wise AND / OR of two flag lists, a one-element list standing for a whole train.
    static func combine(_ a: [Bool], _ b: [Bool], requireAll: Bool, view: String) throws(FilterError) -> [Bool] {
        let n = max(a.count, b.count)
        guard a.count == b.count || a.count == 1 || b.count == 1 else { throw FilterError("per-pulse filters of \(a.count) and \(b.count) pulses cannot be combined") }
        return (0..<n).map { i in
            let x = a[a.count == 1 ? 0 : i], y = b[b.count == 1 ? 0 : i]
            return requireAll ? x && y : x || y
        }
    }

    static let allOf = composite(requireAll: true)
    static let anyOf = composite(requireAll: false)
}

/// Why a filter could not decide.
struct FilterError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A stateless per-train processor whose product carries extra keys (a filter's label).
struct FilterFunction: ViewProcessor {
    let body: @Sendable (ViewInputs) throws -> ViewProduct

    init(_ body: @escaping @Sendable (ViewInputs) throws -> ViewProduct) { self.body = body }

    func process(_ inputs: ViewInputs) throws -> ViewValue? { try body(inputs).value }
    func processWithExtras(_ inputs: ViewInputs) throws -> ViewProduct { try body(inputs) }
}
