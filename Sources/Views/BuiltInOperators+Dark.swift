import Foundation
import KaraboBridge
import Operators
import Synchronization

/// The processor of a `dark` view: records a dark on command (`record`), subtracts it from every
/// later train, passes trains through unchanged while it has none.
final class DarkProcessor: ViewProcessor {
    struct State: Sendable {
        var recorder: DarkRecorder?
        var reference: DarkReference?
    }

    let defaultTrains: Int
    let policy: NaNPolicy
    let layout: PulseLayout
    let file: String?
    let state: Mutex<State>
    /// Output buffers reused once downstream views have let go of them.
    let recycler = BufferRecycler()

    init(trains: Int, policy: NaNPolicy, layout: PulseLayout, file: String?, reference: DarkReference?) {
        defaultTrains = trains
        self.policy = policy
        self.layout = layout
        self.file = file
        state = Mutex(State(reference: reference))
    }

    func process(_ inputs: ViewInputs) throws -> ViewValue? {
        let (recording, current) = state.withLock { ($0.recorder != nil, $0.reference) }
        if !recording, let current {
            // The common case: reorder (online data) and subtract in one pass.
            let result = try current.subtract(pulsesFirst: try inputs.array("image"), layout: layout, recycler: recycler)
            return BuiltInOperators.sameKind(result.ndarray, like: try inputs.value("image"))
        }
        let train = try BuiltInOperators.pulsesFirst(inputs, "image", layout)
        let (reference, finished) = try state.withLock { s throws -> (DarkReference?, DarkReference?) in
            var finished: DarkReference?
            if var recorder = s.recorder {
                let complete = try recorder.add(train)
                s.recorder = recorder
                if complete {
                    s.reference = try recorder.dark()
                    s.recorder = nil
                    finished = s.reference
                }
            }
            return (s.reference, finished)
        }
        if let finished, let file {
            // HDF5 calls block: save off the processing path.
            Task.detached { try? finished.save(to: file) }
        }
        guard let reference else {
            return layout == .file ? try inputs.value("image") : .wrapping(train.ndarray)
        }
        return BuiltInOperators.sameKind(try reference.subtract(from: train).ndarray, like: try inputs.value("image"))
    }

    func control(_ action: String, _ arguments: [String: ParameterValue]) throws(ControlActionError) -> String {
        switch action {
        case "record":
            let n = arguments["trains"]?.int ?? defaultTrains
            guard n > 0 else { throw ControlActionError("trains must be positive") }
            let recorder: DarkRecorder
            do { recorder = try DarkRecorder(trains: n, nanPolicy: policy) } catch { throw ControlActionError("\(error)") }
            state.withLock { $0.recorder = recorder }
            return "recording a dark of \(n) trains"
        case "clear":
            state.withLock { $0 = State() }
            return "dark cleared"
        case "status":
            return state.withLock { s in
                if let r = s.recorder { return "recording: \(r.trainCount) of \(r.targetTrains ?? 0) trains" }
                if let d = s.reference { return "dark of \(d.trainCount) trains, shape \(d.mean.shape)" }
                return "no dark"
            }
        default:
            throw ControlActionError("dark actions: record (trains), clear, status")
        }
    }
}

extension BuiltInOperators {
    /// `dark`: records N trains on command (`record`), per-pulse mean in double precision, and
    /// subtracts it from later trains; optional `file` loads a saved dark at load time and saves new ones.
    static let dark = OperatorSpec(
        name: "dark", summary: "Dark recording on command (per-pulse Double mean) and subtraction; optional HDF5 file.",
        inputs: [InputSpec("image", .array, help: "a frame, or pulse-resolved data (layout)")],
        parameters: [ParameterSpec("trains", .int, default: .int(20), help: "trains per recording unless `record` says"),
                     ParameterSpec("nan", .choice(NaNPolicy.allCases.map(\.rawValue)), default: .string(NaNPolicy.propagate.rawValue)),
                     ParameterSpec("layout", .choice(PulseLayout.allCases.map(\.rawValue)), default: .string("file"),
                                   help: "online data are made pulses first"),
                     ParameterSpec("file", .string, optional: true, help: "HDF5 dark: loaded at start when it exists, written after each recording")],
        stage: .reduce,
        outputKind: { p, kinds in p.string("layout") == "online" ? .array : (kinds["image"] ?? .any) }
    ) { p throws(ParameterProblem) in
        let trains = p.int("trains")!
        guard trains > 0 else { throw ParameterProblem("trains must be positive", parameter: "trains") }
        var reference: DarkReference?
        if let file = p.string("file"), FileManager.default.fileExists(atPath: file) {
            do { reference = try DarkReference.load(from: file) } catch { throw ParameterProblem("\(error)", parameter: "file") }
        }
        return DarkProcessor(trains: trains, policy: NaNPolicy(rawValue: p.string("nan")!)!,
                             layout: PulseLayout(rawValue: p.string("layout")!)!, file: p.string("file"), reference: reference)
    }
}
