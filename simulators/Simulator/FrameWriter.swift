/// Writes pool frames: value = pedestal + c₀·ring₀ + c₁·rings + σ·noise[(offset + p) mod 2²⁰].
struct FrameWriter: Sendable {
    let model: PixelModel
    let noise: NoiseTable
    let coefficients: FrameCoefficients

    /// Frame `f` in file order (`(module, u, v)`), `pixelsPerFrame` elements.
    func writeFrame<T: PixelElement>(_ f: Int, to out: UnsafeMutablePointer<T>) {
        let n = model.geometry.pixelsPerFrame
        let c0 = coefficients.pumped[f], c1 = coefficients.others[f], offset = coefficients.noiseOffset[f]
        let sigma = PixelModel.noiseSigma, mask = NoiseTable.mask
        model.pedestal.withUnsafeBufferPointer { ped in
            model.pumpedRing.withUnsafeBufferPointer { r0 in
                model.otherRings.withUnsafeBufferPointer { r1 in
                    noise.values.withUnsafeBufferPointer { z in
                        for p in 0..<n {
                            let value = ped[p] + c0 * r0[p] + c1 * r1[p] + sigma * z[(offset &+ p) & mask]
                            out[p] = T.convert(value)
                        }
                    }
                }
            }
        }
    }

    /// Rows `v` of `module` of the online-layout train buffer for window `start`:
    /// element `[module, v, u, i]` is pixel `(module, u, v)` of frame `start + i`.
    func writeWindow<T: PixelElement>(start: Int, module m: Int, v rows: Range<Int>, to out: UnsafeMutablePointer<T>) {
        let g = model.geometry
        let pulses = pulseCount
        let sigma = PixelModel.noiseSigma, mask = NoiseTable.mask
        let c0 = Array(coefficients.pumped[start..<(start + pulses)])
        let c1 = Array(coefficients.others[start..<(start + pulses)])
        let offsets = Array(coefficients.noiseOffset[start..<(start + pulses)])
        model.pedestal.withUnsafeBufferPointer { ped in
            model.pumpedRing.withUnsafeBufferPointer { r0 in
                model.otherRings.withUnsafeBufferPointer { r1 in
                    noise.values.withUnsafeBufferPointer { z in
                        for v in rows {
                            for u in 0..<g.uPixels {
                                let p = (m * g.uPixels + u) * g.vPixels + v
                                let base = ((m * g.vPixels + v) * g.uPixels + u) * pulses
                                let pd = ped[p], a = r0[p], b = r1[p]
                                for i in 0..<pulses {
                                    let value = pd + c0[i] * a + c1[i] * b + sigma * z[(offsets[i] &+ p) & mask]
                                    out[base + i] = T.convert(value)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Pulses per train.
    let pulseCount: Int

    init(model: PixelModel, noise: NoiseTable, coefficients: FrameCoefficients, pulses: Int) {
        self.model = model
        self.noise = noise
        self.coefficients = coefficients
        self.pulseCount = pulses
    }
}
