import Foundation

/// The folder that holds the templates (`Resources/Views`) and the static files (`Public`), found
/// the same way wherever the server is started: from a service manager, a cron job or another
/// folder. Reading them from the working folder made a server started anywhere but the
/// repository root answer 500 on every page.
///
/// In order: the folder given by `--resources` or `NASTAVNIK_RESOURCES` (only it: a wrong path is
/// an error, not a reason to guess); the executable's own folder (the deployment: the binary with
/// `Resources/` and `Public/` beside it); the package root above the executable (`swift run` and
/// `.build/…/nastavnik` in development); the working folder.
public enum ResourceFolder {
    /// The environment variable that names the folder, as `--resources` does.
    public static let environmentKey = "NASTAVNIK_RESOURCES"
    /// What a folder must hold to serve pages.
    static let requiredEntries = ["Resources/Views", "Public"]

    /// The folder the server should read templates and static files from, with a trailing `/`
    /// (as `DirectoryConfiguration` wants it).
    public static func locate(
        explicit: String?, executable: String?, workingDirectory: String, fileManager: FileManager = .default
    ) throws -> String {
        if let explicit = explicit?.trimmingCharacters(in: .whitespaces), !explicit.isEmpty {
            let folder = absolute(explicit, in: workingDirectory)
            guard holdsResources(folder, fileManager) else { throw NotFound(tried: [folder], explicit: true) }
            return withSlash(folder)
        }
        var tried: [String] = []
        if let executable {
            let binaryFolder = (absolute(executable, in: workingDirectory) as NSString).deletingLastPathComponent
            tried.append(binaryFolder)
            if holdsResources(binaryFolder, fileManager) { return withSlash(binaryFolder) }
            // Development: .build/<triple>/debug/nastavnik lies under the package root.
            var folder = (binaryFolder as NSString).deletingLastPathComponent
            while folder != "/" && !folder.isEmpty {
                if fileManager.fileExists(atPath: folder + "/Package.swift") {
                    tried.append(folder)
                    if holdsResources(folder, fileManager) { return withSlash(folder) }
                    break
                }
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
        let working = absolute(workingDirectory, in: "/")
        if !tried.contains(working) {
            tried.append(working)
            if holdsResources(working, fileManager) { return withSlash(working) }
        }
        throw NotFound(tried: tried, explicit: false)
    }

    /// The running executable's real path (symbolic links resolved), so a link in
    /// `/usr/local/bin` still finds the folder the binary was copied to.
    public static var currentExecutable: String? {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        return Bundle.main.executableURL?.resolvingSymlinksInPath().path ?? CommandLine.arguments.first
    }

    /// The templates or static files are in none of the folders tried: the server would answer
    /// 500 on every page, so it does not start.
    public struct NotFound: Error, CustomStringConvertible {
        public let tried: [String]
        /// The folder was named by `--resources` / `NASTAVNIK_RESOURCES`.
        public let explicit: Bool

        public var description: String {
            let list = tried.map { "  \($0)" }.joined(separator: "\n")
            let head = explicit
                ? "Не удалось начать работу: в папке, указанной в --resources или \(ResourceFolder.environmentKey), нет шаблонов и статических файлов (Resources/Views и Public):"
                : "Не удалось начать работу: шаблоны и статические файлы (Resources/Views и Public) не найдены. Проверены папки:"
            return """
            \(head)
            \(list)
            Положите папки Resources и Public рядом с программой nastavnik (как в README, раздел «Развёртывание») \
            или укажите папку, в которой они лежат: nastavnik serve --resources /opt/nastavnik или \(ResourceFolder.environmentKey)=/opt/nastavnik.
            """
        }
    }

    static func holdsResources(_ folder: String, _ fileManager: FileManager) -> Bool {
        requiredEntries.allSatisfy { entry in
            var isDirectory: ObjCBool = false
            return fileManager.fileExists(atPath: folder + "/" + entry, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    static func absolute(_ path: String, in base: String) -> String {
        let joined = path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
        let standardized = (joined as NSString).standardizingPath
        return standardized.count > 1 && standardized.hasSuffix("/") ? String(standardized.dropLast()) : standardized
    }

    static func withSlash(_ folder: String) -> String { folder.hasSuffix("/") ? folder : folder + "/" }
}
