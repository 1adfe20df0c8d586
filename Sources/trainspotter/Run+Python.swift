import ArgumentParser
import CommandSupport
import Foundation
import Pipeline
import PythonViews
import Views

/// `run`'s Python options: context files and the worker pool.
struct PythonOptions: ParsableArguments {
    @Option(name: .customLong("context"), help: "A Python context file (EXtra-metro style @View functions); repeatable. Watched and reloaded.")
    var contexts: [String] = []

    @Option(help: "The Python interpreter for views (default: $TRAINSPOTTER_PYTHON or python3).")
    var python: String?

    @Option(help: "Python worker processes for per-train views.")
    var pythonWorkers = 2

    @Option(help: "Seconds a Python view may take before its worker is restarted.")
    var pythonTimeout: Double = 10

    @Option(help: "Trains in their per-train stage at once when Python views run, each on a thread of its own (default: --python-workers).")
    var pythonTrains: Int?

    /// How the pipeline runs when Python views are involved: several trains at once, off the cooperative pool.
    var execution: Pipeline.Execution { .threads(pythonTrains ?? pythonWorkers) }

    /// A loader for the views file and the contexts, with its workers started; nil when no Python is involved.
    func loader(views: String?, base: OperatorLibrary) -> PythonViewsLoader? {
        let viewsFile = views.map { URL(fileURLWithPath: $0) }
        let contextFiles = contexts.map { URL(fileURLWithPath: $0) }
        guard PythonViewsLoader.needsPython(viewsFile: viewsFile, contexts: contextFiles) else { return nil }
        let runtime = PythonRuntime(PythonConfiguration(python: python, workers: pythonWorkers, timeout: pythonTimeout))
        return PythonViewsLoader(runtime: runtime, viewsFile: viewsFile, contexts: contextFiles, base: base)
    }
}

extension PythonViewsLoader {
    /// Follows the files, printing what each reload did.
    func followPrinting(_ runner: ViewRunner) async {
        let names = ([viewsFile].compactMap { $0 } + contextFiles).map(\.lastPathComponent).joined(separator: ", ")
        await follow(runner) { result in
            switch result {
            case let .success(summary):
                printLine("reloaded \(names): kept \(summary.kept.count), started \(summary.started.joined(separator: ", ")), removed \(summary.removed.joined(separator: ", "))")
            case let .failure(error):
                printError("\(names) not reloaded, still running the previous views:\n\(error)")
            }
        }
    }

    /// For the status line.
    var statusSuffix: String { " | " + runtime.counters.line }
}
