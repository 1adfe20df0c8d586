extension PeakFinder8 {
    /// The radial offset (mean) and threshold per bin after OM's five symmetric k-sigma
    /// clipping passes, sums in float32. Bin `binCount` (left-out pixels) gets threshold +∞.
    func radialStatistics(_ v: UnsafeBufferPointer<Float>) -> (offset: [Float], threshold: [Float]) {
        let k = binCount
        var hi = [Float](repeating: 1e9, count: k + 1), lo = [Float](repeating: -1e9, count: k + 1)
        var mean = [Float](repeating: 0, count: k + 1)
        var sum = [Float](repeating: 0, count: k + 1), sumSq = [Float](repeating: 0, count: k + 1)
        var n = [Int32](repeating: 0, count: k + 1)
        let snr = parameters.minimumSNR, adc = parameters.adcThreshold
        for _ in 0..<5 {
            // The extra bin collects left-out pixels and never accepts a value.
            hi[k] = 0
            lo[k] = 0
            for i in 0...k {
                sum[i] = 0
                sumSq[i] = 0
                n[i] = 0
            }
            bins.withUnsafeBufferPointer { b in
                hi.withUnsafeBufferPointer { hi in
                    lo.withUnsafeBufferPointer { lo in
                        sum.withUnsafeMutableBufferPointer { sum in
                            sumSq.withUnsafeMutableBufferPointer { sumSq in
                                n.withUnsafeMutableBufferPointer { n in
                                    if let sample {
                                        for j in sample.pixels.indices {
                                            let p = Int(sample.pixels[j])
                                            guard b[p] != Int32(k) else { continue }
                                            let bin = Int(sample.bins[j]), x = v[p]
                                            if x > lo[bin] && x < hi[bin] {
                                                sum[bin] += x
                                                sumSq[bin] += x * x
                                                n[bin] += 1
                                            }
                                        }
                                    } else {
                                        for p in 0..<v.count {
                                            let bin = Int(b[p]), x = v[p]
                                            if x > lo[bin] && x < hi[bin] {
                                                sum[bin] += x
                                                sumSq[bin] += x * x
                                                n[bin] += 1
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            for i in 0..<k {
                if n[i] == 0 {
                    mean[i] = 0
                    hi[i] = .greatestFiniteMagnitude
                    lo[i] = .leastNormalMagnitude
                } else {
                    let count = Float(n[i])
                    let m = sum[i] / count
                    let variance = sumSq[i] / count - m * m
                    let sigma = variance >= 0 ? variance.squareRoot() : variance
                    mean[i] = m
                    hi[i] = Swift.max(m + snr * sigma, adc)
                    lo[i] = m - snr * sigma
                }
            }
        }
        hi[k] = .infinity
        return (mean, hi)
    }
}
