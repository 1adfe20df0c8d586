/// Source names of the devices beyond the `-d` detector (realistic EuXFEL-style names).
public enum SourceNames {
    /// JUNGFRAU module (raw, as from the DAQ).
    public static let jungfrau = "SPB_IRDA_JF4M/DET/JNGFR01:daqOutput"
    /// Beam-imaging camera (Karabo ImageData keys under `data.image`).
    public static let camera = "SPB_XTD9_IMGPII45/CAM/BEAMVIEW:daqOutput"
    /// XGM fast (pulse-resolved) output.
    public static let xgmOutput = "SA1_XTD2_XGM/XGM/DOOCS:output"
    /// XGM control (train-averaged) data.
    public static let xgmControl = "SA1_XTD2_XGM/XGM/DOOCS"
    /// Beam-steering motor (control data).
    public static let motor = "SPB_IRU_STEER/MOTOR/X"
    /// Pump-probe laser pattern.
    public static let laser = "SPB_LAS_PPL/MDL/PUMP_PROBE:output"
}
