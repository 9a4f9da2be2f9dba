// swift-tools-version:6.1
//
// Ptolemy: a GeoSPARQL database server, SPARQL federation engine and RML mapper.
// The module graph is a layered DAG (see DESIGN.md, "Modules"); a target may
// depend only on targets of a lower layer. C libraries are reached through one
// system-library target each, imported by exactly one owning Swift module.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// Release-mode optimisation flags that matter on the hot paths of the loader
/// and the executor (bounds checks stay on: safety over the last few percent).
let optimised: [SwiftSetting] = swiftSettings + [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "Ptolemy",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ptolemy", targets: ["PtolemyCLI"]),
        .library(name: "PtolemyRDF", targets: ["PtolemyRDF"]),
        .library(name: "PtolemyRDFIO", targets: ["PtolemyRDFIO"]),
        .library(name: "PtolemyGeo", targets: ["PtolemyGeo"]),
        .library(name: "PtolemyStorage", targets: ["PtolemyStorage"]),
        .library(name: "PtolemySPARQL", targets: ["PtolemySPARQL"]),
        .library(name: "PtolemyEngine", targets: ["PtolemyEngine"]),
        .library(name: "PtolemyMapping", targets: ["PtolemyMapping"]),
        .library(name: "PtolemyFederation", targets: ["PtolemyFederation"]),
        .library(name: "PtolemyServer", targets: ["PtolemyServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The SPARQL endpoint (PtolemyServer). Hummingbird's default traits pull in
        // swift-configuration, which the server does not use.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // Outgoing HTTP of the federation layer (SERVICE requests, member statistics).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ],
    targets: [
        // Layer 0: system libraries (Debian: libraptor2-dev, libgeos-dev, libzstd-dev, zlib1g-dev, libproj-dev).
        .systemLibrary(name: "CRaptor", pkgConfig: "raptor2", providers: [.apt(["libraptor2-dev"])]),
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // xz-compressed inputs (RML-IO rml:tarxz, `ptolemy load` of .xz files); Debian: liblzma-dev.
        .systemLibrary(name: "CLzma", pkgConfig: "liblzma", providers: [.apt(["liblzma-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        // ESRI Shapefile sources of the RML engine (Debian: libshp-dev).
        .systemLibrary(name: "CShapelib", pkgConfig: "shapelib", providers: [.apt(["libshp-dev"])]),

        // Layer 1: the RDF model, geometry (no RDF), compression codecs.
        .target(name: "PtolemyRDF", swiftSettings: optimised),
        .target(name: "PtolemyGeo", dependencies: ["CGEOS", "CPROJ"], swiftSettings: optimised),
        .target(name: "PtolemyCompression", dependencies: ["CZstd", "CZlib", "CLzma"], swiftSettings: optimised),

        // Layer 2: RDF syntaxes and compression; SPARQL syntax and algebra; the store.
        .target(name: "PtolemyRDFIO", dependencies: ["PtolemyRDF", "PtolemyCompression", "CRaptor"], swiftSettings: optimised),
        .target(name: "PtolemySPARQL", dependencies: ["PtolemyRDF"], swiftSettings: optimised),
        .target(name: "PtolemyStorage", dependencies: ["PtolemyRDF", "PtolemyRDFIO", "PtolemyGeo", "PtolemyCompression", "CShapelib"], swiftSettings: optimised),

        // Layer 3-4: GeoSPARQL functions and the query engine.
        .target(name: "PtolemyGeoSPARQL", dependencies: ["PtolemyRDF", "PtolemyGeo", "PtolemySPARQL"], swiftSettings: optimised),
        .target(
            name: "PtolemyEngine",
            dependencies: ["PtolemyRDF", "PtolemyRDFIO", "PtolemySPARQL", "PtolemyStorage", "PtolemyGeoSPARQL", "PtolemyGeo"],
            swiftSettings: optimised),

        // Layer 5: RML mapping.
        .target(name: "PtolemyMapping", dependencies: ["PtolemyRDF", "PtolemyRDFIO", "PtolemyGeo", "PtolemyCompression", "CShapelib"], swiftSettings: optimised),

        // Layer 5: federation (SERVICE over HTTP, members, source selection).
        .target(
            name: "PtolemyFederation",
            dependencies: [
                "PtolemyRDF", "PtolemyRDFIO", "PtolemySPARQL", "PtolemyStorage", "PtolemyEngine", "PtolemyCompression",
                "PtolemyGeo", "PtolemyGeoSPARQL",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
            ],
            swiftSettings: optimised),

        // Layer 6: the SPARQL endpoint (Protocol, Update, Graph Store, UI, metrics).
        .target(
            name: "PtolemyServer",
            dependencies: [
                "PtolemyRDF", "PtolemyRDFIO", "PtolemySPARQL", "PtolemyStorage", "PtolemyEngine", "PtolemyCompression",
                "PtolemyFederation",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            // The web UI, compiled into the binary: nothing is fetched at run time.
            resources: [
                .embedInCode("Resources/ui/index.html"), .embedInCode("Resources/ui/app.js"),
                .embedInCode("Resources/ui/app.css"), .embedInCode("Resources/ui/favicon.svg"),
            ],
            swiftSettings: optimised),

        // Layer 7: the one binary.
        .executableTarget(
            name: "PtolemyCLI",
            dependencies: [
                "PtolemyRDF", "PtolemyRDFIO", "PtolemyGeo", "PtolemyStorage", "PtolemySPARQL",
                "PtolemyGeoSPARQL", "PtolemyEngine", "PtolemyMapping", "PtolemyServer", "PtolemyFederation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: optimised
        ),

        .testTarget(name: "PtolemyRDFTests", dependencies: ["PtolemyRDF"], swiftSettings: swiftSettings),
        .testTarget(name: "PtolemyRDFIOTests", dependencies: ["PtolemyRDFIO"], swiftSettings: swiftSettings),
        .testTarget(name: "PtolemyCompressionTests", dependencies: ["PtolemyCompression"], swiftSettings: swiftSettings),
        .testTarget(name: "PtolemyGeoTests", dependencies: ["PtolemyGeo"], swiftSettings: swiftSettings),
        .testTarget(name: "PtolemyStorageTests", dependencies: ["PtolemyStorage", "PtolemyRDFIO", "PtolemyGeo"], swiftSettings: swiftSettings),
        .testTarget(name: "PtolemySPARQLTests", dependencies: ["PtolemySPARQL"], swiftSettings: swiftSettings),
        .testTarget(name: "PtolemyEngineTests", dependencies: ["PtolemyEngine", "PtolemyRDFIO"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PtolemyGeoSPARQLTests",
            dependencies: ["PtolemyGeoSPARQL", "PtolemyEngine", "PtolemyStorage", "PtolemySPARQL", "PtolemyGeo", "PtolemyRDF", "PtolemyRDFIO"],
            exclude: ["REQUIREMENTS.md"],
            swiftSettings: swiftSettings),
        // Drives the built `ptolemy` binary: crash safety (kill -9), exit codes, error messages.
        .testTarget(name: "PtolemyCLITests", dependencies: ["PtolemyStorage", "PtolemyRDF"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PtolemyFederationTests",
            dependencies: ["PtolemyFederation", "PtolemyEngine", "PtolemyStorage", "PtolemySPARQL", "PtolemyRDF", "PtolemyRDFIO"],
            swiftSettings: swiftSettings),
        .testTarget(name: "PtolemyMappingTests", dependencies: ["PtolemyMapping"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PtolemyServerTests",
            dependencies: [
                "PtolemyServer", "PtolemyStorage", "PtolemyRDF", "PtolemyRDFIO", "PtolemyCompression",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
    ]
)
