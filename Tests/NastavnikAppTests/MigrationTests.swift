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

    /// The migration lock once took its connection from the pool: with one connection a loop and
    /// one loop, the migrations had none left and waited out the pool (CI, every PostgreSQL test failed).
    @Test("Сервер с одним соединением на один цикл событий проходит миграции под их блокировкой, а не ждёт сам себя")
    func lockBesideThePool() async throws {
        try await withTestApp { app in
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            let server = try await Application.make(.testing, .shared(group))
            server.directory = app.directory
            server.logger.logLevel = .warning
            do {
                try await configure(server, settings: AppSettings(database: app.settings.database, passwordCost: 4,
                                                                  maxConnectionsPerEventLoop: 1, postgresPoolTimeoutSeconds: 5))
                try await server.autoRevert()
                try await prepareDatabase(server)
                try await Fixtures.territory(server)
                #expect(try await Organization.query(on: server.db).count() == 1)
            } catch {
                try? await server.asyncShutdown()
                try? await group.shutdownGracefully()
                throw error
            }
            try await server.asyncShutdown()
            try await group.shutdownGracefully()
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
