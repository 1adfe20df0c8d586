import KaraboBridge
import OrderedCollections
import Synchronization

/// Computes one view, train by train.
///
/// A processor is built once per view definition (at load time) and reused while the
/// definition and its parameters stay the same, across reloads too: state it holds
/// (running averages, recorded darks) survives edits to other views.
///
/// Processors of per-train (`train` stage) operators are called concurrently for different
/// trains and must keep no state between trains. Processors of `reduce` operators are called
/// for one train at a time, in train order. Errors of any type are reported with the train ID
/// and view name; the other views run on.
public protocol ViewProcessor: Sendable {
    /// The view's value for one train; nil for "no value this train" (dependents are then skipped).
    func process(_ inputs: ViewInputs) throws -> ViewValue?

    /// Handles a control action (e.g. `record` for a dark), returning a short status text.
    /// The default refuses every action.
    func control(_ action: String, _ arguments: [String: ParameterValue]) throws(ControlActionError) -> String

    /// The value and extra published keys (e.g. a cube's `std` and `count`, a filter's `label`).
    /// The default is ``process(_:)`` with no extras.
    func processWithExtras(_ inputs: ViewInputs) throws -> ViewProduct
}

/// A view's value with the extra keys published beside it.
public struct ViewProduct: Sendable {
    /// The value (nil: no value this train).
    public var value: ViewValue?
    /// Keys published next to the value's own (`std`, `count`, `label`, …).
    public var extras: OrderedDictionary<String, Value>

    public init(_ value: ViewValue?, extras: OrderedDictionary<String, Value> = [:]) {
        self.value = value
        self.extras = extras
    }
}

extension ViewProcessor {
    public func processWithExtras(_ inputs: ViewInputs) throws -> ViewProduct { ViewProduct(try process(inputs)) }

    public func control(_ action: String, _ arguments: [String: ParameterValue]) throws(ControlActionError) -> String {
        throw ControlActionError("this view's operator has no action '\(action)'")
    }
}

/// Why a control action was refused.
public struct ControlActionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A stateless per-train processor from a closure.
public struct TrainFunction: ViewProcessor {
    let body: @Sendable (ViewInputs) throws -> ViewValue?

    public init(_ body: @escaping @Sendable (ViewInputs) throws -> ViewValue?) { self.body = body }

    public func process(_ inputs: ViewInputs) throws -> ViewValue? { try body(inputs) }
}

/// A processor that keeps `State` across trains (for `reduce` operators), from a closure.
public final class StatefulFunction<State: Sendable>: ViewProcessor {
    let state: Mutex<State>
    let body: @Sendable (inout State, ViewInputs) throws -> ViewValue?

    public init(initial: State, _ body: @escaping @Sendable (inout State, ViewInputs) throws -> ViewValue?) {
        self.state = Mutex(initial)
        self.body = body
    }

    public func process(_ inputs: ViewInputs) throws -> ViewValue? {
        try state.withLock { (s: inout State) throws -> ViewValue? in try body(&s, inputs) }
    }

    /// A copy of the current state.
    public var current: State { state.withLock { $0 } }
}
