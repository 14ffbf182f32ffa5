import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import SQLKit
import Vapor

@Suite("Миграции")
struct MigrationTests {
    @Test("Миграции откатываются и применяются заново")
    func revertAndReapply() async throws {
        try await withTestApp { app in
            try await app.autoRevert()
            try await app.autoMigrate()
            try await Fixtures.territory(app)
            #expect(try await Organization.query(on: app.db).count() == 1)
        }
    }

    @Test("Внешние ключи включены: муниципалитет нельзя удалить, пока в нём есть организации")
    func foreignKeys() async throws {
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app)
            await #expect(throws: (any Error).self) {
                try await territory.municipality.delete(on: app.db)
            }
        }
    }
}

@Suite("Тестовая база")
struct TestDatabaseTests {
    @Test("Тесты идут на той базе, которую выбрал DATABASE_URL")
    func engine() async throws {
        try await withTestApp { app in
            let dialect = try #require((app.db as? any SQLDatabase)?.dialect.name)
            #expect(dialect == (TestDatabase.postgresURL == nil ? "sqlite" : "postgresql"))
        }
    }
}
