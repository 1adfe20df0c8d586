import Operators
import Testing

/// The CrystFEL `.geom` reader on hand-written files: defaults and overrides, comments, units,
/// tilted panels, bad regions, groups, data layouts, and the `FILE:LINE:` errors.
@Suite struct GeometryReaderTests {
    static let tilted = """
    ; a hand-written two-panel detector
    res = 5000          ; pixels per metre (default for both panels)
    clen = 200 mm
    photon_energy = 9.3 keV
    dim0 = %
    dim1 = ss
    dim2 = fs

    q0/min_fs = 0
    q0/max_fs = 9
    q0/min_ss = 0
    q0/max_ss = 3
    q0/fs = +0.001945x -0.999996y
    q0/ss = 0.5x+0.5y-0.0001z
    q0/corner_x = -12.5
    q0/corner_y = 40

    coffset = 0.5       ; only for panels first mentioned after this line
    q1/min_fs=0
    q1/max_fs = 9
    q1/min_ss = 4
    q1/max_ss = 7
    q1/fs = -x
    q1/ss = +y
    q1/res = 10000
    q1/corner_x = 3.
    q1/corner_y = -1
    q1/coffset = 0.25

    bad_beamstop/min_x = -2
    bad_beamstop/max_x = 4
    bad_beamstop/min_y = -2
    bad_beamstop/max_y = 1.5
    bad_col/min_fs = 2
    bad_col/max_fs = 2
    bad_col/min_ss = 0
    bad_col/max_ss = 3
    bad_col/panel = q0

    rigid_group_all = q0,q1
    rigid_group_collection_det = all
    """

    @Test func readsTiltedPanelsDefaultsAndOverrides() throws {
        let g = try PanelGeometry(crystFEL: Self.tilted, file: "t.geom")
        #expect(g.panels.map(\.name) == ["q0", "q1"])
        #expect(g.hasModuleAxis == false && g.dataShape == [8, 10])
        #expect(abs((g.clen ?? 0) - 0.2) < 1e-15 && g.photonEnergy == 9300)
        let q0 = g.panels[0], q1 = g.panels[1]
        #expect(q0.fsPixels == SIMD3(0.001945, -0.999996, 0) && q0.ssPixels == SIMD3(0.5, 0.5, -0.0001))
        #expect(q0.res == 5000 && q1.res == 10000)
        #expect(q0.corner == SIMD3(-12.5 / 5000, 40.0 / 5000, 0))
        #expect(q1.corner == SIMD3(3.0 / 10000, -1.0 / 10000, 0.25))  // own coffset wins over the default 0.5
        #expect(q1.fs == SIMD3(-1.0 / 10000, 0, 0) && q1.ss == SIMD3(0, 1.0 / 10000, 0))
        #expect(q0.line == 9 && q1.line == 19)
        #expect(g.groups.map(\.name) == ["all", "det"] && g.groups[1].isCollection)
        #expect(g.badRegions.count == 2)

        // Centre of data pixel (ss 1, fs 2) of q0: corner + 1.5·ss + 2.5·fs, metres.
        let p = g.pixelPositions()[1 * 10 + 2]
        let expected = (SIMD3<Double>(-12.5, 40, 0) + 1.5 * SIMD3(0.5, 0.5, -0.0001) + 2.5 * SIMD3(0.001945, -0.999996, 0)) / 5000
        #expect(abs(p.x - expected.x) < 1e-15 && abs(p.y - expected.y) < 1e-15 && abs(p.z - expected.z) < 1e-15)
        // A panel's z = coffset: first pixel of q1.
        #expect(g.pixelPositions()[4 * 10].z == 0.25)
    }

    @Test func defaultsReachOnlyLaterPanels() throws {
        let text = """
        res = 100
        a/min_fs = 0
        a/max_fs = 1
        a/min_ss = 0
        a/max_ss = 0
        a/corner_x = 0
        a/corner_y = 0
        coffset = 0.5
        a/fs = x
        b/min_fs = 0
        b/max_fs = 1
        b/min_ss = 1
        b/max_ss = 1
        b/corner_x = 0
        b/corner_y = 1
        """
        let g = try PanelGeometry(crystFEL: text)
        #expect(g.panels[0].corner.z == 0 && g.panels[1].corner.z == 0.5)
        #expect(g.panels[0].ssPixels == SIMD3(0, 1, 0))  // CrystFEL's defaults fs = x, ss = y
    }

    @Test func badRegionsBecomeAMask() throws {
        let g = try PanelGeometry(crystFEL: Self.tilted)
        let mask = try g.badPixelMask()
        #expect(mask.shape == [8, 10])
        // bad_col: column 2 of q0 (4 pixels).
        for s in 0..<4 { #expect(mask.flags[s * 10 + 2] == 1) }
        // bad_beamstop: q1 pixels whose first corner (3 − fs, −1 + ss) pixels lies strictly inside
        // x ∈ (−2, 4), y ∈ (−2, 1.5): ss 0…2 of q1 (y −1, 0, 1) and fs 0…4 (x 3 … −1).
        var expected = 0
        for s in 0..<4 { for f in 0..<10 where Double(-1 + s) < 1.5 && Double(3 - f) > -2 { expected += 1; #expect(mask.flags[(4 + s) * 10 + f] == 1) } }
        #expect(expected == 15)
        // q0's corners are far from the box: only the bad column.
        #expect(mask.flags[0..<40].filter { $0 != 0 }.count == 4)
    }

    @Test func moduleAxisFromDim() throws {
        var text = "dim0 = %\nres = 5000\n"
        for m in 0..<3 {
            text += """
            p\(m)a0/dim1 = \(m)
            p\(m)a0/dim2 = ss
            p\(m)a0/dim3 = fs
            p\(m)a0/min_fs = 0
            p\(m)a0/max_fs = 7
            p\(m)a0/min_ss = 0
            p\(m)a0/max_ss = 3
            p\(m)a0/fs = +0.x -1.y
            p\(m)a0/ss = +1.x +0.y
            p\(m)a0/corner_x = \(m * 10)
            p\(m)a0/corner_y = 0.0

            """
        }
        let g = try PanelGeometry(crystFEL: text, dataShape: [3, 4, 8])
        #expect(g.hasModuleAxis && g.dataShape == [3, 4, 8] && g.panels.map(\.module) == [0, 1, 2])
        // Module shape larger than the panels is fine; a module count that differs is not.
        #expect(try PanelGeometry(crystFEL: text, dataShape: [3, 6, 8]).dataShape == [3, 6, 8])
        let e = #expect(throws: GeometryError.self) { try PanelGeometry(crystFEL: text, file: "m.geom", dataShape: [4, 4, 8]) }
        #expect(e?.description == "m.geom:0: the geometry has 3 modules, the data 4")
        let outside = #expect(throws: GeometryError.self) { try PanelGeometry(crystFEL: text, file: "m.geom", dataShape: [3, 4, 6]) }
        #expect(outside?.line == 3 && outside?.message.contains("lies outside the module shape [4, 6]") == true)
    }

    /// Malformed files: (text, line, part of the message).
    static let malformed: [(String, Int, String)] = [
        ("res = 1\np/min_fs = 0\np/foo = 3\n", 3, "unknown key 'foo' for panel p"),
        ("res = 1\nfrobnicate = 2\n", 2, "unknown key 'frobnicate'"),
        ("res = 1\np/min_fs 0\n", 2, "expected 'key = value'"),
        ("res = 1\np/min_fs = \n", 2, "missing value"),
        (panel("p", ss: "0 3") + "p/fs = 5e-3x\n", 11, "must be a vector"),
        (panel("p", ss: "0 3") + panel("q", ss: "3 5"), 11, "panel q overlaps panel p"),
        (panel("p", ss: "4 3"), 5, "max_ss 3 < min_ss 4"),
        ("res = 1\np/min_fs = 0\np/max_fs = 1\np/min_ss = 0\np/max_ss = 1\np/corner_x = 0\n", 2, "panel p has no corner_y"),
        (panel("p", ss: "0 3") + "p/min_fs = -2\n", 11, "non-negative integer"),
        (panel("p", ss: "0 3") + "bad1/min_x = 0\nbad1/max_x = 1\nbad1/min_y = 0\nbad1/max_y = 1\nbad1/min_fs = 0\n", 11, "mixes x/y and fs/ss"),
        (panel("p", ss: "0 3") + "bad1/min_fs = 0\nbad1/max_fs = 9\nbad1/min_ss = 0\nbad1/max_ss = 1\nbad1/panel = p\n", 11, "is not inside panel p"),
        (panel("p", ss: "0 3") + "rigid_group_a = p,zz\n", 11, "no panel or group 'zz'"),
        (panel("p", ss: "0 3") + "p/dim0 = ss\np/dim2 = fs\n", 12, "dim1 is missing"),
        (panel("p", ss: "0 3") + "p/fs = +1x +1y\np/ss = +2x +2y\n", 12, "parallel"),
        (panel("p", ss: "0 3") + "group_x/min_fs = 1\n", 11, "must not start with"),
        (panel("p", ss: "0 3") + "clen = far\n", 11, "clen must be a length"),
        ("; nothing but a comment\n", 0, "no panels"),
    ]

    /// A 2-row panel block of 10 lines: `ss` is "min max".
    static func panel(_ name: String, ss: String) -> String {
        let r = ss.split(separator: " ")
        return """
        \(name)/res = 100
        \(name)/min_fs = 0
        \(name)/max_fs = 1
        \(name)/min_ss = \(r[0])
        \(name)/max_ss = \(r[1])
        \(name)/fs = x
        \(name)/ss = y
        \(name)/corner_x = 0
        \(name)/corner_y = \(r[0])
        \(name)/coffset = 0

        """
    }

    @Test(arguments: malformed.indices)
    func malformedFilesNameTheLine(_ i: Int) {
        let (text, line, message) = Self.malformed[i]
        let e = #expect(throws: GeometryError.self) { try PanelGeometry(crystFEL: text, file: "bad.geom") }
        #expect(e?.line == line && e?.message.contains(message) == true, "case \(i): \(e.map(String.init(describing:)) ?? "no error")")
        #expect(e?.description.hasPrefix("bad.geom:\(line): ") == true)
    }

    @Test func missingFileIsAGeometryError() {
        let e = #expect(throws: GeometryError.self) { try PanelGeometry.load(crystFEL: "/nonexistent/x.geom") }
        #expect(e?.description.hasPrefix("/nonexistent/x.geom:0: cannot read") == true)
    }
}
