import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging

/// The HTTP side: the page, its script and style, a JSON summary, and the WebSocket.
extension DashboardServer {
    static func application(_ configuration: DashboardConfiguration, hub: ResultHub, cache: FrameCache,
                            control: (any DashboardControl)?,
                            onRunning: @escaping @Sendable (Int) -> Void) -> some ApplicationProtocol {
        let router = Router(context: BasicWebSocketRequestContext.self)
        router.get("/") { _, _ in asset(WebAssets.indexHTML, type: "text/html; charset=utf-8") }
        router.get("/index.html") { _, _ in asset(WebAssets.indexHTML, type: "text/html; charset=utf-8") }
        router.get("/dashboard.js") { _, _ in asset(WebAssets.script, type: "text/javascript; charset=utf-8") }
        router.get("/dashboard.css") { _, _ in asset(WebAssets.stylesheet, type: "text/css; charset=utf-8") }
        router.get("/favicon.ico") { _, _ in Response(status: .noContent) }
        router.get("/api/views") { _, _ in
            asset("[\(hub.indexMessage()),\(hub.statusMessage(sent: 0, throttled: 0))]", type: "application/json")
        }
        router.ws("/ws", shouldUpgrade: { request, _ in
            sameOrigin(request) ? .upgrade([:]) : .dontUpgrade
        }) { inbound, outbound, _ in
            let session = ClientSession(hub: hub, cache: cache, control: control, configuration: configuration)
            // Off the cooperative pool, where the monitor processes its trains.
            await withTaskExecutorPreference(DashboardExecutor.shared) {
                await session.run(inbound: inbound, outbound: outbound)
            }
        }
        return Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: router, configuration: .init(ws: .init(maxFrameSize: 1 << 20))),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port),
                                                    serverName: "trainspotter"),
            onServerRunning: { channel in onRunning(channel.localAddress?.port ?? configuration.port) },
            eventLoopGroupProvider: .shared(DashboardExecutor.eventLoopGroup),
            logger: serverLogger(configuration.logger))
    }

    /// Hummingbird's own logger: quiet unless debugging (it reports a routine shutdown, which
    /// cancels the open connections, as errors).
    static func serverLogger(_ logger: Logger) -> Logger {
        var logger = logger
        if logger.logLevel > .debug { logger.logLevel = .critical }
        return logger
    }

    /// A fixed text response that browsers must not cache (the page changes with the binary).
    static func asset(_ text: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// Refuses WebSocket upgrades from pages served elsewhere (another site open in the same
    /// browser must not drive the running views); requests without an Origin (tools) pass, and so
    /// do origins with a `ws:` or `wss:` scheme: a browser sends its page's origin (`http`,
    /// `https` or `null`), never one of those, while WebSocket client libraries (e.g.
    /// HummingbirdWSClient) derive one from the socket's address — a tool that could as well send none.
    static func sameOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        if origin.hasPrefix("ws://") || origin.hasPrefix("wss://") { return true }
        guard let authority = request.head.authority else { return false }
        let host = origin.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init)
        return host == authority
    }
}
