import Views

/// The example Swift views shipped with Trainspotter, registered by name so a views file can use
/// them as operators (`operator: xgm_vs_motor`).
public enum ExampleViews {
    /// Every example view.
    public static var library: OperatorLibrary {
        OperatorLibrary([XGMVersusMotor.spec, CameraSpot.spec, AGIPDRings.spec])
    }

    /// What `trainspotter run` offers: the built-in operators and these examples.
    public static var withBuiltIns: OperatorLibrary {
        var library = OperatorLibrary.builtIn
        library.register(contentsOf: Self.library)
        return library
    }
}
