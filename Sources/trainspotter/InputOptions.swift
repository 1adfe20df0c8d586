import ArgumentParser
import BridgeSockets
import Matching

/// One or more inputs and how their trains are matched (`monitor`, `record`).
///
/// `ENDPOINT` and/or `--connect` several times; `-z` once for all, or once per endpoint in
/// order. With several endpoints (or any matching option) sources are matched into trains by
/// their own train IDs (``TrainMatcher``).
struct InputOptions: ParsableArguments {
    @Argument(help: "The server's endpoint, e.g. tcp://127.0.0.1:4545 (a bare port means 127.0.0.1); or use --connect.")
    var endpoint: String?

    @Option(name: .customLong("connect"), help: "An endpoint to connect to; repeat for several bridges, matched by train ID.")
    var connect: [String] = []

    @Option(name: [.customShort("z"), .customLong("server-socket")],
            help: "The server's socket type: REP, PUB or PUSH (we connect REQ, SUB or PULL); once for all endpoints or once per endpoint.")
    var serverSockets: [String] = []

    @Option(help: "Seconds without data before reporting a timeout (a REQ client then reconnects and asks again).")
    var timeout: Double = 10

    @OptionGroup var match: MatchOptions

    /// Every endpoint, in order (the positional one first).
    var endpoints: [String] { (endpoint.map { [$0] } ?? []) + connect }

    /// Whether trains go through the matcher (several inputs or a matching option).
    var matching: Bool {
        endpoints.count > 1 || match.asked
    }

    func validate() throws {
        guard !endpoints.isEmpty else { throw ValidationError("give an endpoint (ENDPOINT or --connect)") }
        guard serverSockets.count <= 1 || serverSockets.count == endpoints.count else {
            throw ValidationError("-z: give one for all endpoints or one per endpoint (\(endpoints.count)), not \(serverSockets.count)")
        }
        for socket in serverSockets where ClientPattern(serverSocket: socket) == nil {
            throw ValidationError("-z must be REP, PUB or PUSH, not '\(socket)'")
        }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    /// The client configuration of endpoint `index`.
    func clientConfiguration(_ index: Int, queueDepth: Int = 2) -> BridgeClientConfiguration {
        let socket = serverSockets.isEmpty ? "REP" : serverSockets[serverSockets.count == 1 ? 0 : index]
        return BridgeClientConfiguration(endpoint: Endpoint.normalize(endpoints[index]),
                                         pattern: ClientPattern(serverSocket: socket) ?? .req,
                                         timeout: timeout, queueDepth: queueDepth)
    }

    /// One client per endpoint and a matcher over them (the clients stay owned by the caller: close them).
    func makeMatcher(queueDepth: Int = 2, noDrop: Bool = false) throws -> (TrainMatcher, [BridgeClient]) {
        var clients: [BridgeClient] = []
        for index in endpoints.indices {
            var configuration = clientConfiguration(index, queueDepth: queueDepth)
            configuration.noDrop = noDrop
            clients.append(try BridgeClient(configuration))
        }
        let inputs = zip(endpoints, clients).map { MatcherInput(name: $0.0, client: $0.1) }
        return (try TrainMatcher(inputs: inputs, configuration: match.configuration), clients)
    }
}
