/// MPI tags of the scale-out protocol.
///
/// Worker → coordinator: ``took`` (the train ID it starts on, 8 bytes little-endian), ``idle``
/// (its input queue is empty), ``result`` (a packed ``StageOutput``), ``status`` (JSON counters,
/// twice a second, also the heartbeat), ``done`` (the worker's input ended). Coordinator →
/// workers: ``control`` (one tag, so reloads and commands stay in order: first byte `r` + views
/// file text, or `c` + a control command as JSON), ``stop``.
enum ScaleOutTag: Int32 {
    case result = 1
    case status = 2
    case done = 3
    case took = 4
    case idle = 5
    case control = 10
    case stop = 11
}
