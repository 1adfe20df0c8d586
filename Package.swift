// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Trainspotter",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "trainspotter", targets: ["trainspotter"]),
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
        // Wrappers: no C pointer leaves these modules.
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ", "ByteSlices"], swiftSettings: strict),
        .target(name: "MessagePack", dependencies: ["CMsgPack", "ByteSlices"], swiftSettings: strict),
        .target(name: "HDF5", dependencies: ["CHDF5"], swiftSettings: strict),
        .target(name: "MPI", dependencies: ["CMPI", "ByteSlices"], swiftSettings: strict),

        // The Karabo Bridge protocol: data model, 1.0/2.2 decoding and encoding, pulses.
        .target(
            name: "KaraboBridge",
            dependencies: ["MessagePack", "ByteSlices", .product(name: "OrderedCollections", package: "swift-collections")],
            swiftSettings: strict),
        // Bridge clients and servers over ZeroMQ sockets.
        .target(
            name: "BridgeSockets",
            dependencies: [
                "KaraboBridge", "ZeroMQ", "ByteSlices",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: strict),
        // The bundled simulator (a superset of karabo-bridge-server-sim).
        .target(
            name: "Simulator",
            dependencies: ["KaraboBridge", "BridgeSockets", "ByteSlices", .product(name: "Logging", package: "swift-log")],
            path: "simulators/Simulator", swiftSettings: strict),
        // Numerical operators: ROI, statistics, smoothing, azimuthal integration, dark, masks, histograms.
        .target(name: "Operators", dependencies: ["KaraboBridge", "ByteSlices", "HDF5"], swiftSettings: strict),
        // The view graph: views files, Swift views, per-train and cross-train stages, publishing.
        .target(
            name: "Views",
            dependencies: ["Operators", "KaraboBridge", "BridgeSockets", "ByteSlices", "Yams",
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "OrderedCollections", package: "swift-collections")],
            swiftSettings: strict),
        // Shipped example Swift views.
        .target(name: "ExampleViews", dependencies: ["Views", "Operators", "KaraboBridge"], path: "views/ExampleViews", swiftSettings: strict),
        // MPI scale-out: worker ranks run the per-train stage, rank 0 reorders and reduces.
        .target(
            name: "ScaleOut",
            dependencies: ["MPI", "Views", "KaraboBridge", "BridgeSockets", "ByteSlices",
                           .product(name: "OrderedCollections", package: "swift-collections")],
            swiftSettings: strict),
        // Raw recordings, EuXFEL-layout HDF5 files, replay.
        .target(
            name: "Recording",
            dependencies: ["KaraboBridge", "BridgeSockets", "ByteSlices", "HDF5", "MessagePack",
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        // The live web dashboard (Hummingbird + WebSocket), fed by the result stream.
        .target(
            name: "Dashboard",
            dependencies: ["KaraboBridge", "BridgeSockets", "ByteSlices",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                           .product(name: "Logging", package: "swift-log")],
            exclude: ["Web"],
            swiftSettings: strict),
        // The command-line tool.
        .executableTarget(
            name: "trainspotter",
            dependencies: [
                "KaraboBridge", "BridgeSockets", "ZeroMQ", "ByteSlices", "Simulator", "Operators", "Views",
                "ExampleViews", "Recording", "HDF5", "CMalloc", "Dashboard", "MPI", "ScaleOut",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),

        // Coverage-guided fuzzing of the msgpack and bridge decoders (scripts/fuzz builds it with
        // -sanitize=fuzzer -DFUZZING); a plain build replays inputs given as arguments.
        .executableTarget(name: "DecoderFuzzer", dependencies: ["KaraboBridge", "MessagePack", "ByteSlices"], swiftSettings: strict),

        .target(
            name: "TestSupport",
            dependencies: ["ByteSlices", "KaraboBridge", "MessagePack", .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "ByteSlicesTests", dependencies: ["ByteSlices"], swiftSettings: strict),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ", "ByteSlices"], swiftSettings: strict),
        .testTarget(name: "MessagePackTests", dependencies: ["MessagePack", "ByteSlices"], swiftSettings: strict),
        .testTarget(
            name: "HDF5Tests", dependencies: ["HDF5", "TestSupport", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .testTarget(
            name: "KaraboBridgeTests",
            dependencies: ["KaraboBridge", "ByteSlices", "TestSupport", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["Corpus"],
            swiftSettings: strict),
        .testTarget(
            name: "BridgeSocketsTests",
            dependencies: ["BridgeSockets", "KaraboBridge", "ZeroMQ", "ByteSlices", "TestSupport",
                           .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .testTarget(
            name: "SimulatorTests",
            dependencies: ["Simulator", "KaraboBridge", "BridgeSockets", "TestSupport"],
            path: "Tests/SimulatorTests", swiftSettings: strict),
        .testTarget(name: "OperatorsTests", dependencies: ["Operators", "KaraboBridge", "ByteSlices", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "ViewsTests",
            dependencies: ["Views", "ExampleViews", "Operators", "KaraboBridge", "BridgeSockets", "ByteSlices", "TestSupport"],
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
            name: "ScaleOutTests",
            dependencies: ["ScaleOut", "MPI", "Views", "ExampleViews", "KaraboBridge", "BridgeSockets", "ByteSlices", "Recording", "TestSupport"],
            swiftSettings: strict),
        .testTarget(name: "trainspotterTests", dependencies: ["TestSupport", "KaraboBridge", "BridgeSockets"], swiftSettings: strict),
    ]
)
