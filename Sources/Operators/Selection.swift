/// Quickselect (Hoare partition, median-of-three pivots).
enum Selection {
    /// Reorders `v` so that `v[k]` is the element of rank `k`, smaller ones before it and
    /// larger ones after; returns `v[k]`. `v` must not contain NaN.
    static func select<T: Comparable>(_ v: UnsafeMutableBufferPointer<T>, _ k: Int) -> T {
        var lo = 0, hi = v.count - 1
        while hi > lo {
            let mid = lo + (hi - lo) / 2
            if v[mid] < v[lo] { v.swapAt(mid, lo) }
            if v[hi] < v[lo] { v.swapAt(hi, lo) }
            if v[hi] < v[mid] { v.swapAt(hi, mid) }
            let pivot = v[mid]
            var i = lo, j = hi
            while i <= j {
                while v[i] < pivot { i += 1 }
                while pivot < v[j] { j -= 1 }
                if i <= j { v.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { break }
        }
        return v[k]
    }
}
