import Synchronization

/// Per-pixel ingredients of an area detector's frames, in file order
/// (`p = (module·U + u)·V + v`): the dark pedestal and the two ring profiles.
struct PixelModel: Sendable {
    /// Mean dark level of every pixel: 1500 + uniform[0, 100) ADU.
    static let pedestalBase: Float = 1500
    static let pedestalSpread: Float = 100
    /// Standard deviation of the per-frame noise, ADU.
    static let noiseSigma: Float = 5
    /// Factor on ring 0 for pumped pulses.
    static let pumpedRingFactor: Float = 0.7

    let geometry: AreaGeometry
    let pedestal: [Float]
    /// Ring 0 (the pumped ring) at intensity 1.
    let pumpedRing: [Float]
    /// The other rings at intensity 1.
    let otherRings: [Float]

    init(geometry: AreaGeometry, seed: UInt64, salt: UInt64) {
        self.geometry = geometry
        let n = geometry.pixelsPerFrame
        var pedestal = [Float](repeating: 0, count: n)
        var pumped = [Float](repeating: 0, count: n)
        var others = [Float](repeating: 0, count: n)
        pedestal.withUnsafeMutableBufferPointer { ped in
            pumped.withUnsafeMutableBufferPointer { r0 in
                others.withUnsafeMutableBufferPointer { r1 in
                    var p = 0
                    for m in 0..<geometry.modules {
                        for u in 0..<geometry.uPixels {
                            for v in 0..<geometry.vPixels {
                                let q = geometry.q(radius: geometry.radius(module: m, u: u, v: v))
                                let (a, b) = geometry.ringProfiles(q: q)
                                r0[p] = Float(a)
                                r1[p] = Float(b)
                                ped[p] = PixelModel.pedestalBase
                                    + PixelModel.pedestalSpread * Float(Randomness.uniform(seed, .pedestal, UInt64(p), salt))
                                p += 1
                            }
                        }
                    }
                }
            }
        }
        self.pedestal = pedestal
        self.pumpedRing = pumped
        self.otherRings = others
    }
}

extension PixelModel {
    private static let cache = Mutex<[String: PixelModel]>([:])

    /// The model for a detector (identified by `salt`) and seed, built once per process.
    static func shared(geometry: AreaGeometry, seed: UInt64, salt: UInt64) -> PixelModel {
        let key = "\(salt)/\(seed)"
        if let model = cache.withLock({ $0[key] }) { return model }
        let model = PixelModel(geometry: geometry, seed: seed, salt: salt)
        cache.withLock { $0[key] = model }
        return model
    }
}
