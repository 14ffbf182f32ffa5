import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The SQLite data folder: made private when the app creates it, and proved writable at start-up,
/// so a read-only or foreign folder stops the server with a Russian message naming the folder
/// instead of SQLite's «unable to open database file» at the first request.
enum DataFolder {
    static func prepare(_ folder: String) throws {
        if let code = makeFolder(folder) {
            throw ConfigurationError.dataFolderUnusable(folder: folder, reason: reason(code))
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ConfigurationError.dataFolderUnusable(folder: folder, reason: reason(ENOTDIR))
        }
        // `access` says yes to root even on a read-only mount or a folder it may not use: try.
        let probe = folder + "/.nastavnik-write-check-" + UUID().uuidString
        let descriptor = open(probe, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else {
            throw ConfigurationError.dataFolderUnusable(folder: folder, reason: reason(errno))
        }
        close(descriptor)
        unlink(probe)
    }

    /// Creates the missing folders of the path with mode 0700; the error code of the first failure.
    private static func makeFolder(_ folder: String) -> Int32? {
        var path = folder.hasPrefix("/") ? "" : "."
        for component in folder.split(separator: "/") where !component.isEmpty {
            path += "/" + component
            if mkdir(path, 0o700) != 0, errno != EEXIST { return errno }
        }
        return nil
    }

    /// The database files stay readable by the server's user only, also when an older version
    /// created them readable by everyone.
    static func restrictDatabaseFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            chmod(path + suffix, 0o600)
        }
    }

    static func reason(_ code: Int32) -> String {
        switch code {
        case EACCES, EPERM: "нет прав на запись"
        case EROFS: "файловая система смонтирована только для чтения"
        case ENOTDIR, EEXIST: "часть пути — файл, а не папка"
        case ENOSPC: "на диске нет места"
        case EDQUOT: "исчерпана дисковая квота"
        case ENOENT: "путь не существует"
        default: "системная ошибка \(code)"
        }
    }
}
