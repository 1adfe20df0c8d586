import Foundation
import JSON

/// A message from the page.
///
/// - `{"type": "subscribe", "views": {"cam": {"width": 400, "height": 300, "region": {…}, "reduction": "max"}, "sum": {…}}}`:
///   the views shown and how (replaces the previous set);
/// - `{"type": "set", "id": 7, "view": "roi", "params": {"x": 10, "width": 40}}`: change parameters;
/// - `{"type": "reset", "id": 8, "view": "avg"}`: restart a view;
/// - `{"type": "action", "id": 9, "view": "dark", "action": "record", "args": {"trains": 20}}`: an operator action.
struct ClientMessage: Decodable, Sendable {
    var type: String
    var id: Int64?
    var view: String?
    var views: [String: Subscription]?
    var params: [String: JSONValue]?
    var action: String?
    var args: [String: JSONValue]?

    /// Parses one message.
    static func parse(_ text: String) throws(DashboardError) -> ClientMessage {
        let message: ClientMessage
        do { message = try JSONDecoder().decode(ClientMessage.self, from: Data(text.utf8)) } catch {
            throw .badRequest("\(error)")
        }
        switch message.type {
        case "subscribe": guard message.views != nil else { throw .badRequest("'subscribe' needs \"views\"") }
        case "set": guard message.view != nil, message.params != nil else { throw .badRequest("'set' needs \"view\" and \"params\"") }
        case "reset": guard message.view != nil else { throw .badRequest("'reset' needs \"view\"") }
        case "action": guard message.view != nil, message.action != nil else { throw .badRequest("'action' needs \"view\" and \"action\"") }
        default: throw .badRequest("unknown message type '\(message.type)'")
        }
        return message
    }
}
