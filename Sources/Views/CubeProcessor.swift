import KaraboBridge
import Operators
import OrderedCollections
import Synchronization

/// The processor of a `cube` view: accumulates a ``Cube`` (made on the first train, when it is
/// known whether a `by` filter is connected) and publishes it with `std`, `count` and `edges`.
/// Actions: `reset`, `save` (`file`: an HDF5 path).
final class CubeProcessor: ViewProcessor {
    struct State: Sendable {
        var cube: Cube?
        var binned = 0
        /// The axes of the first value (vectors, images).
        var valueAxes: [Axis] = []
    }

    let x: CubeBins, y: CubeBins?, every: Int, axes: CubeAxes
    let state = Mutex(State())

    init(x: CubeBins, y: CubeBins?, every: Int, axes: CubeAxes) {
        self.x = x
        self.y = y
        self.every = every
        self.axes = axes
    }

    func process(_ inputs: ViewInputs) throws -> ViewValue? { try processWithExtras(inputs).value }

    func processWithExtras(_ inputs: ViewInputs) throws -> ViewProduct {
        // A connected `by` or `y` that is absent this train: the train cannot be placed.
        if inputs.absentOptional.contains("by") || inputs.absentOptional.contains("y") { return ViewProduct(nil) }
        let value = try inputs.value("value")
        let xv = try inputs.scalar("x")
        let yv = y == nil ? nil : try inputs.scalar("y")
        let split = inputs["by"] != nil
        let stateIndex = try split ? (inputs.scalar("by") != 0 ? 1 : 0) : 0
        let (values, shape, valueAxes): ([Double], [Int], [Axis])
        switch value {
        case let .scalar(d): (values, shape, valueAxes) = ([d], [], [])
        case let .vector(a, xa, _): (values, shape, valueAxes) = (try doubles(a), a.shape, [xa])
        case let .image(a, xa, ya): (values, shape, valueAxes) = (try doubles(a), a.shape, [ya, xa])
        default:
            guard let a = value.ndarray else { throw ViewInputError.wrongKind(input: "value", expected: "numbers", got: value.kind) }
            (values, shape, valueAxes) = (try doubles(a), a.shape, [])
        }
        return try state.withLock { (s: inout State) throws -> ViewProduct in
            if s.cube == nil {
                s.cube = Cube(x: x, y: y, states: split ? 2 : 1)
                s.valueAxes = valueAxes
            }
            let added = try values.withUnsafeBufferPointer { buffer in
                try s.cube!.add(buffer, shape: shape, x: xv, y: yv, state: stateIndex, train: inputs.trainID)
            }
            guard added else { return ViewProduct(nil) }
            s.binned += 1
            guard s.binned % every == 0, let cube = s.cube else { return ViewProduct(nil) }
            return published(cube, valueAxes: s.valueAxes)
        }
    }

    func doubles(_ a: NDArray) throws -> [Double] {
        guard let d = a.doubles() else { throw ViewInputError.wrongKind(input: "value", expected: "numbers", got: .any) }
        return d
    }

    /// The cube as a value of rank `shape.count` with `std`, `count`, `edges` (and `y_edges`) beside it.
    func published(_ cube: Cube, valueAxes: [Axis]) -> ViewProduct {
        let shape = cube.shape
        let mean = NDArray.float64(cube.means, shape: shape)
        var dims: [Axis] = []
        if cube.states > 1 { dims.append(Axis(values: [0, 1], label: "by", unit: "")) }
        dims.append(Axis(values: cube.x.centres, label: axes.x.label, unit: axes.x.unit))
        if let yb = cube.y { dims.append(Axis(values: yb.centres, label: axes.y.label, unit: axes.y.unit)) }
        dims += valueAxes
        let value: ViewValue
        switch shape.count {
        case 1: value = .vector(mean, x: dims[0], value: axes.value)
        case 2 where dims.count == 2: value = .image(mean, x: dims[1], y: dims[0])
        default: value = .array(mean)
        }
        let countShape = Array(shape.prefix(shape.count - (cube.valueShape?.count ?? 0)))
        var extras: OrderedDictionary<String, Value> = [
            "std": .array(.float64(cube.standardDeviations, shape: shape)),
            "count": .array(.float64(cube.counts.map(Double.init), shape: countShape)),
            "edges": .array(.float64(cube.x.binEdges)),
        ]
        if let yb = cube.y { extras["y_edges"] = .array(.float64(yb.binEdges)) }
        return ViewProduct(value, extras: extras)
    }

    func control(_ action: String, _ arguments: [String: ParameterValue]) throws(ControlActionError) -> String {
        switch action {
        case "reset":
            state.withLock { $0 = State() }
            return "cube emptied"
        case "save":
            guard case let .string(path)? = arguments["file"], !path.isEmpty else { throw ControlActionError("save needs 'file': an HDF5 path") }
            let definition: String
            if case let .string(d)? = arguments["view_definition"] { definition = d } else { definition = "" }
            let cube = state.withLock { $0.cube } ?? Cube(x: x, y: y)
            do { try cube.save(to: path, definition: definition) } catch { throw ControlActionError("\(error)") }
            return "saved \(cube.counts.reduce(0, +)) trains in \(cube.counts.count) bins to \(path)"
        default:
            throw ControlActionError("cube actions are reset and save, not '\(action)'")
        }
    }
}
