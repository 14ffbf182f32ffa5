// swift-tools-version:6.0
import PackageDescription

/// Settings every target shares: Swift 6 language mode (strict concurrency) is the default for tools 6.0.
var sharedSwiftSettings: [SwiftSetting] {
    [.enableUpcomingFeature("ExistentialAny")]
}

let package = Package(
    name: "Nastavnik",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nastavnik", targets: ["nastavnik"]),
        .executable(name: "mentor-match", targets: ["mentor-match"]),
        .library(name: "MentorMatching", targets: ["MentorMatching"]),
        .library(name: "NastavnikApp", targets: ["NastavnikApp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        // Already in the graph through Vapor; named so the SMTP client (notifications) may import them.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        .target(
            name: "MentorMatching",
            // Optimized in debug builds too: `swift run` and the tests match a whole program's
            // people on the page, which unoptimized solver code makes many times slower.
            swiftSettings: sharedSwiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .executableTarget(
            name: "mentor-match",
            dependencies: [
                "MentorMatching",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .target(
            name: "NastavnikApp",
            dependencies: [
                "MentorMatching",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .executableTarget(
            name: "nastavnik",
            dependencies: [
                "NastavnikApp",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "MentorMatchingTests",
            dependencies: ["MentorMatching"],
            swiftSettings: sharedSwiftSettings
        ),
        .testTarget(
            name: "NastavnikAppTests",
            dependencies: [
                "NastavnikApp",
                .product(name: "VaporTesting", package: "vapor"),
            ],
            swiftSettings: sharedSwiftSettings
        ),
    ]
)
