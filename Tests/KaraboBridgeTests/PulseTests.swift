import ByteSlices
import KaraboBridge
import TestSupport
import Testing

@Suite struct PulseTests {
    /// A uint16 array whose element at a C-order flat index is that index.
    func ramp(_ shape: [Int]) throws -> NDArray {
        let n = shape.reduce(1, *)
        let values = (0..<n).map { UInt16($0) }
        return try NDArray(dtype: .uint16, shape: shape, data: ByteSlice(copying: values.withUnsafeBytes { Array($0) }))
    }

    func ids(_ values: [UInt64], dtype: DType = .uint64) throws -> Value {
        .array(try NDArray(dtype: dtype, shape: [values.count], data: ByteSlice(copying: values.withUnsafeBytes { Array($0) })))
    }

    func source(data: [String: Value]) -> SourceData {
        var s = SourceData(name: "DET", metadata: Metadata())
        for (k, v) in data.sorted(by: { $0.key < $1.key }) { s.data[k] = v }
        return s
    }

    @Test func onlineLayoutHasPulsesLast() throws {
        let image = try ramp([2, 3, 4, 5])           // (modules, fs, ss, pulses)
        let s = source(data: ["image.data": .array(image), "image.pulseId": try ids([10, 11, 12, 13, 14]),
                              "image.cellId": try ids([0, 1, 2, 3, 4]), "other": .array(try ramp([3]))])
        let pulses = try s.pulses(layout: .online)
        #expect(pulses.count == 5)
        #expect(pulses.keys == ["image.cellId", "image.data", "image.pulseId"])
        let p = pulses[3]
        #expect(p.pulseID == 13 && p.cellID == 3)
        let slice = try #require(p["image.data"])
        #expect(slice.shape == [2, 3, 4])
        #expect(slice.buffer.isSameMemory(as: image.buffer), "a pulse slice is a view, not a copy")
        // element (m, f, s, 3) of the ramp is ((m*3+f)*4+s)*5+3
        let expected = (0..<24).map { Double($0 * 5 + 3) }
        #expect(slice.doubles() == expected)
        #expect(p["image.pulseId"]?.integers() == [13])
    }

    @Test func fileLayoutHasPulsesFirst() throws {
        let image = try ramp([5, 2, 4])              // (pulses, ss, fs)
        let s = source(data: ["image.data": .array(image), "image.cellId": try ids([4, 3, 2, 1, 0], dtype: .uint64)])
        let pulses = try s.pulses(layout: .file)
        #expect(pulses.count == 5 && pulses.pulseIDs == nil)
        #expect(pulses[1].cellID == 3)
        #expect(pulses[1]["image.data"]?.doubles() == (8..<16).map(Double.init))
        #expect(pulses[1]["image.data"]?.contiguousData.storage === image.buffer.storage)
    }

    @Test func layoutMustBeKnown() throws {
        let s = source(data: ["image.data": .array(try ramp([2, 5])), "image.pulseId": try ids([1, 2, 3, 4, 5])])
        #expect(throws: PulseError.layoutUnknown(source: "DET")) { try s.pulses() }
        let kinds = SourceKinds(rules: [try #require(SourceKinds.parseRule("DE*=online"))])
        #expect(try s.pulses(kinds: kinds).keys == ["image.data", "image.pulseId"])
        #expect(SourceKinds.builtIn.layout(for: "FXE_XAD_JF1M/DET/JNGFR01:daqOutput") == .file)
    }

    @Test func pulseIndexErrors() throws {
        #expect(throws: PulseError.noPulseIndex(source: "DET")) { try source(data: [:]).pulses(layout: .file) }
        let s = source(data: ["image.pulseId": try ids([1, 2]), "image.cellId": try ids([1, 2, 3])])
        #expect(throws: PulseError.inconsistentPulseCount(source: "DET", pulseIDs: 2, cellIDs: 3)) { try s.pulses(layout: .file) }
    }

    @Test func simulatorVectorReadsPerPulse() throws {
        let file = Vectors.directory.appendingPathComponent("p22_REP_AGIPDModule_raw_p4/train_000.msgpack")
        let train = try BridgeDecoder().decode(try loadFrames(file))
        let pulses = try #require(train["SPB_DET_AGIPD1M-1/DET/0CH0:xtdf"]).pulses(layout: .online)
        #expect(pulses.count == 4)
        #expect(pulses.map(\.pulseID) == [0, 1, 2, 3])
        #expect(pulses[2]["image.data"]?.shape == [128, 512])
        #expect(pulses[2]["image.trainId"]?.integers() == [10_000_000_000])
    }
}
