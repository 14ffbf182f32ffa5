import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Issue 20, item 2: a person reads Russian on every page, never a word of the code — a raw enum
/// value («mentor», «held»), a template key («monitoring.surveyStage») or an identifier.
@Suite("Русский текст на страницах: ни одного слова из кода")
struct CodeWordsTests {
    /// Latin words a Russian page may show: formats, standards and names people know.
    static let allowed: Set<String> = [
        "xlsx", "docx", "csv", "pdf", "ics", "svg", "png", "jpg", "jpeg", "zip", "json", "api", "openapi",
        "swot", "http", "https", "www", "url", "e-mail", "email", "id", "qr", "it", "ok",
        "word", "excel", "libreoffice", "office", "google", "yandex", "microsoft", "utf",
        "bearer", "token",
        "pdca", "smart", "grow", "soft", "skills", "hard", "stem", "ikt",
        "nastavnik", "ru", "nginx", "systemd", "odt", "ods", "pptx", "xls", "doc", "rtf", "txt", "windows", "ctrl",
    ]

    /// Phrases a page writes on purpose: the seeds' method and course names, the logins shown as
    /// examples beside a login field, the prefix that tells one API token from another.
    static let allowedPatterns = [
        "Mentor Match", "MENTOR SET", "sokolova\\.ev", "ivanova\\.mp", "nst_[A-Za-z0-9_-]+",
        "[^\\s/]+\\.(pdf|docx|xlsx|odt|pptx|jpg|jpeg|png|csv|zip|txt)\\b",
    ]

    /// The words of the page a person sees: no scripts, styles, comments, tags or attributes.
    static func visibleText(_ html: String) -> String {
        var text = html
        for pattern in ["(?s)<script.*?</script>", "(?s)<style.*?</style>", "(?s)<!--.*?-->", "(?s)<[^>]*>", "&[a-zA-Z#0-9]+;"] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        return text
    }

    /// Latin words that are not a login, an address or an allowed name: what the check reports.
    static func codeWords(in html: String, logins: [String]) -> Set<String> {
        // «Mentor Match» is the name of the method in the seeds; a lone «mentor» is a code word.
        var text = visibleText(html)
        for pattern in allowedPatterns {
            text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        for login in logins.sorted(by: { $0.count > $1.count }) {
            text = text.replacingOccurrences(of: login, with: " ")
        }
        // Addresses and paths the page prints on purpose (a link to copy, an API example).
        for pattern in ["https?://\\S+", "/[A-Za-z0-9_./{}:-]+", "\\S+@\\S+", "[0-9a-fA-F-]{36}"] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        let regex = try! NSRegularExpression(pattern: "[A-Za-z][A-Za-z0-9_.-]*[A-Za-z0-9]|[A-Za-z]{2,}")
        let range = NSRange(text.startIndex..., in: text)
        var found = Set<String>()
        for match in regex.matches(in: text, range: range) {
            guard let r = Range(match.range, in: text) else { continue }
            let word = String(text[r])
            let parts = word.lowercased().split(whereSeparator: { $0 == "." || $0 == "-" || $0 == "_" }).map(String.init)
            if word.count < 3 && !word.contains(".") { continue }
            if allowed.contains(word.lowercased()) || parts.allSatisfy({ allowed.contains($0) || $0.count < 3 || $0.allSatisfy(\.isNumber) }) { continue }
            // Roman numerals in «II этап», «IV квартал».
            if word.range(of: "^[IVXLC]+$", options: .regularExpression) != nil { continue }
            found.insert(word)
        }
        return found
    }

    @Test("Страницы всех ролей не показывают слов из кода: значений перечислений, ключей шаблонов, имён полей")
    func noCodeWordsOnPages() async throws {
        try await withTestApp { app in
            let world = try await SecurityWorld.build(app)
            let logins = try await User.query(on: app.db).all().map(\.login)
            let probe = RouteProbe(app: app, world: world)
            let pages = RouteAccessMatrixTests.patterns(app).filter { $0.hasPrefix("GET ") && !$0.hasPrefix("GET /api/") }.sorted()
            var checked = 0
            var report = [String: Set<String>]()
            for role in SecurityRole.allCases {
                for pattern in pages {
                    let response = try await probe.send(pattern, side: .own, role: role)
                    guard response.status == .ok, HTMLEscapingTests.isHTML(response) else { continue }
                    checked += 1
                    let words = Self.codeWords(in: response.text, logins: logins)
                    if !words.isEmpty { report[pattern, default: []].formUnion(words) }
                }
            }
            for (pattern, words) in report.sorted(by: { $0.key < $1.key }) {
                Issue.record("\(pattern): \(words.sorted().joined(separator: ", "))")
            }
            #expect(checked > 100, "проверено страниц: \(checked)")
        }
    }

    @Test("Проверка находит слово из кода и не трогает логины, адреса и форматы файлов")
    func checkFindsCodeWords() {
        let html = """
        <html><head><style>.a{color:red}</style><script>let mentor = 1</script></head>
        <body><p title="held">Статус: held · ключ monitoring.surveyStage</p>
        <p>Логин sec.curator, ссылка https://example.org/invite/abc, выгрузка XLSX, путь /orgs/1/programs</p>
        <p>Этап II, метод Mentor Match</p></body></html>
        """
        #expect(Self.codeWords(in: html, logins: ["sec.curator"]) == ["held", "monitoring.surveyStage"])
    }
}
