/// How this process was started: by an MPI launcher with more than one rank, or alone.
public enum MPILaunch {
    /// The world size the launcher announced in the environment (Open MPI's `mpirun`:
    /// `OMPI_COMM_WORLD_SIZE`; slurm's `srun`: `PMIX_SIZE`, `PMI_SIZE` or `SLURM_NTASKS` with
    /// `SLURM_PROCID`), or nil when none did. Reading it does not initialise MPI.
    public static func announcedSize(_ environment: [String: String]) -> Int? {
        for key in ["OMPI_COMM_WORLD_SIZE", "PMIX_SIZE", "PMI_SIZE"] {
            if let text = environment[key], let n = Int(text) { return n }
        }
        if environment["SLURM_PROCID"] != nil, let text = environment["SLURM_NTASKS"], let n = Int(text) { return n }
        return nil
    }

    /// True when a launcher started this process as one of several ranks.
    public static func isParallel(_ environment: [String: String]) -> Bool {
        (announcedSize(environment) ?? 1) > 1
    }
}
