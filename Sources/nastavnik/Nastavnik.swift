import ArgumentParser
import NastavnikApp
import Vapor

/// `nastavnik serve | migrate | demo | backup | restore | rebuild-counts`: the server and its chores, over one
/// database chosen by the environment (`DATABASE_URL` for PostgreSQL, otherwise
/// `data/nastavnik.sqlite`).
@main
struct Nastavnik: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nastavnik",
        abstract: "Наставник: платформа программ наставничества.",
        subcommands: [Serve.self, Migrate.self, Demo.self, Backup.self, Restore.self, RebuildCounts.self],
        defaultSubcommand: Serve.self
    )
}

/// Builds the application the way every command needs it, migrated unless `migrate` is off
/// (a backup copies the database as it is).
enum AppLauncher {
    ///
    /// Templates and static files come from `ResourceFolder.locate` (`resources`, else
    /// `NASTAVNIK_RESOURCES`, else beside the executable or above it in development), whatever
    /// the working folder. `serve` needs them and refuses to start without them; the other
    /// commands render nothing and go on.
    static func withApp<T>(arguments: [String], migrate: Bool = true, resources: String? = nil, needsResources: Bool = false,
                           _ body: (Application) async throws -> T) async throws -> T {
        let resourceFolder: String?
        do {
            resourceFolder = try ResourceFolder.locate(
                explicit: resources ?? ProcessInfo.processInfo.environment[ResourceFolder.environmentKey],
                executable: ResourceFolder.currentExecutable, workingDirectory: FileManager.default.currentDirectoryPath)
        } catch {
            if needsResources { throw fail(String(describing: error)) }
            resourceFolder = nil
        }
        var environment = Environment(name: ProcessInfo.processInfo.environment["NASTAVNIK_ENV"] ?? "development", arguments: arguments)
        try LoggingSystem.bootstrap(from: &environment)
        let app = try await Application.make(environment)
        if let resourceFolder { app.directory = DirectoryConfiguration(workingDirectory: resourceFolder) }
        do {
            try await configure(app, settings: AppSettings.fromEnvironment())
            if migrate { try await prepareDatabase(app) }
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch let error as ConfigurationError {
            // A folder or an address a person can fix: say so in Russian, without ArgumentParser's
            // English «Error:» and without a stack of low-level details.
            try? await app.asyncShutdown()
            throw fail(error.description)
        } catch let error as ExitCode {
            try? await app.asyncShutdown()
            throw error
        } catch {
            // PostgreSQL's errors describe themselves as «Generic description…»: the operator
            // needs the server's own message (and the SQL state) to act on it.
            try? await app.asyncShutdown()
            throw fail("Сервер остановлен из-за ошибки: \(String(reflecting: error))")
        }
    }

    /// Says what went wrong in Russian on standard error and ends the command with a failure
    /// code (ArgumentParser would prefix its own English «Error:»).
    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        return ExitCode.failure
    }

    static func printDemo(_ summary: DemoData.Summary) {
        print("""

        Демонстрационные данные созданы: \(summary.people) человек.
        Пароль всех демонстрационных учётных записей: \(summary.password)
        Учётные записи:
        """)
        for account in summary.accounts {
            print("  \(account.login.padding(toLength: 24, withPad: " ", startingAt: 0)) \(account.description)")
        }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Запустить веб-сервер.")

    @ArgumentParser.Option(help: "Адрес, на котором слушать.") var hostname = "127.0.0.1"
    @ArgumentParser.Option(help: "Порт.") var port = 8080
    @ArgumentParser.Flag(help: "Заполнить пустую базу демонстрационными данными перед запуском.") var demo = false
    @ArgumentParser.Option(help: "Папка, в которой лежат Resources/Views и Public (или переменная NASTAVNIK_RESOURCES); по умолчанию — рядом с программой.")
    var resources: String?
    @ArgumentParser.Flag(help: "Не запускать обработчик уведомлений (напоминания, сводки, письма) в этом процессе.")
    var withoutNotificationWorker = false

    func run() async throws {
        let mail: MailSettings?
        do {
            mail = try MailSettings.fromEnvironment()
        } catch {
            throw AppLauncher.fail(String(describing: error))
        }
        try await AppLauncher.withApp(arguments: ["nastavnik", "serve", "--hostname", hostname, "--port", String(port)],
                                      resources: resources, needsResources: true) { app in
            print("База данных: \(app.settings.databaseDescription)")
            print("Шаблоны и статические файлы: \(app.directory.workingDirectory)")
            if let credentials = try await FirstAdministrator.createIfNeeded(on: app.db, passwords: app.password.async) {
                print("""

                ─────────────────────────────────────────────────────────────
                Создан первый администратор платформы.
                  Логин:  \(credentials.login)
                  Пароль: \(credentials.password)
                Пароль одноразовый: при первом входе система попросит его сменить.
                ─────────────────────────────────────────────────────────────
                """)
            }
            if demo {
                do {
                    AppLauncher.printDemo(try await DemoData.create(on: app.db, passwords: app.password.async))
                } catch let error as DemoData.DemoError {
                    print(error.description)
                }
            }
            // Expired sign-in counters and day-old raw imports go while the server runs.
            Housekeeping.start(app)
            // Pages offer to send invitation links by mail only when a server is configured.
            app.mail = mail
            if !withoutNotificationWorker {
                // Reminders, digests and letters come from a background worker, never from a request.
                OutboxWorker.start(app, mail: mail)
                print(mail.map { "Письма: через \($0.host):\($0.port) (\($0.security == .startTLS ? "STARTTLS" : "без шифрования")), от \($0.from)" }
                      ?? "Письма не отправляются: почтовый сервер не настроен (NASTAVNIK_SMTP_HOST); уведомления видны на сайте.")
            }
            print("Откройте http://\(hostname):\(port)/ в браузере.\n")
            try await app.execute()
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Применить миграции базы данных и выйти.")

    func run() async throws {
        try await AppLauncher.withApp(arguments: ["nastavnik"]) { app in
            print("Миграции применены. \(app.settings.databaseDescription)")
        }
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Заполнить пустую базу демонстрационными данными.")

    @ArgumentParser.Flag(help: "Создать регион в полный размер для замеров: много организаций и сотни тысяч людей в базах.")
    var regionScale = false
    @ArgumentParser.Option(help: "Организаций в регионе (с --region-scale).") var organizations = 1_000
    @ArgumentParser.Option(help: "Людей в базах наставляемых и наставников (с --region-scale).") var people = 200_000
    @ArgumentParser.Flag(help: "С --region-scale: каждому человеку баз — учётная запись с адресом, сводка раз в день и вчерашние уведомления (замер сводок, Benchmarks/digest).")
    var mailDay = false

    func run() async throws {
        if regionScale {
            try await AppLauncher.withApp(arguments: ["nastavnik"]) { app in
                let started = Date()
                let summary = try await RegionScaleData.generate(organizations: organizations, people: people, on: app.db, passwords: app.password.async)
                if mailDay {
                    let day = try await RegionMailDay.generate(yesterday: Date().addingTimeInterval(-86_400), on: app.db)
                    print("Уведомления за вчера: людей с адресом \(day.people), уведомлений \(day.notifications)")
                }
                print("""
                Регион создан за \(Int(Date().timeIntervalSince(started))) с: организаций \(summary.organizations), наставляемых \(summary.mentees), наставников \(summary.mentors).
                Куратор: \(summary.curatorLogin), координатор: \(summary.coordinatorLogin), пароль: \(summary.password)
                curator-organization-id=\(summary.curatorOrganizationID)
                password=\(summary.password)
                """)
            }
            return
        }
        try await AppLauncher.withApp(arguments: ["nastavnik"]) { app in
            if let credentials = try await FirstAdministrator.createIfNeeded(on: app.db, passwords: app.password.async) {
                print("Администратор платформы: логин \(credentials.login), одноразовый пароль \(credentials.password)")
            }
            do {
                AppLauncher.printDemo(try await DemoData.create(on: app.db, passwords: app.password.async))
            } catch let error as DemoData.DemoError {
                print(error.description)
                throw ExitCode(1)
            }
        }
    }
}
