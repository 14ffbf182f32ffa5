import ArgumentParser
import Foundation
import NastavnikApp

/// `nastavnik rebuild-counts`: computes the indicators' stored counts (`indicator_counts`) again from
/// the pairs, closures and answers. The application keeps them exact by itself in every change; this
/// is for a database changed by hand or by an older version of the program.
struct RebuildCounts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild-counts",
        abstract: "Пересчитать хранимые числа показателей (по организациям, формам и учебным годам) по парам, завершениям и ответам.")

    func run() async throws {
        try await AppLauncher.withApp(arguments: ["nastavnik"]) { app in
            let started = Date()
            let rows = try await IndicatorCountsTable.rebuild(on: app.db)
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started)).replacingOccurrences(of: ".", with: ",")
            print("Числа показателей пересчитаны за \(seconds) с: \(RussianPlural.count(rows, "строка", "строки", "строк")). \(app.settings.databaseDescription)")
        }
    }
}
