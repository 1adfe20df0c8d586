import Foundation
import Hummingbird
import HummingbirdWebSocket
import JSON
import Synchronization

/// One connected browser: what it shows (its subscriptions) and the loop that sends it the
/// newest results, at most ``DashboardConfiguration/maxUpdatesPerSecond`` per view.
///
/// All sending happens in one loop, which is the only writer of the socket; like everything a
/// session does, it runs on ``DashboardExecutor`` (the dashboard's own thread, lowered
/// priority), not on the cooperative pool where the monitor processes its trains. When the browser
/// reads slowly, that loop waits on the socket; results arriving meanwhile simply replace
/// older ones in the hub, so the next message is the newest (newest wins) and nothing upstream
/// ever waits.
final class ClientSession: Sendable {
    let hub: ResultHub
    let cache: FrameCache
    let control: (any DashboardControl)?
    let configuration: DashboardConfiguration

    struct Shared: Sendable {
        var subscriptions: [String: Subscription] = [:]
        /// Text messages (replies) waiting for the writer.
        var outbox: [String] = []
        var sent = 0
        var throttled = 0
    }

    let shared = Mutex(Shared())
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    private let id: Int

    init(hub: ResultHub, cache: FrameCache, control: (any DashboardControl)?, configuration: DashboardConfiguration) {
        self.hub = hub
        self.cache = cache
        self.control = control
        self.configuration = configuration
        (wakeups, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        id = hub.register(wake)
    }

    /// Serves the socket until the browser goes away.
    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        defer { hub.unregister(id) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.writeLoop(outbound) }
            await self.readLoop(inbound)
            group.cancelAll()
            self.wake.finish()
        }
    }

    // MARK: Reading

    private func readLoop(_ inbound: WebSocketInboundStream) async {
        do {
            for try await message in inbound.messages(maxSize: 1 << 20) {
                guard case let .text(text) = message else { continue }
                await handle(text)
            }
        } catch {
            configuration.logger.debug("dashboard client closed: \(error)")
        }
    }

    func handle(_ text: String) async {
        let message: ClientMessage
        do { message = try ClientMessage.parse(text) } catch {
            post(reply: nil, ControlReply.failure(error.description))
            return
        }
        if message.type == "subscribe" {
            shared.withLock { $0.subscriptions = (message.views ?? [:]).mapValues(\.clamped) }
            wake.yield()
            return
        }
        guard let control else {
            post(reply: message.id, .failure("this dashboard has no control over the running views"))
            return
        }
        let view = message.view ?? ""
        let reply: ControlReply
        switch message.type {
        case "set": reply = await control.setParameters(view: view, parameters: message.params ?? [:])
        case "reset": reply = await control.reset(view: view)
        default: reply = await control.action(view: view, action: message.action ?? "", arguments: message.args ?? [:])
        }
        if reply.ok, let index = await control.index() { hub.setIndex(index) }
        post(reply: message.id, reply)
    }

    private func post(reply id: Int64?, _ reply: ControlReply) {
        var fields: [String: JSONValue] = ["type": .string("reply"), "ok": .bool(reply.ok), "body": reply.body]
        if let id { fields["id"] = .int(id) }
        if let error = reply.error { fields["error"] = .string(error) }
        shared.withLock { $0.outbox.append(JSONValue.sortedObject(fields).text) }
        wake.yield()
    }

    // MARK: Writing

    private struct Sent {
        var sequence: UInt64
        var subscription: Subscription
        var at: ContinuousClock.Instant
        var history: UInt64
        var results: Int
    }

    private func writeLoop(_ outbound: WebSocketOutboundWriter) async {
        let interval = Duration.seconds(1 / max(0.1, configuration.maxUpdatesPerSecond))
        let clock = ContinuousClock()
        var sent: [String: Sent] = [:]
        var indexSent: UInt64?
        var statusSent: UInt64?
        do {
            try await outbound.write(.text(helloMessage))
            for await _ in wakeups {
                var due: ContinuousClock.Instant?
                repeat {
                    due = nil
                    for text in shared.withLock({ s in defer { s.outbox = [] }; return s.outbox }) {
                        try await outbound.writeTextMessage(text)
                    }
                    let (indexSequence, statusSequence) = hub.state.withLock { ($0.indexSequence, $0.statusSequence) }
                    if indexSent != indexSequence {
                        indexSent = indexSequence
                        try await outbound.writeTextMessage(hub.indexMessage())
                    }
                    if statusSent != statusSequence {
                        statusSent = statusSequence
                        let (sentCount, throttled) = shared.withLock { ($0.sent, $0.throttled) }
                        try await outbound.writeTextMessage(hub.statusMessage(sent: sentCount, throttled: throttled))
                    }
                    let subscriptions = shared.withLock { $0.subscriptions }
                    // One short lock for every shown view's newest record; views nobody shows cost nothing here.
                    let records = hub.records(subscriptions.keys)
                    for (view, subscription) in subscriptions.sorted(by: { $0.key < $1.key }) {
                        guard let record = records[view] else { continue }
                        let previous = sent[view]
                        if let previous, previous.sequence == record.sequence, previous.subscription == subscription { continue }
                        let now = clock.now
                        if let previous, now < previous.at + interval {
                            let next = previous.at + interval
                            due = due.map { min($0, next) } ?? next
                            continue
                        }
                        if let previous, record.results > previous.results + 1 {
                            let skipped = record.results - previous.results - 1
                            shared.withLock { $0.throttled += skipped }
                        }
                        let message = await encode(record, subscription: subscription, historySince: previous?.history ?? 0)
                        try await outbound.writeBinaryMessage(message)
                        sent[view] = Sent(sequence: record.sequence, subscription: subscription, at: now,
                                          history: record.history.lastSequence, results: record.results)
                        shared.withLock { $0.sent += 1 }
                    }
                    if let due { try await clock.sleep(until: due) }
                } while due != nil && !Task.isCancelled
            }
        } catch {
            configuration.logger.debug("dashboard client write ended: \(error)")
        }
    }

    /// `{"type": "hello", …}`: the server's limits, sent once on connecting.
    var helloMessage: String {
        JSONValue.object([
            "type": .string("hello"),
            "maxUpdatesPerSecond": .double(configuration.maxUpdatesPerSecond),
            "staleAfter": .double(configuration.staleAfter),
            "historyLength": .int(Int64(configuration.historyLength)),
            "control": .bool(control != nil),
            "title": .string(configuration.title),
        ]).text
    }

    private func encode(_ record: ResultHub.ViewRecord, subscription: Subscription, historySince: UInt64) async -> ByteBuffer {
        await cache.message(for: record, subscription: subscription, historySince: historySince)
    }
}
