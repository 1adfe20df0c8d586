import KaraboBridge

/// A view of a graph that is running: its node, the processor holding its state, its version.
public struct RunningView: Sendable {
    public let node: ViewNode
    public let processor: any ViewProcessor
    /// Starts at 1; goes up each time the view's definition or parameters change.
    public let version: Int

    public var name: String { node.name }
}

/// A checked graph with the processors that run it.
///
/// Built from a new ``ViewGraph`` and the graph running so far: views whose definition and
/// parameters did not change keep their processor, and so their state; the others start afresh
/// with a higher version. Building one does not disturb the running graph, so a reload can be
/// prepared off the processing path and swapped in between trains.
public struct ActiveGraph: Sendable {
    /// The graph.
    public let graph: ViewGraph
    /// Running views, in graph order.
    public let views: [RunningView]
    /// Views that kept their processor from the previous graph.
    public let kept: [String]
    /// Views that are new or changed (fresh processors).
    public let started: [String]
    /// Views of the previous graph that are gone.
    public let removed: [String]

    /// Runs `graph`, keeping the state of views unchanged from `previous`.
    public init(_ graph: ViewGraph, replacing previous: ActiveGraph? = nil) {
        var old: [String: RunningView] = [:]
        for v in previous?.views ?? [] { old[v.name] = v }
        var views: [RunningView] = [], kept: [String] = [], started: [String] = []
        for node in graph.nodes {
            if let o = old[node.name], o.node.definition.fingerprint == node.definition.fingerprint {
                views.append(RunningView(node: node, processor: o.processor, version: o.version))
                kept.append(node.name)
            } else {
                views.append(RunningView(node: node, processor: node.processor, version: (old[node.name]?.version ?? 0) + 1))
                started.append(node.name)
            }
        }
        self.graph = graph
        self.views = views
        self.kept = kept
        self.started = started
        self.removed = (previous?.views ?? []).map(\.name).filter { graph.indexByName[$0] == nil }
    }

    /// An empty graph.
    public static let empty = ActiveGraph(.empty)

    /// The running view called `name`.
    public subscript(name: String) -> RunningView? { graph.indexByName[name].map { views[$0] } }
}

extension ActiveGraph {
    /// The same graph with `view` running on a fresh processor (fresh state, version + 1).
    func restarting(_ view: String, with processor: any ViewProcessor) -> ActiveGraph {
        ActiveGraph(graph: graph, views: views.map { v in
            v.name == view ? RunningView(node: v.node, processor: processor, version: v.version + 1) : v
        }, kept: views.map(\.name).filter { $0 != view }, started: [view], removed: [])
    }

    init(graph: ViewGraph, views: [RunningView], kept: [String], started: [String], removed: [String]) {
        self.graph = graph
        self.views = views
        self.kept = kept
        self.started = started
        self.removed = removed
    }
}
