import Foundation
import OrderedCollections
import Synchronization
import Views

/// Views from a YAML views file and Python context files, as one set of definitions with the
/// operators that compute the Python ones.
public struct ViewSetup: Sendable {
    public var definitions: [ViewDefinition]
    public var library: OperatorLibrary
}

/// Loads (and follows) a YAML views file together with the Python contexts it names under
/// `python:` and those given on the command line. Each decorated function becomes a view whose
/// operator (`python:NAME@HASH`) forwards to the worker pool.
public final class PythonViewsLoader: Sendable {
    public let runtime: PythonRuntime
    public let viewsFile: URL?
    public let contexts: [URL]
    public let base: OperatorLibrary
    /// The files' contents as last read by ``load()``: the watcher compares against these, so an
    /// edit made between the start and the first look is not missed.
    private let loaded = Mutex<[Data?]>([])

    public init(runtime: PythonRuntime, viewsFile: URL?, contexts: [URL], base: OperatorLibrary) {
        self.runtime = runtime
        self.viewsFile = viewsFile
        self.contexts = contexts
        self.base = base
    }

    /// Whether a run with `viewsFile` and `contexts` needs Python at all.
    public static func needsPython(viewsFile: URL?, contexts: [URL]) -> Bool {
        !contexts.isEmpty || !(viewsFile.map(ViewsFile.pythonContexts(of:)) ?? []).isEmpty
    }

    /// The context files: the command line's, then the views file's `python:` entries.
    public var contextFiles: [URL] {
        var all = contexts
        for url in viewsFile.map(ViewsFile.pythonContexts(of:)) ?? [] where !all.contains(url) { all.append(url) }
        return all
    }

    /// Reads everything and builds the definitions. Blocks while the workers load the contexts.
    public func load() throws(ViewsFileError) -> ViewSetup {
        let contents = snapshot()
        loaded.withLock { $0 = contents }
        var problems: [ViewProblem] = []
        var definitions: [ViewDefinition] = []
        if let viewsFile {
            do { definitions = try ViewsFile.load(viewsFile) } catch { problems += error.problems }
        }
        var described: [PythonViewDescription] = []
        for url in contextFiles {
            do { described += try runtime.describe(contextAt: url) } catch { problems += error.problems }
        }
        let names = Set(definitions.map(\.name) + described.map(\.name))
        var library = base
        for view in described {
            guard let (definition, spec) = build(view, names: names, problems: &problems) else { continue }
            library.register(spec)
            definitions.append(definition)
        }
        guard problems.isEmpty else { throw ViewsFileError(problems) }
        return ViewSetup(definitions: definitions, library: library)
    }

    /// ``load()`` on a thread of its own, for async callers (the workers' answers are waited for there).
    public func loadOffPool() async -> Result<ViewSetup, ViewsFileError> {
        await withCheckedContinuation { continuation in
            let thread = Thread { [self] in
                do throws(ViewsFileError) {
                    continuation.resume(returning: .success(try load()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            thread.name = "trainspotter.python.load"
            thread.start()
        }
    }

    func build(_ view: PythonViewDescription, names: Set<String>, problems: inout [ViewProblem])
        -> (ViewDefinition, OperatorSpec)? {
        var inputs = OrderedDictionary<String, InputPath>()
        var lines: [String: Int] = [:]
        var versionArguments: [String] = []
        var ok = true
        for input in view.inputs {
            switch PythonPath.resolve(input.path, views: names) {
            case .contextVersion?:
                versionArguments.append(input.argument)
            case let .input(path)?:
                inputs[input.argument] = path
                lines["inputs.\(input.argument)"] = input.line
            case nil:
                problems.append(ViewProblem(.badPath, view: view.name, at: SourceLocation(file: view.file, line: input.line),
                                            "argument '\(input.argument)': unknown input path '\(input.path)' (expected karabo#SOURCE[key], "
                                            + "karabo#DEVICE.property, SOURCE[key], view#NAME, a view name, internal#train_id or internal#ctx_version)"))
                ok = false
            }
        }
        guard ok else { return nil }
        for p in view.parameters { lines["params.\(p.name)"] = p.line }
        let operatorName = "python:\(view.name)@\(view.hash)"
        let runtime = self.runtime, versionArgs = versionArguments
        let spec = OperatorSpec(
            name: operatorName, summary: "Python view \(view.name) (\(view.file):\(view.line))",
            inputs: inputs.keys.map { InputSpec($0, .any) },
            parameters: view.parameters.map { ParameterSpec($0.name, $0.type, default: $0.defaultValue) },
            stage: view.stage, output: view.kind
        ) { parameters in
            PythonViewProcessor(runtime: runtime, view: view, parameters: parameters, versionArguments: versionArgs)
        }
        let definition = ViewDefinition(name: view.name, operatorName: operatorName, inputs: inputs, hidden: view.hidden,
                                        stage: view.stage == .reduce ? .reduce : nil,
                                        location: SourceLocation(file: view.file, line: view.line), lines: lines)
        return (definition, spec)
    }

    /// The files' contents now, to notice changes.
    func snapshot() -> [Data?] {
        ([viewsFile].compactMap { $0 } + contextFiles).map { try? Data(contentsOf: $0) }
    }

    /// Installs the first setup: the context version becomes 1.
    public func started() { runtime.advanceVersion() }

    /// Polls the views file and the contexts; every change is loaded (off the cooperative pool),
    /// checked, and swapped in between trains. Views whose function is unchanged keep their state.
    /// Problems leave the running graph as it was and are reported.
    public func follow(_ runner: ViewRunner, interval: Double = 0.5,
                       report: @Sendable (Result<ViewRunner.ReloadSummary, ViewsFileError>) -> Void) async {
        var last = loaded.withLock { $0 }
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
            let now = snapshot()
            // A missing file (mid-replace by an editor) is waited out.
            guard now != last, !now.contains(where: { $0 == nil }) else { continue }
            // What load() reads next; a failed load is retried only after another edit.
            last = now
            switch await loadOffPool() {
            case let .success(setup):
                do {
                    let summary = try await runner.load(setup.definitions, library: setup.library)
                    runtime.advanceVersion()
                    report(.success(summary))
                } catch {
                    report(.failure(error))
                }
            case let .failure(error):
                report(.failure(error))
            }
        }
    }
}
