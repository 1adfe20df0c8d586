import Foundation
import Synchronization
import Views

/// The Python side of a run: the worker pool and the context version views can read
/// (`internal#ctx_version`). Start one per `run`; ``close()`` stops the workers.
public final class PythonRuntime: Sendable {
    let pool: WorkerPool
    private let version = Atomic<Int>(0)

    /// Starts the workers (on a dedicated supervisor thread; this returns at once).
    public init(_ configuration: PythonConfiguration = PythonConfiguration()) {
        // A write to a worker that just died must fail with EPIPE, not end this process.
        signal(SIGPIPE, SIG_IGN)
        pool = WorkerPool(configuration)
    }

    /// The configuration the workers run with.
    public var configuration: PythonConfiguration { pool.configuration }

    /// Calls, exceptions, crashes, timeouts and restarts so far.
    public var counters: PythonCounters { pool.counters }

    /// How many times the contexts were loaded into a running graph (1 after the start).
    public var contextVersion: Int { version.load(ordering: .relaxed) }

    func advanceVersion() { version.add(1, ordering: .relaxed) }

    /// Stops the workers.
    public func close() { pool.close() }

    /// Loads the context file at `url` into the workers and describes its views. Blocks until a
    /// worker answered: call it off the cooperative pool (``PythonViewsLoader`` does).
    public func describe(contextAt url: URL) throws(ViewsFileError) -> [PythonViewDescription] {
        let file = url.path
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw ViewsFileError([ViewProblem(.syntax, view: nil, at: SourceLocation(file: file, line: 0),
                                              "cannot read the Python context: \(error.localizedDescription)")])
        }
        let reply: Frame
        do { reply = try pool.load(text: text, file: file) } catch {
            throw ViewsFileError([ViewProblem(.syntax, view: nil, at: SourceLocation(file: file, line: 0),
                                              "cannot load the Python context: \(error.message)")])
        }
        guard reply.ok else {
            let problems = (reply.header["problems"] as? [[String: Any]] ?? []).map { p in
                ViewProblem(.syntax, view: p["view"] as? String, at: SourceLocation(file: file, line: p["line"] as? Int ?? 0),
                            p["message"] as? String ?? "cannot load")
            }
            throw ViewsFileError(problems.isEmpty ? [ViewProblem(.syntax, view: nil, at: SourceLocation(file: file, line: 0),
                                                                 reply.string("error") ?? "cannot load")] : problems)
        }
        return (reply.header["views"] as? [[String: Any]] ?? []).compactMap { PythonViewDescription($0, file: file) }
    }
}
