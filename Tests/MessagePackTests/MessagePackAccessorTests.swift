import ByteSlices
import MessagePack
import Testing

@Suite struct MessagePackAccessorTests {
    @Test func subscriptMatchesStrAndBinKeys() {
        let map = MessagePackValue.map([
            MessagePackPair(.uint(1), .string("number key")),
            MessagePackPair(.binary(ByteSlice(utf8: "nd")), .bool(true)),
            MessagePackPair(.string("µ"), .uint(2)),
            MessagePackPair(.string("type"), .string("<f4")),
            MessagePackPair(.binary(ByteSlice(utf8: "type")), .string("second")),
        ])
        #expect(map["nd"] == .bool(true))
        #expect(map["µ"] == .uint(2))
        #expect(map["type"] == .string("<f4"))
        #expect(map["missing"] == nil)
        #expect(map["n"] == nil)
        #expect(MessagePackValue.array([.string("nd")])["nd"] == nil)
        #expect(MessagePackValue.string("nd")["nd"] == nil)
    }

    @Test func numericAccessors() {
        #expect(MessagePackValue.int(-5).int64Value == -5)
        #expect(MessagePackValue.int(-5).uint64Value == nil)
        #expect(MessagePackValue.int(5).uint64Value == 5)
        #expect(MessagePackValue.uint(5).int64Value == 5)
        #expect(MessagePackValue.uint(UInt64(Int64.max)).int64Value == Int64.max)
        #expect(MessagePackValue.uint(UInt64(Int64.max) + 1).int64Value == nil)
        #expect(MessagePackValue.uint(UInt64.max).uint64Value == UInt64.max)
        #expect(MessagePackValue.float32(0.25).doubleValue == 0.25)
        #expect(MessagePackValue.float64(1234.5).doubleValue == 1234.5)
        #expect(MessagePackValue.int(-3).doubleValue == -3)
        #expect(MessagePackValue.uint(10_000_000_000).doubleValue == 1e10)
        #expect(MessagePackValue.string("1").doubleValue == nil)
        #expect(MessagePackValue.float64(1).int64Value == nil)
    }

    @Test func otherAccessors() {
        #expect(MessagePackValue.string("a").stringValue == "a")
        #expect(MessagePackValue.binary(ByteSlice(utf8: "a")).stringValue == nil)
        #expect(MessagePackValue.bool(false).boolValue == false)
        #expect(MessagePackValue.nil.boolValue == nil)
        #expect(MessagePackValue.array([.nil]).arrayValue == [.nil])
        #expect(MessagePackValue.map([]).mapValue == [])
        #expect(MessagePackValue.binary(ByteSlice(copying: [1])).binaryValue?.bytes == [1])
        #expect(MessagePackValue.map([]).arrayValue == nil)
    }

    @Test func typeNames() {
        let names: [(MessagePackValue, String)] = [
            (.nil, "nil"), (.bool(true), "bool"), (.int(-1), "int"), (.uint(1), "uint"), (.float32(1), "float32"),
            (.float64(1), "float64"), (.string(""), "str"), (.binary(.empty), "bin"), (.array([]), "array"),
            (.map([]), "map"), (.ext(type: 1, data: .empty), "ext"),
        ]
        for (value, name) in names { #expect(value.typeName == name) }
    }
}
