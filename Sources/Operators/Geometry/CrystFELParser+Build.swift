/// Second pass: raw entries → checked panels, bad regions and metadata.
extension CrystFELParser {
    /// What a panel's `dimN` entries say about the data layout.
    struct Layout: Equatable {
        /// The axis meanings, slowest first (`%`, `ss`, `fs` or `#` for a fixed index).
        var axes: [String]
        var module: Int?
    }

    func build(expectedShape: [Int]?) throws(GeometryError) -> PanelGeometry {
        guard !panelOrder.isEmpty else { throw error(0, "no panels") }
        var panels: [GeometryPanel] = []
        var layout: Layout?
        for name in panelOrder {
            let (panel, l) = try makePanel(name)
            if let layout, layout.axes != l.axes {
                throw error(panel.line, "panel \(name) has data axes \(l.axes), earlier panels \(layout.axes)")
            }
            layout = l
            panels.append(panel)
        }
        let hasModuleAxis = layout?.module != nil
        try checkOverlaps(panels)
        let modules = hasModuleAxis ? (panels.map(\.module).max() ?? 0) + 1 : 1
        let ss = (panels.map(\.maxSS).max() ?? 0) + 1, fs = (panels.map(\.maxFS).max() ?? 0) + 1
        var shape = hasModuleAxis ? [modules, ss, fs] : [ss, fs]
        if let expectedShape { shape = try fit(panels, shape: shape, to: expectedShape, moduleAxis: hasModuleAxis) }
        let geometry = PanelGeometry(
            file: file, panels: panels, badRegions: try badRegions(panels), groups: try checkedGroups(panels),
            clen: try length("clen", panels: panels), photonEnergy: try energy(), dataPath: globals["data"]?.value,
            hasModuleAxis: hasModuleAxis, dataShape: shape)
        return geometry
    }

    // MARK: Panels

    func makePanel(_ name: String) throws(GeometryError) -> (GeometryPanel, Layout) {
        let e = panelEntries[name] ?? [:]
        let line = panelLine[name] ?? 0
        func integer(_ key: String) throws(GeometryError) -> Int {
            guard let entry = e[key] else { throw error(line, "panel \(name) has no \(key)") }
            guard let v = CrystFELSyntax.integer(entry.value), v >= 0 else {
                throw error(entry.line, "\(name)/\(key) must be a non-negative integer, got '\(entry.value)'")
            }
            return v
        }
        func number(_ key: String, default value: Double? = nil) throws(GeometryError) -> Double {
            guard let entry = e[key] else {
                if let value { return value }
                throw error(line, "panel \(name) has no \(key)")
            }
            guard let v = CrystFELSyntax.number(entry.value) else {
                throw error(entry.line, "\(name)/\(key) must be a number, got '\(entry.value)'")
            }
            return v
        }
        func vector(_ key: String, default value: SIMD3<Double>) throws(GeometryError) -> SIMD3<Double> {
            guard let entry = e[key] else { return value }
            guard let v = CrystFELSyntax.vector(entry.value) else {
                throw error(entry.line, "\(name)/\(key) must be a vector such as '+0.5x -1y', got '\(entry.value)'")
            }
            return v
        }
        let minFS = try integer("min_fs"), maxFS = try integer("max_fs")
        let minSS = try integer("min_ss"), maxSS = try integer("max_ss")
        guard maxFS >= minFS else { throw error(e["max_fs"]?.line ?? line, "\(name): max_fs \(maxFS) < min_fs \(minFS)") }
        guard maxSS >= minSS else { throw error(e["max_ss"]?.line ?? line, "\(name): max_ss \(maxSS) < min_ss \(minSS)") }
        let res = try number("res")
        guard res > 0 else { throw error(e["res"]?.line ?? line, "\(name)/res must be positive, got \(res)") }
        let fs = try vector("fs", default: [1, 0, 0]), ss = try vector("ss", default: [0, 1, 0])
        let normal = SIMD3(fs.y * ss.z - fs.z * ss.y, fs.z * ss.x - fs.x * ss.z, fs.x * ss.y - fs.y * ss.x)
        guard (normal * normal).sum() > 1e-12 else {
            throw error(e["ss"]?.line ?? e["fs"]?.line ?? line, "\(name): fs and ss are parallel or zero")
        }
        let cx = try number("corner_x"), cy = try number("corner_y")
        let coffset = try number("coffset", default: 0)
        let layout = try dataLayout(name, e, line)
        let panel = GeometryPanel(
            name: name, line: line, module: layout.module ?? 0, minFS: minFS, maxFS: maxFS, minSS: minSS, maxSS: maxSS,
            fs: fs / res, ss: ss / res, corner: SIMD3(cx / res, cy / res, coffset), res: res,
            cornerPixels: SIMD2(cx, cy), fsPixels: fs, ssPixels: ss)
        return (panel, layout)
    }

    /// The panel's `dim0…dimN`: `%`, `ss`, `fs` or an integer (the module index). Default `ss, fs`.
    func dataLayout(_ name: String, _ e: [String: Entry], _ line: Int) throws(GeometryError) -> Layout {
        let dims = e.keys.compactMap { k -> Int? in k.hasPrefix("dim") ? Int(k.dropFirst(3)) : nil }.sorted()
        guard !dims.isEmpty else { return Layout(axes: ["ss", "fs"], module: nil) }
        var axes: [String] = []
        var module: Int?
        for (i, d) in dims.enumerated() {
            let entry = e["dim\(d)"] ?? Entry(value: "", line: line)
            guard d == i else { throw error(entry.line, "\(name): dim\(i) is missing before dim\(d)") }
            switch entry.value {
            case "%", "ss", "fs":
                guard !axes.contains(entry.value) || entry.value == "%" else {
                    throw error(entry.line, "\(name): '\(entry.value)' is given for two axes")
                }
                axes.append(entry.value)
            default:
                guard let m = CrystFELSyntax.integer(entry.value), m >= 0 else {
                    throw error(entry.line, "\(name)/dim\(d) must be %, ss, fs or a module index, got '\(entry.value)'")
                }
                guard module == nil else { throw error(entry.line, "\(name): only one fixed-index axis (the module) is supported") }
                module = m
                axes.append("#")
            }
        }
        guard let s = axes.firstIndex(of: "ss"), let f = axes.firstIndex(of: "fs"), s < f else {
            throw error(line, "\(name): the data axes need ss and then fs (got \(axes))")
        }
        guard f == axes.count - 1, s == axes.count - 2 else {
            throw error(line, "\(name): ss and fs must be the last two data axes (got \(axes))")
        }
        return Layout(axes: axes, module: module)
    }

    /// Two panels of one module may not share a data pixel.
    func checkOverlaps(_ panels: [GeometryPanel]) throws(GeometryError) {
        for (i, p) in panels.enumerated() {
            for q in panels[..<i] where q.module == p.module {
                if p.minFS <= q.maxFS, q.minFS <= p.maxFS, p.minSS <= q.maxSS, q.minSS <= p.maxSS {
                    throw error(p.line, "panel \(p.name) overlaps panel \(q.name) in the data "
                                + "(ss \(p.minSS)–\(p.maxSS), fs \(p.minFS)–\(p.maxFS) against ss \(q.minSS)–\(q.maxSS), fs \(q.minFS)–\(q.maxFS))")
                }
            }
        }
    }

    /// Checks the panels against the data's frame shape and returns it.
    func fit(_ panels: [GeometryPanel], shape: [Int], to expected: [Int], moduleAxis: Bool) throws(GeometryError) -> [Int] {
        if moduleAxis {
            guard expected.count == 3 else {
                throw error(0, "the geometry has a module axis (frames of \(shape)), the data frames are \(expected)")
            }
            guard expected[0] == shape[0] else {
                throw error(0, "the geometry has \(shape[0]) modules, the data \(expected[0])")
            }
        } else {
            let height = expected.count == 3 ? expected[0] * expected[1] : expected.first ?? 0
            guard expected.count == 2 || expected.count == 3 else { throw error(0, "data frames \(expected) are not images") }
            let flat = [height, expected[expected.count - 1]]
            for p in panels where p.maxSS >= flat[0] || p.maxFS >= flat[1] {
                throw error(p.line, "panel \(p.name) (ss \(p.minSS)–\(p.maxSS), fs \(p.minFS)–\(p.maxFS)) lies outside the data frame \(expected)")
            }
            return flat
        }
        for p in panels where p.maxSS >= expected[1] || p.maxFS >= expected[2] {
            throw error(p.line, "panel \(p.name) (ss \(p.minSS)–\(p.maxSS), fs \(p.minFS)–\(p.maxFS)) lies outside the module shape \(Array(expected.dropFirst()))")
        }
        return expected
    }

    // MARK: Bad regions, groups, metadata

    func badRegions(_ panels: [GeometryPanel]) throws(GeometryError) -> [BadRegion] {
        var out: [BadRegion] = []
        for name in badOrder {
            let e = badEntries[name] ?? [:]
            let line = badLine[name] ?? 0
            let labKeys = ["min_x", "max_x", "min_y", "max_y"], dataKeys = ["min_fs", "max_fs", "min_ss", "max_ss"]
            let hasLab = labKeys.contains { e[$0] != nil }, hasData = dataKeys.contains { e[$0] != nil }
            guard hasLab != hasData else {
                throw error(line, hasLab ? "bad region \(name) mixes x/y and fs/ss limits" : "bad region \(name) gives no limits")
            }
            if hasLab {
                var v: [Double] = []
                for k in labKeys {
                    guard let entry = e[k] else { throw error(line, "bad region \(name) has no \(k)") }
                    guard let x = CrystFELSyntax.number(entry.value) else { throw error(entry.line, "\(name)/\(k) must be a number") }
                    v.append(x)
                }
                out.append(BadRegion(name: name, line: line, extent: .lab(minX: v[0], maxX: v[1], minY: v[2], maxY: v[3])))
                continue
            }
            guard let panelName = e["panel"]?.value else { throw error(line, "bad region \(name) gives fs/ss limits but no panel") }
            guard let panel = panels.first(where: { $0.name == panelName }) else {
                throw error(e["panel"]?.line ?? line, "bad region \(name): no panel '\(panelName)'")
            }
            var v: [Int] = []
            for k in dataKeys {
                guard let entry = e[k] else { throw error(line, "bad region \(name) has no \(k)") }
                guard let x = CrystFELSyntax.integer(entry.value) else { throw error(entry.line, "\(name)/\(k) must be an integer") }
                v.append(x)
            }
            guard v[0] <= v[1], v[2] <= v[3], v[0] >= panel.minFS, v[1] <= panel.maxFS, v[2] >= panel.minSS, v[3] <= panel.maxSS else {
                throw error(line, "bad region \(name) (fs \(v[0])–\(v[1]), ss \(v[2])–\(v[3])) is not inside panel \(panelName)")
            }
            out.append(BadRegion(name: name, line: line,
                                 extent: .data(panel: panelName, minFS: v[0], maxFS: v[1], minSS: v[2], maxSS: v[3])))
        }
        return out
    }

    func checkedGroups(_ panels: [GeometryPanel]) throws(GeometryError) -> [PanelGroup] {
        let panelNames = Set(panels.map(\.name))
        let groupNames = Set(groups.filter { !$0.isCollection }.map(\.name))
        for g in groups {
            for m in g.members where !(panelNames.contains(m) || groupNames.contains(m)) {
                throw error(g.line, "group \(g.name): no panel or group '\(m)'")
            }
        }
        return groups
    }

    /// `clen` in metres: `0.2`, `0.2 m`, `200 mm`; nil when absent or an HDF5 path.
    func length(_ key: String, panels: [GeometryPanel]) throws(GeometryError) -> Double? {
        guard let entry = globals[key] ?? panelOrder.first.flatMap({ panelEntries[$0]?[key] }) else { return nil }
        if entry.value.hasPrefix("/") { return nil }
        guard let v = CrystFELSyntax.quantity(entry.value, units: ["m": 1, "mm": 1e-3]) else {
            throw error(entry.line, "\(key) must be a length such as '0.2', '0.2 m' or '200 mm', got '\(entry.value)'")
        }
        return v
    }

    /// The photon energy in eV from `photon_energy`, `wavelength` or `electron_voltage`.
    func energy() throws(GeometryError) -> Double? {
        if let entry = globals["photon_energy"] ?? panelOrder.first.flatMap({ panelEntries[$0]?["photon_energy"] }) {
            if entry.value.hasPrefix("/") { return nil }
            guard let v = CrystFELSyntax.quantity(entry.value, units: ["eV": 1, "keV": 1000]), v > 0 else {
                throw error(entry.line, "photon_energy must be a positive energy such as '9300' or '9.3 keV', got '\(entry.value)'")
            }
            return v
        }
        if let entry = globals["wavelength"] {
            guard let v = CrystFELSyntax.quantity(entry.value, units: ["m": 1, "A": 1e-10]), v > 0 else {
                throw error(entry.line, "wavelength must be a length such as '1e-10 m' or '1.0 A', got '\(entry.value)'")
            }
            return 12.398419843320026 / (v / 1e-10) * 1000
        }
        return nil
    }
}
