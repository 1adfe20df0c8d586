// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Trainspotter",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "trainspotter", targets: ["trainspotter"]),
        .executable(name: "trainspotter-bench", targets: ["trainspotter-bench"]),
        .library(name: "KaraboBridge", targets: ["KaraboBridge"]),
        .library(name: "BridgeSockets", targets: ["BridgeSockets"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    ],
    targets: [
        // C libraries, reached only through the thin wrapper modules below.
        .systemLibrary(name: "CZeroMQ", path: "Sources/CZeroMQ", providers: [.apt(["libzmq3-dev"])]),
        .systemLibrary(name: "CMsgPack", path: "Sources/CMsgPack", providers: [.apt(["libmsgpack-dev"])]),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .systemLibrary(name: "CHDF5", path: "Sources/CHDF5", pkgConfig: "hdf5-serial", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CMPI", path: "Sources/CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),

        // Owned, address-stable byte buffers shared by sockets, decoder and arrays.
        .target(name: "ByteSlices", swiftSettings: strict),
        // Thread ↔ async hand-over: the bounded queue, the one-shot completion, dedicated threads
        // with their start handshake and stop flag. Every socket loop, recorder, the dashboard and
        // the simulator use these.
        .target(name: "Handoff", dependencies: [.product(name: "DequeModule", package: "swift-collections")],
                swiftSettings: strict),
        // The one JSON value model (control socket, dashboard messages, glimpse --json, tests).
        .target(name: "JSON", dependencies: [.product(name: "OrderedCollections", package: "swift-collections")],
                swiftSettings: strict),
        // Wrappers: no C pointer leaves these modules.
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ", "ByteSlices"], swiftSettings: strict),
        .target(name: "MessagePack", dependencies: ["CMsgPack", "ByteSlices"], swiftSettings: strict),
        .target(name: "HDF5", dependencies: ["CHDF5"], swiftSettings: strict),
        .target(name: "MPI", dependencies: ["CMPI", "ByteSlices"], swiftSettings: strict),

        // The Karabo Bridge protocol: data model, 1.0/2.2 decoding and encoding, pulses.
        .target(
            name: "KaraboBridge",
            dependencies: ["MessagePack", "ByteSlices", "JSON", .product(name: "OrderedCollections", package: "swift-collections")],
            swiftSettings: strict),
        // Bridge clients and servers over ZeroMQ sockets.
        .target(
            name: "BridgeSockets",
            dependencies: [
                "KaraboBridge", "ZeroMQ", "ByteSlices", "Handoff",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // The bundled simulator (a superset of karabo-bridge-server-sim).
        .target(
            name: "Simulator",
            dependencies: ["KaraboBridge", "BridgeSockets", "ByteSlices", "Handoff", .product(name: "Logging", package: "swift-log")],
            path: "simulators/Simulator", swiftSettings: strict),
        // Matching several inputs' sources into trains by each source's own train ID.
        .target(
            name: "Matching",
            dependencies: ["KaraboBridge", "BridgeSockets", "Handoff", .product(name: "OrderedCollections", package: "swift-collections")],
            swiftSettings: strict),
        // Numerical operators: ROI, statistics, smoothing, azimuthal integration, dark, masks, histograms.
        .target(name: "Operators", dependencies: ["KaraboBridge", "ByteSlices", "HDF5"], swiftSettings: strict),
        // The view graph: views files, Swift views, per-train and cross-train stages, publishing.
        .target(
            name: "Views",
            dependencies: ["Operators", "KaraboBridge", "ByteSlices", "JSON", "Yams",
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "OrderedCollections", package: "swift-collections")],
            swiftSettings: strict),
        // Python views: EXtra-metro style context files run in supervised worker processes.
        .target(
            name: "PythonViews",
            dependencies: ["Views", "KaraboBridge", "ByteSlices", .product(name: "OrderedCollections", package: "swift-collections")],
            swiftSettings: strict),
        // Shipped example Swift views.
        .target(name: "ExampleViews", dependencies: ["Views", "Operators", "KaraboBridge"], path: "views/ExampleViews", swiftSettings: strict),
        // MPI scale-out: worker ranks run the per-train stage, rank 0 reorders and reduces.
        .target(
            name: "ScaleOut",
            dependencies: ["MPI", "Views", "Pipeline", "KaraboBridge", "BridgeSockets", "ByteSlices", "JSON",
                           .product(name: "OrderedCollections", package: "swift-collections")],
            swiftSettings: strict),
        // Raw recordings, EuXFEL-layout HDF5 files, replay.
        .target(
            name: "Recording",
            dependencies: ["KaraboBridge", "BridgeSockets", "ByteSlices", "Handoff", "HDF5",
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        // The live web dashboard (Hummingbird + WebSocket), fed by the result stream.
        .target(
            name: "Dashboard",
            dependencies: ["KaraboBridge", "BridgeSockets", "Handoff", "JSON",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                           .product(name: "Logging", package: "swift-log")],
            exclude: ["Web"],
            swiftSettings: strict),
        // One run's data path: a train source, the view graph, result sinks (publisher, recorders,
        // dashboard) fed each message encoded once; the control socket; started and stopped as services.
        .target(
            name: "Pipeline",
            dependencies: ["KaraboBridge", "BridgeSockets", "ByteSlices", "Handoff", "JSON", "Views", "Recording", "Dashboard", "ZeroMQ", "Matching",
                           .product(name: "OrderedCollections", package: "swift-collections"),
                           .product(name: "DequeModule", package: "swift-collections"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            swiftSettings: strict),
        // What the command-line tools share: console output, signals, allocator tuning, finding executables.
        .target(name: "CommandSupport", dependencies: ["CMalloc"], swiftSettings: strict),
        // The command-line tool: user commands only.
        .executableTarget(
            name: "trainspotter",
            dependencies: [
                "KaraboBridge", "BridgeSockets", "Simulator", "Views",
                "ExampleViews", "Recording", "CommandSupport", "Dashboard", "Pipeline", "Handoff", "JSON", "Matching", "PythonViews", "MPI", "ScaleOut",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        // The benchmarks (`trainspotter-bench`), each beside a reference measured in the same run;
        // their children are the `trainspotter` tool built beside it.
        .executableTarget(
            name: "trainspotter-bench",
            dependencies: [
                "KaraboBridge", "BridgeSockets", "ZeroMQ", "ByteSlices", "Simulator", "Operators", "Views",
                "ExampleViews", "Recording", "CommandSupport", "Handoff", "PythonViews", "HDF5", "Matching", "Pipeline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        // Coverage-guided fuzzing of the msgpack and bridge decoders (scripts/fuzz builds it with
        // -sanitize=fuzzer -DFUZZING); a plain build replays inputs given as arguments.
        .executableTarget(name: "DecoderFuzzer", dependencies: ["KaraboBridge", "MessagePack", "ByteSlices"], swiftSettings: strict),

        .target(
            name: "TestSupport",
            dependencies: ["ByteSlices", "KaraboBridge", "MessagePack", "JSON", .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "JSONTests", dependencies: ["JSON"], swiftSettings: strict),
        // Small Swift views and in-memory trains for the view-graph and pipeline tests.
        .target(
            name: "ViewsTestSupport",
            dependencies: ["Views", "KaraboBridge", .product(name: "OrderedCollections", package: "swift-collections")],
            path: "Tests/ViewsTestSupport", swiftSettings: strict),
        .testTarget(name: "ByteSlicesTests", dependencies: ["ByteSlices"], swiftSettings: strict),
        .testTarget(name: "HandoffTests", dependencies: ["Handoff"], swiftSettings: strict),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ", "ByteSlices"], swiftSettings: strict),
        .testTarget(name: "MessagePackTests", dependencies: ["MessagePack", "ByteSlices"], swiftSettings: strict),
        .testTarget(
            name: "HDF5Tests", dependencies: ["HDF5", "TestSupport", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .testTarget(
            name: "KaraboBridgeTests",
            dependencies: ["KaraboBridge", "ByteSlices", "TestSupport"],
            exclude: ["Corpus"],
            swiftSettings: strict),
        .testTarget(
            name: "BridgeSocketsTests",
            dependencies: ["BridgeSockets", "KaraboBridge", "ZeroMQ", "ByteSlices", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "SimulatorTests",
            dependencies: ["Simulator", "KaraboBridge", "BridgeSockets", "TestSupport"],
            path: "Tests/SimulatorTests", swiftSettings: strict),
        .testTarget(name: "OperatorsTests", dependencies: ["Operators", "KaraboBridge", "ByteSlices", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "ViewsTests",
            dependencies: ["Views", "ExampleViews", "Operators", "KaraboBridge", "BridgeSockets", "ByteSlices", "TestSupport",
                           "ViewsTestSupport", "Simulator"],
            swiftSettings: strict),
        .testTarget(
            name: "PythonViewsTests",
            dependencies: ["PythonViews", "Views", "KaraboBridge", "ByteSlices", "Pipeline", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "RecordingTests",
            dependencies: ["Recording", "KaraboBridge", "BridgeSockets", "ByteSlices", "HDF5", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "DashboardTests",
            dependencies: ["Dashboard", "KaraboBridge", "BridgeSockets", "ByteSlices", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "PipelineTests",
            dependencies: ["Pipeline", "Handoff", "Views", "Recording", "KaraboBridge", "BridgeSockets", "TestSupport",
                           "ViewsTestSupport"],
            swiftSettings: strict),
        .testTarget(name: "MatchingTests", dependencies: ["Matching", "KaraboBridge", "ByteSlices"], swiftSettings: strict),
        .testTarget(
            name: "ScaleOutTests",
            dependencies: ["ScaleOut", "MPI", "Views", "ExampleViews", "KaraboBridge", "BridgeSockets", "ByteSlices", "Recording", "TestSupport"],
            swiftSettings: strict),
        .testTarget(name: "trainspotterTests", dependencies: ["TestSupport", "KaraboBridge", "BridgeSockets"], swiftSettings: strict),
    ]
)
