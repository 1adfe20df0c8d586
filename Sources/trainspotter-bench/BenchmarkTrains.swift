import ByteSlices
import CommandSupport
import KaraboBridge

/// Zero-filled trains with the simulator's structure, for benchmarks.
enum BenchmarkTrains {
    /// `-d AGIPDModule -r`: one raw module, `image.data` uint16 (128, 512, pulses). 16.8 MB at 64 pulses.
    static func agipdModuleRaw(trainID: UInt64, pulses: Int = 64) -> Train {
        let name = "SPB_DET_AGIPD1M-1/DET/0CH0:xtdf"
        return train(name: name, trainID: trainID, data: [
            ("image.data", .uint16, [128, 512, pulses]),
            ("image.cellId", .uint16, [pulses]),
            ("image.gain", .uint16, [128, 512, pulses]),
            ("image.pulseId", .uint64, [pulses]),
            ("image.trainId", .uint64, [pulses]),
        ])
    }

    /// The default simulator train: corrected AGIPD, `image.data` float32 (16, 128, 512, pulses). 277 MB at 64 pulses.
    static func agipdCorrected(trainID: UInt64, pulses: Int = 64) -> Train {
        let name = "SPB_DET_AGIPD1M-1/CAL/APPEND_CORRECTED"
        return train(name: name, trainID: trainID, data: [
            ("image.data", .float32, [16, 128, 512, pulses]),
            ("image.cellId", .uint16, [pulses]),
            ("image.gain", .uint16, [128, 512, pulses]),
            ("image.pulseId", .uint64, [pulses]),
            ("image.trainId", .uint64, [pulses]),
        ])
    }

    static func train(name: String, trainID: UInt64, data: [(String, DType, [Int])]) -> Train {
        var source = SourceData(name: name, metadata: Metadata(source: name, trainID: trainID, timestamp: 1_700_000_000))
        for (key, dtype, shape) in data {
            let bytes = shape.reduce(1, *) * dtype.itemSize
            source.data[key] = .array(try! NDArray(dtype: dtype, shape: shape, data: ByteSlice(HeapBytes(zeroedCount: bytes))))
        }
        return Train(sources: [source])
    }
}
