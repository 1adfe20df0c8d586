/// A checked set of views in topological order: every input resolves, there are no cycles and
/// kinds fit. Built from views-file definitions and Swift-built ones alike.
public struct ViewGraph: Sendable {
    /// Views in an order where each comes after the views it reads.
    public let nodes: [ViewNode]
    /// Index of each view in ``nodes``.
    public let indexByName: [String: Int]

    /// The view called `name`.
    public subscript(name: String) -> ViewNode? { indexByName[name].map { nodes[$0] } }

    /// An empty graph.
    public static let empty = ViewGraph(nodes: [], indexByName: [:])

    init(nodes: [ViewNode], indexByName: [String: Int]) {
        self.nodes = nodes
        self.indexByName = indexByName
    }

    /// Checks `definitions` against `library` and orders them. Every problem found is reported
    /// at once, each with its view name and file line.
    public init(_ definitions: [ViewDefinition], library: OperatorLibrary) throws(ViewsFileError) {
        var problems: [ViewProblem] = []
        var prepared: [String: (ViewDefinition, OperatorSpec, Parameters, [ViewNode.Input], any ViewProcessor)] = [:]
        var order: [String] = []
        for definition in definitions {
            if prepared[definition.name] != nil || order.contains(definition.name) {
                problems.append(ViewProblem(.duplicateView, view: definition.name, at: definition.location, "defined twice"))
                continue
            }
            order.append(definition.name)
            guard let checked = ViewGraph.check(definition, library: library, problems: &problems) else { continue }
            prepared[definition.name] = checked
        }
        // Missing references.
        let defined = Set(order)
        for definition in definitions {
            for (inputName, path) in definition.inputs {
                if let ref = path.viewName, !defined.contains(ref) {
                    problems.append(ViewProblem(.missingView, view: definition.name, at: definition.location(of: "inputs.\(inputName)"),
                                                "input '\(inputName.isEmpty ? "input" : inputName)' reads view '\(ref)', which is not defined"))
                }
            }
            for ref in definition.when where !defined.contains(ref) {
                problems.append(ViewProblem(.missingView, view: definition.name, at: definition.location(of: "when"),
                                            "when: view '\(ref)' is not defined"))
            }
        }
        // Topological order, keeping the file order where dependencies allow.
        let (sorted, cycles) = ViewGraph.topologicalOrder(definitions.filter { prepared[$0.name] != nil }, defined: defined)
        for definition in definitions {
            guard let (reads, inCycle) = cycles[definition.name] else { continue }
            let message = inCycle
                ? "is part of a cycle: it reads \(reads.map { "'\($0)'" }.joined(separator: ", ")), which (indirectly) read it"
                : "depends on a cycle through \(reads.map { "'\($0)'" }.joined(separator: ", "))"
            problems.append(ViewProblem(.cycle, view: definition.name, at: definition.location, message))
        }
        // Kinds and stages, in order.
        var nodes: [ViewNode] = []
        var indexByName: [String: Int] = [:]
        for name in sorted {
            let (definition, spec, parameters, inputs, processor) = prepared[name]!
            var inputKinds: [String: ViewKind] = [:]
            var stage = max(spec.stage, definition.stage ?? .train)
            var ok = true
            for input in inputs {
                let produced: ViewKind
                switch input.path {
                case let .view(ref):
                    guard let i = indexByName[ref] else { ok = false; continue }
                    produced = nodes[i].kind
                    stage = max(stage, nodes[i].stage)
                case .trainID, .timestamp: produced = .scalar
                case .source: produced = .any
                }
                inputKinds[input.name] = produced
                if !input.kinds.accepts(produced) {
                    let key = definition.inputs.keys.contains(input.name) ? input.name : ""
                    problems.append(ViewProblem(.kindMismatch, view: name, at: definition.location(of: "inputs.\(key)"),
                                                "input '\(input.name)' of operator '\(spec.name)' needs \(input.kinds) but \(input.path) is \(produced == .array ? "an n-d array" : "a \(produced)")"))
                    ok = false
                }
            }
            for ref in definition.when {
                guard let i = indexByName[ref] else { ok = false; continue }
                stage = max(stage, nodes[i].stage)
                if !nodes[i].spec.isFilter {
                    problems.append(ViewProblem(.kindMismatch, view: name, at: definition.location(of: "when"),
                                                "when: view '\(ref)' is not a filter (its operator is '\(nodes[i].spec.name)'; use filter, all_of or any_of)"))
                    ok = false
                }
            }
            for input in inputs where spec.filterInputs.contains("*") || spec.filterInputs.contains(input.name) {
                guard case let .view(ref) = input.path, let i = indexByName[ref], nodes[i].spec.isFilter else {
                    let key = definition.inputs.keys.contains(input.name) ? input.name : ""
                    problems.append(ViewProblem(.kindMismatch, view: name, at: definition.location(of: "inputs.\(key)"),
                                                "input '\(input.name)' of operator '\(spec.name)' must read a filter view (filter, all_of, any_of), not \(input.path)"))
                    ok = false
                    continue
                }
            }
            if ok, let check = spec.checkInputs {
                for p in check(parameters, inputKinds) {
                    let at = p.parameter.map { parameter in
                        p.column.map { definition.location(ofParameter: parameter, column: $0) } ?? definition.location(of: "params.\(parameter)")
                    } ?? definition.location
                    problems.append(ViewProblem(.badParameter, view: name, at: at, p.message))
                    ok = false
                }
            }
            guard ok else { continue }
            var kind = spec.outputKind(parameters, inputKinds)
            if let declared = definition.kind {
                if !declared.accepts(kind) {
                    problems.append(ViewProblem(.kindMismatch, view: name, at: definition.location(of: "kind"),
                                                "declared kind \(declared) but operator '\(spec.name)' produces \(kind)"))
                    continue
                }
                kind = declared
            }
            indexByName[name] = nodes.count
            nodes.append(ViewNode(definition: definition, spec: spec, parameters: parameters, inputs: inputs, kind: kind, stage: stage, processor: processor))
        }
        guard problems.isEmpty else {
            throw ViewsFileError(problems.sorted { ($0.location.line, $0.message) < ($1.location.line, $1.message) })
        }
        self.init(nodes: nodes, indexByName: indexByName)
    }

    /// Depth-first order over view references, dependencies first, otherwise file order.
    /// Views reading undefined views (reported elsewhere) are left out with their dependents;
    /// views in or behind a cycle are left out and returned with the views they read and
    /// whether they are on the cycle themselves.
    static func topologicalOrder(_ definitions: [ViewDefinition], defined: Set<String>)
        -> (order: [String], cycles: [String: (reads: [String], inCycle: Bool)]) {
        var byName: [String: ViewDefinition] = [:]
        for d in definitions { byName[d.name] = d }
        enum State { case visiting, placed, broken, cyclic }
        var state: [String: State] = [:]
        var order: [String] = []
        var cycles: [String: (reads: [String], inCycle: Bool)] = [:]
        var onCycle: Set<String> = []
        var stack: [String] = []
        func visit(_ name: String) -> State {
            if let s = state[name] {
                if s == .visiting {
                    // A back edge: everything on the stack from `name` up is on a cycle.
                    if let i = stack.lastIndex(of: name) { onCycle.formUnion(stack[i...]) }
                    return .cyclic
                }
                return s
            }
            guard let d = byName[name] else { return .broken }
            state[name] = .visiting
            stack.append(name)
            var result = State.placed
            var cyclicReads: [String] = []
            for ref in d.inputs.values.compactMap(\.viewName) + d.when {
                guard defined.contains(ref) else { result = result == .cyclic ? .cyclic : .broken; continue }
                switch visit(ref) {
                case .placed: break
                case .broken: if result != .cyclic { result = .broken }
                case .cyclic, .visiting: result = .cyclic; cyclicReads.append(ref)
                }
            }
            stack.removeLast()
            state[name] = result
            if result == .placed { order.append(name) }
            if result == .cyclic { cycles[name] = (cyclicReads, false) }
            return result
        }
        for d in definitions { _ = visit(d.name) }
        for name in onCycle where cycles[name] != nil { cycles[name]!.inCycle = true }
        return (order, cycles)
    }

    /// Checks one view against its operator: operator, inputs, parameters.
    static func check(_ definition: ViewDefinition, library: OperatorLibrary,
                      problems: inout [ViewProblem]) -> (ViewDefinition, OperatorSpec, Parameters, [ViewNode.Input], any ViewProcessor)? {
        let name = definition.name
        guard let spec = library[definition.operatorName] else {
            let near = library.names.filter { $0.hasPrefix(String(definition.operatorName.prefix(3))) }
            problems.append(ViewProblem(.unknownOperator, view: name, at: definition.location(of: "operator"),
                                        "unknown operator '\(definition.operatorName)'" + (near.isEmpty ? "" : " (did you mean \(near.joined(separator: ", "))?)")))
            return nil
        }
        let before = problems.count
        // Inputs: `input:` is the operator's first input.
        var connected: [String: InputPath] = [:]
        for (inputName, path) in definition.inputs {
            let resolved = inputName.isEmpty ? (spec.inputs.first?.name ?? "") : inputName
            guard spec.inputs.contains(where: { $0.name == resolved }) || (spec.variadicInputs != nil && !inputName.isEmpty) else {
                problems.append(ViewProblem(.unknownInput, view: name, at: definition.location(of: "inputs.\(inputName)"),
                                            "operator '\(spec.name)' has no input '\(resolved)' (inputs: \(spec.inputs.map(\.name).joined(separator: ", ")))"))
                continue
            }
            if connected[resolved] != nil {
                problems.append(ViewProblem(.badEntry, view: name, at: definition.location(of: "inputs.\(inputName)"),
                                            "input '\(resolved)' is connected twice"))
            }
            connected[resolved] = path
        }
        var inputs: [ViewNode.Input] = []
        for input in spec.inputs {
            if let path = connected[input.name] {
                inputs.append(ViewNode.Input(name: input.name, path: path, kinds: input.kinds, optional: input.optional))
            } else if !input.optional {
                problems.append(ViewProblem(.missingInput, view: name, at: definition.location,
                                            "operator '\(spec.name)' needs input '\(input.name)'" + (spec.inputs.count == 1 ? " (give it as 'input:')" : "")))
            }
        }
        if let kinds = spec.variadicInputs {
            for (inputName, path) in definition.inputs where !inputName.isEmpty && !spec.inputs.contains(where: { $0.name == inputName }) {
                guard InputPath.isValidInputName(inputName) else {
                    problems.append(ViewProblem(.unknownInput, view: name, at: definition.location(of: "inputs.\(inputName)"),
                                                "input name '\(inputName)' must start with a letter or '_' and hold letters, digits and '_' only"))
                    continue
                }
                inputs.append(ViewNode.Input(name: inputName, path: path, kinds: kinds, optional: false))
            }
        }
        // Parameters.
        var values = Parameters()
        for (paramName, value) in definition.parameters {
            guard let p = spec.parameters.first(where: { $0.name == paramName }) else {
                let known = spec.parameters.map(\.name)
                problems.append(ViewProblem(.unknownParameter, view: name, at: definition.location(of: "params.\(paramName)"),
                                            "operator '\(spec.name)' has no parameter '\(paramName)'" + (known.isEmpty ? " (it takes none)" : " (parameters: \(known.joined(separator: ", ")))")))
                continue
            }
            guard let coerced = p.type.coerce(value) else {
                problems.append(ViewProblem(.badParameter, view: name, at: definition.location(of: "params.\(paramName)"),
                                            "parameter '\(paramName)' must be \(p.type), not \(value)"))
                continue
            }
            values.values[paramName] = coerced
        }
        for p in spec.parameters where values[p.name] == nil {
            if let d = p.defaultValue {
                values.values[p.name] = d
            } else if !p.optional {
                problems.append(ViewProblem(.missingParameter, view: name, at: definition.location,
                                            "operator '\(spec.name)' needs parameter '\(p.name)' (\(p.type))"))
            }
        }
        guard problems.count == before else { return nil }
        // The operator's own checks.
        let processor: any ViewProcessor
        do {
            processor = try spec.make(values)
        } catch {
            let at = error.parameter.map { parameter in
                error.column.map { definition.location(ofParameter: parameter, column: $0) } ?? definition.location(of: "params.\(parameter)")
            } ?? definition.location
            problems.append(ViewProblem(.badParameter, view: name, at: at, error.message))
            return nil
        }
        return (definition, spec, values, inputs, processor)
    }
}
