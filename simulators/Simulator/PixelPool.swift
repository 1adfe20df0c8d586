import ByteSlices
import Dispatch
import KaraboBridge

/// Pre-generated detector images, handed out as zero-copy views.
///
/// * **file layout** (pulses first): one buffer of F consecutive frames; a train's array is
///   the window of frames `[k, k + pulses)`, so every window start gives different data.
/// * **online layout** (pulses last): pulses interleave per pixel, so a window cannot be a
///   view of a frame buffer; each usable window start gets its own pre-built train buffer.
/// * **zeros**: one zero buffer shared by every train.
final class PixelPool: Sendable {
    enum Storage: Sendable {
        case frames(ByteSlice)
        case windows([Int: ByteSlice])
        case zeros(ByteSlice)
    }

    let storage: Storage
    let dtype: DType
    /// Bytes of one frame (one pulse, all modules).
    let frameBytes: Int
    /// The array shape for a pulse count.
    let shape: @Sendable (Int) -> [Int]

    private init(storage: Storage, dtype: DType, frameBytes: Int, shape: @escaping @Sendable (Int) -> [Int]) {
        self.storage = storage
        self.dtype = dtype
        self.frameBytes = frameBytes
        self.shape = shape
    }

    /// Bytes held by the pool.
    var byteCount: Int {
        switch storage {
        case let .frames(s), let .zeros(s): return s.count
        case let .windows(w): return w.values.reduce(0) { $0 + $1.count }
        }
    }

    /// The image array of a train whose window starts at frame `start`, with `pulses` pulses
    /// (0 for an empty train, else the full pulse count for online pools).
    func array(start: Int, pulses: Int) -> NDArray {
        let bytes = pulses * frameBytes
        let data: ByteSlice
        if pulses == 0 {
            data = ByteSlice.empty
        } else {
            switch storage {
            case let .frames(all): data = all.slice(offset: start * frameBytes, count: bytes)!
            case let .windows(windows): data = windows[start]!.slice(offset: 0, count: bytes)!
            case let .zeros(zero): data = zero.slice(offset: 0, count: bytes)!
            }
        }
        return try! NDArray(dtype: dtype, shape: shape(pulses), data: data)
    }

    /// An all-zero pool for up to `pulses` pulses.
    static func zeros(dtype: DType, frameBytes: Int, pulses: Int, shape: @escaping @Sendable (Int) -> [Int]) -> PixelPool {
        PixelPool(storage: .zeros(ByteSlice(HeapBytes(zeroedCount: frameBytes * pulses))),
                  dtype: dtype, frameBytes: frameBytes, shape: shape)
    }

    /// Generates a pool: pixel value = pedestal + s·(g·ring₀ + rings₁₊) + σ·noise, with s the
    /// frame's intensity, g = 0.7 for pumped frames (1 otherwise) and no rings when `dark`.
    static func generate(model: PixelModel, beam: BeamTable, layout: DataLayout, raw: Bool, dark: Bool,
                         noise: NoiseTable, seed: UInt64, salt: UInt64,
                         shape: @escaping @Sendable (Int) -> [Int]) -> PixelPool {
        let dtype: DType = raw ? .uint16 : .float32
        let pixels = model.geometry.pixelsPerFrame
        let frameBytes = pixels * dtype.itemSize
        let coefficients = FrameCoefficients(beam: beam, dark: dark, seed: seed, salt: salt)
        let writer = FrameWriter(model: model, noise: noise, coefficients: coefficients, pulses: beam.pulses)
        switch layout {
        case .file:
            let storage = HeapBytes(count: frameBytes * beam.frameCount) { (buffer: UnsafeMutableRawBufferPointer) in
                let target = DisjointWrites(base: buffer.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: beam.frameCount) { f in
                    let out = target.base + f * frameBytes
                    if raw { writer.writeFrame(f, to: out.assumingMemoryBound(to: UInt16.self)) }
                    else { writer.writeFrame(f, to: out.assumingMemoryBound(to: Float.self)) }
                }
            }
            return PixelPool(storage: .frames(ByteSlice(storage)), dtype: dtype, frameBytes: frameBytes, shape: shape)
        case .online:
            let starts = beam.allStarts
            let chunks = 4, modules = model.geometry.modules, rows = model.geometry.vPixels
            let buffers = starts.map { start in
                HeapBytes(count: frameBytes * beam.pulses) { (buffer: UnsafeMutableRawBufferPointer) in
                    let target = DisjointWrites(base: buffer.baseAddress!)
                    DispatchQueue.concurrentPerform(iterations: modules * chunks) { job in
                        let base = target.base
                        let m = job / chunks, c = job % chunks
                        let vs = (c * rows / chunks)..<((c + 1) * rows / chunks)
                        if raw { writer.writeWindow(start: start, module: m, v: vs, to: base.assumingMemoryBound(to: UInt16.self)) }
                        else { writer.writeWindow(start: start, module: m, v: vs, to: base.assumingMemoryBound(to: Float.self)) }
                    }
                }
            }
            var windows: [Int: ByteSlice] = [:]
            for (start, buffer) in zip(starts, buffers) { windows[start] = ByteSlice(buffer) }
            return PixelPool(storage: .windows(windows), dtype: dtype, frameBytes: frameBytes, shape: shape)
        }
    }
}
