@testable import PythonViews
import Testing
import Views

@Suite struct PythonPathTests {
    @Test func extraMetroPathsResolve() {
        let views: Set<String> = ["dipoleOpen", "KEPLER1/rawShot"]
        #expect(PythonPath.resolve("karabo#SPB_DET/CAM/1:output[data.image.pixels]", views: views)
            == .input(.source("SPB_DET/CAM/1:output", key: "data.image.pixels")))
        #expect(PythonPath.resolve("karabo#SA1_XTD2_XGM/XGM/DOOCS.pulseEnergy.photonFlux", views: views)
            == .input(.source("SA1_XTD2_XGM/XGM/DOOCS", key: "pulseEnergy.photonFlux")))
        #expect(PythonPath.resolve("APP_DIPOLE/MDL/DIPOLE_TIMING.actualPosition", views: views)
            == .input(.source("APP_DIPOLE/MDL/DIPOLE_TIMING", key: "actualPosition")))
        #expect(PythonPath.resolve("view#dipoleOpen", views: views) == .input(.view("dipoleOpen")))
        #expect(PythonPath.resolve("KEPLER1/rawShot", views: views) == .input(.view("KEPLER1/rawShot")))
        #expect(PythonPath.resolve("view:other", views: views) == .input(.view("other")))
        #expect(PythonPath.resolve("internal#train_id", views: views) == .input(.trainID))
        #expect(PythonPath.resolve("internal#ctx_version", views: views) == .contextVersion)
        #expect(PythonPath.resolve("train:timestamp", views: views) == .input(.timestamp))
        #expect(PythonPath.resolve("nothing", views: views) == nil)
        #expect(PythonPath.resolve("internal#nope", views: views) == nil)
    }
}
