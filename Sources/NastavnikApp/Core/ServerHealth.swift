import Foundation
import SQLKit
import Vapor
#if canImport(Glibc)
import Glibc
#endif

/// What `/api/v1/health` checks: the database answers, and the disk under the SQLite data folder
/// has room (a full disk turns every write into an error while the server still «works»).
enum ServerHealth {
    /// Problems in Russian, empty when all is well.
    static func problems(_ req: Request) async -> [String] {
        var problems: [String] = []
        do {
            guard let sql = req.db as? any SQLDatabase else { throw AppError.conflict("") }
            try await sql.raw("SELECT 1").run()
        } catch {
            problems.append("База данных не отвечает.")
        }
        let settings = req.application.settings
        if let folder = settings.dataDirectory, let free = freeBytes(at: folder), free < settings.minimumFreeDiskBytes {
            problems.append("На диске с папкой данных «\(folder)» осталось \(free / 1024 / 1024) МБ (нужно не меньше \(settings.minimumFreeDiskBytes / 1024 / 1024) МБ): освободите место, иначе записи начнут отклоняться.")
        }
        return problems
    }

    /// Free bytes available to the server's user on the file system holding `path`; one cheap
    /// `statvfs` call.
    static func freeBytes(at path: String) -> Int64? {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return nil }
        return Int64(stats.f_bavail) * Int64(stats.f_frsize)
    }
}
