/// The detectors `karabo-bridge-server-sim` offers (`-d`), with its shapes and source names.
public enum DetectorKind: String, Sendable, CaseIterable {
    /// AGIPD 1M: 16 modules of 128 × 512 pixels, 64 pulses.
    case agipd = "AGIPD"
    /// One AGIPD module (raw data only, as in the Python simulator).
    case agipdModule = "AGIPDModule"
    /// LPD 1M: 16 modules of 256 × 256 pixels, 300 pulses.
    case lpd = "LPD"

    /// Pulses per train when `--pulses` is not given (the Python simulator's class attributes).
    public var defaultPulses: Int { self == .lpd ? 300 : 64 }

    /// Modules in the array (1 means no module axis).
    public var modules: Int { self == .agipdModule ? 1 : 16 }

    /// The Python simulator's `mod_y`: the module extent that comes first in the online layout.
    public var moduleY: Int { self == .lpd ? 256 : 128 }

    /// The Python simulator's `mod_x`: the module extent that comes first in the file layout.
    public var moduleX: Int { self == .lpd ? 256 : 512 }

    /// The source name the Python simulator uses.
    public func sourceName(raw: Bool) -> String {
        switch self {
        case .agipd: return raw ? "SPB_DET_AGIPD1M-1/CAL/APPEND_RAW" : "SPB_DET_AGIPD1M-1/CAL/APPEND_CORRECTED"
        case .agipdModule: return "SPB_DET_AGIPD1M-1/DET/0CH0:xtdf"
        case .lpd: return raw ? "FXE_DET_LPD1M-1/CAL/APPEND_RAW" : "FXE_DET_LPD1M-1/CAL/APPEND_CORRECTED"
        }
    }

    /// The `image.data` shape for `pulses` pulses in `layout`, exactly as the Python simulator
    /// builds it: online `(modules, mod_y, mod_x, pulses)`, file `(pulses, modules, mod_x, mod_y)`,
    /// without the module axis for a single module.
    public func imageShape(pulses: Int, layout: DataLayout) -> [Int] {
        let moduleAxis = modules == 1 ? [] : [modules]
        switch layout {
        case .online: return moduleAxis + [moduleY, moduleX, pulses]
        case .file: return [pulses] + moduleAxis + [moduleX, moduleY]
        }
    }
}
