@testable import NastavnikApp
import Testing

@Suite("Настройки приложения")
struct AppSettingsTests {
    @Test("Под нагрузкой запрос ждёт свободного соединения с PostgreSQL, а не получает 500 через 10 секунд")
    func postgresPoolWaitsLikeAPerson() {
        let settings = AppSettings.fromEnvironment(["DATABASE_URL": "postgres://nastavnik@127.0.0.1:5432/nastavnik"])
        #expect(settings.database == .postgres(url: "postgres://nastavnik@127.0.0.1:5432/nastavnik", schema: nil))
        // Benchmarks/load: 100 users at once on 2 cores wait up to ~25 s at the 99th percentile.
        #expect(settings.postgresPoolTimeoutSeconds >= 60)
    }
}
