import Foundation
import JSON
import Testing

/// The JSON model against Foundation's reader and writer, and on bad input.
@Suite struct JSONValueTests {
    @Test func integersStayExactAndMembersKeepTheirOrder() throws {
        let v = try JSONValue.parse(#"{"z": 18446744073709551615, "a": -9223372036854775808, "m": [1, 2.5, "x", null, true]}"#)
        #expect(v["z"] == .uint(18_446_744_073_709_551_615))
        #expect(v["a"] == .int(.min))
        #expect(v.object.map { Array($0.keys) } == ["z", "a", "m"])
        #expect(v["m"] == [1, 2.5, "x", nil, true])
        #expect(v.text == #"{"z":18446744073709551615,"a":-9223372036854775808,"m":[1,2.5,"x",null,true]}"#)
    }

    @Test(arguments: [
        #""plain""#, #""quote \" backslash \\ slash \/ tab \t nl \n""#, #""\u00e9\u4e2d\ud83d\ude00""#,
        #""control \u0001 char""#, "\"raw é 中 😀\"",
    ])
    func stringsRoundTripAsFoundationReadsThem(_ text: String) throws {
        let ours = try #require(try JSONValue.parse(text).string)
        let theirs = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed) as? String)
        #expect(ours == theirs)
        // What we write, Foundation reads back as the same string.
        let written = JSONValue.string(ours).text
        #expect(try JSONSerialization.jsonObject(with: Data(written.utf8), options: .fragmentsAllowed) as? String == ours)
    }

    @Test(arguments: [0.1, -2.5e-300, 1.7976931348623157e308, .leastNonzeroMagnitude, 3, -0.0, 123456789012345680])
    func doublesRoundTrip(_ d: Double) throws {
        let text = JSONValue.double(d).text
        let back = try #require(try JSONValue.parse(text).double)
        #expect(back == d)
    }

    @Test func objectsAreEqualWhateverTheMemberOrder() throws {
        let a = try JSONValue.parse(#"{"x": 1, "y": {"p": [1, 2], "q": null}}"#)
        let b = try JSONValue.parse(#"{"y": {"q": null, "p": [1, 2]}, "x": 1}"#)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != (try JSONValue.parse(#"{"x": 1, "y": {"p": [2, 1], "q": null}}"#)))
    }

    @Test func nonFiniteNumbersAreNullOrStrings() {
        let v: JSONValue = [.double(.nan), .double(.infinity), .double(-.infinity)]
        #expect(v.text == "[null,null,null]")
        #expect(v.formatted(.init(nonFinite: .string)) == #"["NaN","Infinity","-Infinity"]"#)
        #expect(JSONValue.sortedObject(["b": 1, "a": 2]).text == #"{"a":2,"b":1}"#)
    }

    @Test(arguments: [
        ("", "unexpected end"), ("{", "member name"), ("[1,]", "expected a value"), ("[1 2]", "expected , or ]"),
        (#"{"a" 1}"#, "expected :"), (#""abc"#, "unterminated string"), ("tru", "expected true"), ("1.", "digits after"),
        ("01x", "unexpected text"), (#""\ud800""#, "surrogate"), (#""\q""#, "unknown escape"), ("\"a\u{01}\"", "control character"),
    ])
    func badTextIsAClearError(_ text: String, _ expected: String) {
        #expect {
            _ = try JSONValue.parse(text)
        } throws: { error in
            "\(error)".contains(expected)
        }
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { _ = try JSONValue.parse(deep) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect((try? JSONValue.parse(fine)) != nil)
    }

    @Test func codableInsideOtherTypes() throws {
        struct Message: Codable { var params: [String: JSONValue] }
        let m = try JSONDecoder().decode(Message.self, from: Data(#"{"params": {"x": 10, "list": [1, "a"], "f": 0.5}}"#.utf8))
        #expect(m.params["x"] == 10)
        #expect(m.params["list"] == [1, "a"])
        #expect(m.params["f"]?.double == 0.5)
    }
}
