import BridgeSockets
import Foundation
import KaraboBridge
import Simulator
import TestSupport
import Testing

/// The documented ground truth (docs/simulator.md), asserted from decoded data.
@Suite(.timeLimit(.minutes(3))) struct GroundTruthTests {
    struct RingCase: Sendable, CustomTestStringConvertible {
        let detector: DetectorKind?
        let layout: DataLayout
        let raw: Bool
        let expected: [Double]
        let binWidth: Double
        var minimumCount = 150
        var testDescription: String { "\(detector?.rawValue ?? "JUNGFRAU") \(layout.rawValue)" }
    }

    static let ringCases = [
        RingCase(detector: .agipd, layout: .online, raw: false, expected: [0.8, 1.6, 2.4], binWidth: 0.005),
        RingCase(detector: .agipd, layout: .file, raw: true, expected: [0.8, 1.6, 2.4], binWidth: 0.005),
        RingCase(detector: .agipdModule, layout: .online, raw: true, expected: [0.8, 1.6, 2.4], binWidth: 0.01, minimumCount: 80),
        RingCase(detector: .lpd, layout: .online, raw: false, expected: [10, 20, 30], binWidth: 0.05),
        RingCase(detector: nil, layout: .file, raw: true, expected: [4, 8, 12], binWidth: 0.02),
    ]

    /// Azimuthal averages of decoded frames peak at the documented q for the documented geometry.
    @Test(arguments: ringCases)
    func ringsSitAtDocumentedQ(_ c: RingCase) async throws {
        let sim = try await startSimulator {
            $0.sources = c.detector == nil ? [.jungfrau] : [.detector]
            $0.detector = c.detector ?? .agipd
            $0.layout = c.layout
            $0.raw = c.raw
            $0.ntrains = 1
        }
        defer { sim.stop() }
        let train = try await receive(try client(for: sim), 1)[0]
        let (name, key): (String, String) = c.detector == nil ? (SourceNames.jungfrau, "data.adc")
            : (c.detector!.sourceName(raw: c.raw), "image.data")
        let array = try #require(train[name]?.array(key))
        let geometry: DocumentedGeometry = switch (c.detector, c.layout) {
        case (.agipd?, .online): .agipdOnline
        case (.agipd?, .file): .agipdFile
        case (.agipdModule?, _): .agipdModuleOnline
        case (.lpd?, .online): .lpdOnline
        case (.lpd?, .file): .lpdFile
        case (nil, _): .jungfrau
        }
        let qs = documentedQ(shape: array.shape, layout: c.layout, geometry: geometry)
        let profile = RadialProfile(values: pulseImage(array, pulse: 0, layout: c.layout), qs: qs,
                                    binWidth: c.binWidth, maxQ: c.expected.last! * 1.3)
        let peaks = profile.peaks(baseline: 1550, prominence: 15, minimumCount: c.minimumCount)
        #expect(peaks.count == c.expected.count, "peaks at \(peaks)")
        for (found, expected) in zip(peaks, c.expected) {
            #expect(abs(found - expected) <= 2 * c.binWidth, "peak at \(found), documented \(expected)")
        }
    }

    /// The spot is centred at column 320 + 50·x (x = motor actualPosition, mm), row 240, with
    /// height 2000 × mean pulse intensity (XGM photonFlux / 800 µJ); the motor scans 0.02 mm per train.
    @Test func spotFollowsMotor() async throws {
        let sim = try await startSimulator {
            $0.sources = [.camera, .motor, .xgm]
            $0.ntrains = 6
            $0.pattern = .push
        }
        defer { sim.stop() }
        let trains = try await receive(try client(for: sim), 6)
        for train in trains {
            let tid = try #require(train.trainID)
            let x = try #require(train[SourceNames.motor]?["actualPosition"]?.double)
            #expect(abs(x - (-2 + 0.02 * Double(tid - 10_000_000_000))) < 1e-9, "motor scans from -2 mm by 0.02 mm per train")
            let flux = try #require(train[SourceNames.xgmControl]?["pulseEnergy.photonFlux"]?.double)
            let image = try #require(train[SourceNames.camera]?.array("data.image.pixels"))
            #expect(image.shape == [480, 640] && image.dtype == .uint16)
            let px = floats(image)
            let peak = px.indices.max { px[$0] < px[$1] }!
            let (pr, pc) = (peak / 640, peak % 640)
            var sum = 0.0, sr = 0.0, sc = 0.0
            for r in max(0, pr - 48)..<min(480, pr + 49) {
                for col in max(0, pc - 48)..<min(640, pc + 49) {
                    let w = Double(px[r * 640 + col]) - 100
                    sum += w; sr += w * Double(r); sc += w * Double(col)
                }
            }
            #expect(abs(sc / sum - (320 + 50 * x)) < 0.3, "spot column \(sc / sum) for motor \(x)")
            #expect(abs(sr / sum - 240) < 0.3, "spot row \(sr / sum)")
            let height = Double(px[peak]) - 100
            #expect(abs(height - 2000 * flux / 800) < 20, "spot height \(height) for XGM \(flux) µJ")
        }
    }

    /// Dark frames are pedestal (1500 + uniform[0, 100) per pixel) plus noise σ 5 and no rings;
    /// subtracting a dark frame removes the per-pixel offsets and leaves the rings.
    @Test func darkLevelAndSubtraction() async throws {
        let dark = try await startSimulator {
            $0.dark = true; $0.ntrains = 2; $0.pattern = .push; $0.seed = 7; $0.raw = false
        }
        defer { dark.stop() }
        let darkTrains = try await receive(try client(for: dark), 2)
        let name = DetectorKind.agipd.sourceName(raw: false)
        let d0 = pulseImage(try #require(darkTrains[0][name]?.array("image.data")), pulse: 0, layout: .online)
        let d1 = pulseImage(try #require(darkTrains[1][name]?.array("image.data")), pulse: 0, layout: .online)
        let (mean, spread) = meanAndStd(d0)
        #expect(abs(mean - 1550) < 1, "dark mean \(mean)")
        #expect(spread > 28 && spread < 31, "pixel-to-pixel spread \(spread) (offsets σ 28.9 and noise σ 5)")
        #expect(d0.min()! > 1500 - 30 && d0.max()! < 1600 + 30)
        let (_, noise) = meanAndStd(zip(d0, d1).map { $0 - $1 })
        #expect(abs(noise - 5 * 2.0.squareRoot()) < 0.3, "noise of a difference of two dark frames \(noise)")
        let qs = documentedQ(shape: try #require(darkTrains[0][name]?.array("image.data")).shape, layout: .online,
                             geometry: .agipdOnline)
        let flat = RadialProfile(values: d0, qs: qs, binWidth: 0.005, maxQ: 3)
        #expect(flat.peaks(baseline: 1550, prominence: 15, minimumCount: 150).isEmpty, "no rings in the dark")

        let light = try await startSimulator { $0.ntrains = 1; $0.pattern = .push; $0.seed = 7 }
        defer { light.stop() }
        let frame = pulseImage(try #require(try await receive(try client(for: light), 1)[0][name]?.array("image.data")),
                               pulse: 0, layout: .online)
        let offRing = qs.indices.filter { abs(qs[$0] - 1.2) < 0.1 }
        let (_, before) = meanAndStd(offRing.map { frame[$0] })
        let (afterMean, after) = meanAndStd(offRing.map { frame[$0] - d0[$0] })
        #expect(before > 28, "without dark subtraction the offsets dominate (\(before))")
        #expect(after < 7.6 && abs(afterMean) < 0.5, "after subtraction only noise is left (\(after), mean \(afterMean))")
        let ring = qs.indices.filter { abs(qs[$0] - 0.8) < 0.005 }
        #expect(meanAndStd(ring.map { frame[$0] - d0[$0] }).mean > 50, "the ring stands out after subtraction")
    }

    /// Pumped pulses (odd train IDs with --laser train) have ring 0 at 0.7× its unpumped height
    /// relative to ring 1; ring 1 per pulse is proportional to the XGM pulse energy.
    @Test func pumpProbeAndXGMCorrelation() async throws {
        let sim = try await startSimulator {
            $0.sources = [.detector, .xgm, .laser]; $0.pulses = 3; $0.ntrains = 4; $0.pattern = .push; $0.seed = 11
            $0.poolMegabytes = 200
        }
        defer { sim.stop() }
        let trains = try await receive(try client(for: sim), 4)
        let name = DetectorKind.agipd.sourceName(raw: false)
        let shape = try #require(trains[0][name]?.array("image.data")).shape
        let qs = documentedQ(shape: shape, layout: .online, geometry: .agipdOnline)
        let ring0 = qs.indices.filter { abs(qs[$0] - 0.8) < 0.01 }, ring1 = qs.indices.filter { abs(qs[$0] - 1.6) < 0.01 }
        var ratios: [Bool: [Double]] = [:]
        var perEnergy: [Double] = []
        for train in trains {
            let tid = try #require(train.trainID)
            let laser = try #require(train[SourceNames.laser])
            let on = try #require(laser.array("data.laserOn")?.integers())
            #expect(on == Array(repeating: tid % 2 == 1 ? 1 : 0, count: 3), "odd train IDs are pumped")
            #expect(laser["data.pumped"] == .bool(tid % 2 == 1))
            let energies = try #require(train[SourceNames.xgmOutput]?.array("data.intensityTD")?.doubles())
            #expect(energies.count == 1000 && energies[3...].allSatisfy { $0 == 0 })
            let data = try #require(train[name]?.array("image.data"))
            for pulse in 0..<3 {
                let image = pulseImage(data, pulse: pulse, layout: .online)
                let r0 = ring0.reduce(0.0) { $0 + Double(image[$1]) } / Double(ring0.count) - 1550
                let r1 = ring1.reduce(0.0) { $0 + Double(image[$1]) } / Double(ring1.count) - 1550
                ratios[tid % 2 == 1, default: []].append(r0 / r1)
                perEnergy.append(r1 / energies[pulse])
            }
        }
        let off = ratios[false]!.reduce(0, +) / Double(ratios[false]!.count)
        let on = ratios[true]!.reduce(0, +) / Double(ratios[true]!.count)
        #expect(abs(off - 1.6) < 0.08, "unpumped ring0/ring1 \(off) (documented 400/250)")
        #expect(abs(on / off - 0.7) < 0.03, "pumped/unpumped \(on / off)")
        let (m, s) = meanAndStd(perEnergy.map { Float($0) })
        #expect(s / m < 0.03, "ring 1 per µJ varies by \(s / m)")
        #expect(abs(m - 250.0 / 800.0) < 0.03, "ring 1 height per µJ \(m)")
    }
}

func meanAndStd(_ values: [Float]) -> (mean: Double, std: Double) {
    let n = Double(values.count)
    let mean = values.reduce(0.0) { $0 + Double($1) } / n
    let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n
    return (mean, variance.squareRoot())
}
