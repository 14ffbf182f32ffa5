import Foundation
@testable import NastavnikApp
import Testing
import Vapor

/// Issue 22, item 6: Leaf prints a key its context lacks as nothing, so `LeafRenderTests` checks
/// every rendered template with `LeafKeyCheck`; this shows the check catches a renamed field and
/// leaves optionals guarded by `#if` alone.
@Suite("Проверка шаблонов на ключи, которых нет в данных")
struct LeafKeyCheckTests {
    /// The error page's content with `message` renamed, as a refactoring would leave it.
    struct RenamedErrorPage: Encodable { let status: Int; let heading: String; let text: String }

    private func context<C: Encodable>(_ content: C) -> PageContext<C> {
        PageContext(title: "Ошибка", breadcrumbs: [], person: nil, organization: nil, nav: [], flash: nil, csrfToken: "t",
                    form: FormState(), description: "", content: content)
    }

    @Test("Переименованное поле данных страницы находится, хотя Leaf печатает его пустым")
    func renamedFieldFound() async throws {
        try await withTestApp { app in
            let renamed = context(RenamedErrorPage(status: 404, heading: "Не найдено", text: "Страницы нет"))
            // Leaf itself renders the page without complaint, the message left blank.
            _ = try await app.view.render("error", renamed)
            #expect(try LeafKeyCheck.missingKeys("error", renamed, app: app) == ["content.message"])
            // No person, no flash: base.leaf prints them only under #if, so the whole page has nothing missing.
            let whole = context(ErrorRendering.ErrorPage(status: 404, heading: "Не найдено", message: "Страницы нет"))
            #expect(try LeafKeyCheck.missingKeys("error", whole, app: app).isEmpty)
        }
    }
}
