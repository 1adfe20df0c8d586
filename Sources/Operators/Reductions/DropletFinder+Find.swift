extension DropletFinder {
    /// The droplets of a 2-D frame; `mask` nonzero = masked.
    public func find(in frame: DenseArray<Float>, mask: PixelMask? = nil) throws(OperatorError) -> DropletList {
        let (rows, columns) = try frame.imageShape()
        if let mask, mask.flags.count != rows * columns { throw .shapeMismatch(expected: [rows, columns], actual: mask.shape) }
        return frame.withUnsafeBufferPointer { v in find(pixels: v, rows: rows, columns: columns, mask: mask?.flags) }
    }

    /// The kernel on one frame in C order.
    public func find(pixels v: UnsafeBufferPointer<Float>, rows: Int, columns: Int, mask: [UInt8]? = nil) -> DropletList {
        labelled(pixels: v, rows: rows, columns: columns, mask: mask).list
    }

    /// The droplets plus the label of every pixel (1-based index into all droplets, 0 = none)
    /// and the thresholded values the sums were taken from.
    func labelled(pixels v: UnsafeBufferPointer<Float>, rows: Int, columns: Int, mask: [UInt8]?)
        -> (list: DropletList, labels: [Int32], values: [Float], all: [Droplet]) {
        let n = rows * columns
        precondition(v.count == n, "frame size")
        // Foreground: seeds, or (join mode) join pixels next to a seed.
        let pixelMaximum = pixelMaximum ?? .infinity
        let low = Swift.min(threshold, joinThreshold)
        var value = [Float](repeating: 0, count: n)
        var seed = [Bool](repeating: false, count: n)
        var any = false
        for p in 0..<n where v[p] >= low && v[p] <= pixelMaximum && (mask?[p] ?? 0) == 0 {
            value[p] = v[p]
            if v[p] >= threshold { seed[p] = true; any = true }
        }
        guard any else { return (DropletList(droplets: [], allCount: 0), [Int32](repeating: 0, count: n), value, []) }
        var foreground: [Bool]
        if joinThreshold == threshold {
            foreground = (0..<n).map { seed[$0] && value[$0] != 0 }
        } else {
            foreground = [Bool](repeating: false, count: n)
            for r in 0..<rows {
                for c in 0..<columns {
                    let p = r * columns + c
                    guard value[p] != 0, value[p] >= joinThreshold else { continue }
                    var near = seed[p] || (r > 0 && seed[p - columns]) || (r + 1 < rows && seed[p + columns])
                        || (c > 0 && seed[p - 1]) || (c + 1 < columns && seed[p + 1])
                    if !near && connectivity == .eight {
                        near = (r > 0 && c > 0 && seed[p - columns - 1]) || (r > 0 && c + 1 < columns && seed[p - columns + 1])
                            || (r + 1 < rows && c > 0 && seed[p + columns - 1]) || (r + 1 < rows && c + 1 < columns && seed[p + columns + 1])
                    }
                    foreground[p] = near
                }
            }
        }
        return measure(value: value, foreground: foreground, rows: rows, columns: columns)
    }

    /// Two-pass union–find labelling and the per-droplet sums, labels in raster order of
    /// their first pixel.
    func measure(value: [Float], foreground: [Bool], rows: Int, columns: Int)
        -> (list: DropletList, labels: [Int32], values: [Float], all: [Droplet]) {
        var label = [Int32](repeating: 0, count: rows * columns)
        var parent: [Int32] = [0]
        func root(_ x: Int32) -> Int32 {
            var x = x
            while parent[Int(x)] != x {
                parent[Int(x)] = parent[Int(parent[Int(x)])]
                x = parent[Int(x)]
            }
            return x
        }
        func union(_ a: Int32, _ b: Int32) -> Int32 {
            let ra = root(a), rb = root(b)
            if ra == rb { return ra }
            let (lo, hi) = ra < rb ? (ra, rb) : (rb, ra)
            parent[Int(hi)] = lo
            return lo
        }
        let eight = connectivity == .eight
        for r in 0..<rows {
            for c in 0..<columns where foreground[r * columns + c] {
                let p = r * columns + c
                var l: Int32 = 0
                func join(_ q: Int) {
                    let m = label[q]
                    guard m != 0 else { return }
                    l = l == 0 ? root(m) : union(l, m)
                }
                if c > 0 { join(p - 1) }
                if r > 0 {
                    join(p - columns)
                    if eight {
                        if c > 0 { join(p - columns - 1) }
                        if c + 1 < columns { join(p - columns + 1) }
                    }
                }
                if l == 0 {
                    l = Int32(parent.count)
                    parent.append(l)
                }
                label[p] = l
            }
        }
        // Final numbering: roots in order of first appearance (= smallest provisional label).
        var final = [Int32](repeating: 0, count: parent.count)
        var next: Int32 = 0
        for i in 1..<parent.count {
            let r = root(Int32(i))
            if r == Int32(i) { next += 1; final[i] = next } else { final[i] = final[Int(r)] }
        }
        var sums = [Accumulator](repeating: Accumulator(), count: Int(next))
        for p in 0..<(rows * columns) where label[p] != 0 {
            label[p] = final[Int(label[p])]
            sums[Int(label[p]) - 1].add(Double(value[p]), p / columns, p % columns)
        }
        let all = sums.map { s in
            Droplet(adu: s.adu, row: s.rowSum / s.adu, column: s.columnSum / s.adu, pixelCount: s.count,
                    rowRange: s.rowMin...s.rowMax, columnRange: s.columnMin...s.columnMax)
        }
        let kept = minimumADU.map { m in all.filter { $0.adu >= Double(m) } } ?? all
        return (DropletList(droplets: kept, allCount: all.count), label, value, all)
    }

    struct Accumulator {
        var adu = 0.0, rowSum = 0.0, columnSum = 0.0, count = 0
        var rowMin = Int.max, rowMax = Int.min, columnMin = Int.max, columnMax = Int.min

        mutating func add(_ v: Double, _ r: Int, _ c: Int) {
            adu += v
            rowSum += v * Double(r)
            columnSum += v * Double(c)
            count += 1
            rowMin = Swift.min(rowMin, r)
            rowMax = Swift.max(rowMax, r)
            columnMin = Swift.min(columnMin, c)
            columnMax = Swift.max(columnMax, c)
        }
    }
}
