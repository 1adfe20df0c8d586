/// MPI tags of the scale-out protocol.
///
/// Worker → coordinator: ``result`` (a packed ``StageOutput``), ``status`` (JSON counters, about
/// once a second, also the heartbeat), ``done`` (the worker's input ended). Coordinator →
/// workers: ``control`` (one tag, so reloads and commands stay in order: first byte `r` + views
/// file text, or `c` + a control command as JSON), ``stop``.
enum ScaleOutTag: Int32 {
    case result = 1
    case status = 2
    case done = 3
    case control = 10
    case stop = 11
}
