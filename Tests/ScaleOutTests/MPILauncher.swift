import Foundation
import TestSupport

/// `mpirun` for the tests: found on the PATH (the tests skip when it is absent), run as root
/// with Open MPI's two confirmation variables, oversubscribed (2 cores, 3 ranks) and unbound
/// (ranks use threads).
enum MPILauncher {
    static let mpirun: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/mpirun"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    static var available: Bool { mpirun != nil }

    static let environment = ["OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
                              "OMPI_MCA_rmaps_base_oversubscribe": "1"]

    /// `mpirun -n RANKS … trainspotter ARGUMENTS`.
    static func trainspotter(ranks: Int, _ arguments: [String], mpiOptions: [String] = []) throws -> ChildProcess {
        guard let mpirun else { throw LauncherMissing() }
        // Through mpi_exec.py, so mpirun gets the test's SIGTERM (the runner's threads block it).
        return try ChildProcess(TestEnvironment.python, [TestEnvironment.peersDirectory.appendingPathComponent("mpi_exec.py").path, mpirun,
                                                         "-n", "\(ranks)", "--oversubscribe", "--bind-to", "none"] + mpiOptions
                                + [TestEnvironment.trainspotterBinary.path] + arguments, environment: environment)
    }

    struct LauncherMissing: Error, CustomStringConvertible {
        var description: String { "mpirun not found on PATH (apt-get install openmpi-bin libopenmpi-dev)" }
    }
}
