import Foundation
import JSON

/// The text messages sessions send: index and status.
extension ResultHub {
    /// `{"type": "index", "views": […]}`: the view index (from the control or the stream).
    func indexMessage() -> String {
        let entries = state.withLock { $0.index }
        return JSONValue.object(["type": .string("index"), "views": .array(entries.map(\.json))]).text
    }

    /// `{"type": "status", …}`: global counters, per-view freshness, and a client's own counters
    /// (messages sent, results it skipped because of its rate limit or its speed).
    func statusMessage(sent: Int, throttled: Int) -> String {
        let now = Date().timeIntervalSince1970
        // Only copies under the lock (the processing path takes it for every train); the JSON is built outside.
        let s = state.withLock { s in
            (views: s.views, lastTrainID: s.lastTrainID, counters: s.counters, messagesIn: s.messagesIn,
             resultsIn: s.resultsIn, clients: s.waiters.count, order: s.order)
        }
        let fields: [String: JSONValue] = {
            var views: [String: JSONValue] = [:]
            for (name, r) in s.views {
                views[name] = .object(["kind": .string(r.snapshot.kind), "lastTrain": .int(Int64(r.snapshot.trainID)),
                                       "age": .double(max(0, now - r.snapshot.receivedAt)), "rate": .double(r.rate),
                                       "results": .int(Int64(r.results)), "version": .int(Int64(r.snapshot.version))])
            }
            return [
                "type": .string("status"),
                "now": .double(now),
                "trainID": s.lastTrainID.map { .int(Int64($0)) } ?? .null,
                "counters": s.counters.map { .sortedObject($0.fields) } ?? .null,
                "dashboard": .object(["messagesIn": .int(Int64(s.messagesIn)), "resultsIn": .int(Int64(s.resultsIn)),
                                      "clients": .int(Int64(s.clients))]),
                "order": .array(s.order.map(JSONValue.string)),
                "views": .sortedObject(views),
            ]
        }()
        var all = fields
        all["client"] = .object(["sent": .int(Int64(sent)), "throttled": .int(Int64(throttled))])
        return JSONValue.sortedObject(all).text
    }
}
