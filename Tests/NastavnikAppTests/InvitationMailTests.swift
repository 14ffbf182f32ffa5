import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Ссылка-приглашение письмом: из карточки и с листа, через очередь почты")
struct InvitationMailTests {
    func school(_ app: Application) async throws -> (InvitationSheetTests.School, Mentee, Mentee) {
        let school = try await InvitationSheetTests.school(app)
        let withMail = try await PairingFixtures.mentee(app, organization: school.organization, lastName: "Иванова", firstName: "Саша", className: "7Б")
        withMail.email = " sasha@school.test "
        try await withMail.save(on: app.db)
        let withoutMail = try await PairingFixtures.mentee(app, organization: school.organization, lastName: "Петров", firstName: "Саша", className: "7Б")
        return (school, withMail, withoutMail)
    }

    func outbox(_ app: Application) async throws -> [OutboxMessage] {
        try await OutboxMessage.query(on: app.db).all()
    }

    @Test("Без настроенной почты карточка не предлагает письмо, а запрос отказывает по-русски")
    func withoutMailNothingIsOffered() async throws {
        try await withTestApp { app in
            let (school, child, _) = try await school(app)
            let card = "/orgs/\(school.id)/mentees/\(child.id!)"
            #expect(!(try await school.curator.get(card)).text.contains("/invitation-mail"))
            let refused = try await school.curator.post(card + "/invitation-mail")
            #expect(refused.status == .seeOther)
            #expect(try await school.curator.get(card).text.contains("Почта не настроена"))
            #expect(try await outbox(app).isEmpty)
            #expect(try await Invitation.query(on: app.db).count() == 0)
        }
    }

    @Test("Куратор отправляет ссылку из карточки: письмо ложится в очередь, уходит обработчиком, и ссылка из письма работает один раз",
          .enabled(if: SMTPSink.isAvailable, "нет aiosmtpd: pip install aiosmtpd"))
    func cardLetterGoesThroughTheOutbox() async throws {
        try await withTestApp { app in
            let sink = try SMTPSink.start()
            defer { sink.stop() }
            app.mail = sink.settings()
            let (school, child, other) = try await school(app)
            let card = "/orgs/\(school.id)/mentees/\(child.id!)"
            let page = try await school.curator.get(card)
            #expect(page.text.contains("Отправить ссылку для входа на sasha@school.test"))
            // A card without an e-mail offers nothing and refuses.
            let otherCard = "/orgs/\(school.id)/mentees/\(other.id!)"
            #expect(!(try await school.curator.get(otherCard)).text.contains("/invitation-mail"))
            #expect(try await school.curator.post(otherCard + "/invitation-mail").status == .seeOther)
            #expect(try await school.curator.get(otherCard).text.contains("нет адреса электронной почты"))
            #expect(try await outbox(app).isEmpty)

            let sent = try await school.curator.post(card + "/invitation-mail")
            #expect(sent.status == .seeOther && sent.location == card)
            #expect(try await school.curator.get(card).text.contains("поставлено в очередь на sasha@school.test"))
            // The card got its account; the letter waits in the outbox, nothing went out inside the request.
            let account = try #require(try await User.query(on: app.db).filter(\.$login == "ivanova.sasha").first())
            #expect(try await Mentee.find(child.id, on: app.db)?.$user.id == account.id)
            let letters = try await outbox(app)
            #expect(letters.count == 1)
            let letter = try #require(letters.first)
            #expect(letter.recipient == "sasha@school.test" && letter.userID == account.id && letter.status == .pending)
            #expect(letter.body.contains("Ваш логин: ivanova.sasha") && letter.body.contains(LetterText.sitePlaceholder + "/invitations/"))
            #expect(try sink.received().isEmpty)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.invitationMailed.rawValue).count() == 1)

            let report = try await OutboxWorker(app: app, mail: sink.settings()).runOnce()
            #expect(report.sent == 1)
            let received = try #require(try sink.received().first)
            #expect(received.envelopeTo == "sasha@school.test")
            // Once sent, the outbox keeps no copy of the one-time link.
            #expect(try await outbox(app).allSatisfy { $0.status == .sent && $0.body.isEmpty })
            #expect(received.subject == "Приглашение в «Наставник»: \(school.organization.shortName)")
            let link = try #require(received.body.firstMatch(of: /https:\/\/nastavnik\.school\.test\/invitations\/([A-Za-z0-9_-]+)/))
            let token = String(link.1)
            let person = Browser(app)
            #expect(try await person.get("/invitations/\(token)").status == .ok)
            let accepted = try await person.post("/invitations/\(token)", form: ["password": "Новый-пароль-7Б", "passwordConfirmation": "Новый-пароль-7Б"])
            #expect(accepted.status == .seeOther)
            #expect(try await User.find(account.id, on: app.db)?.passwordHash != nil)
            // Signed in, the person no longer gets a link: the card offers no letter.
            #expect(!(try await school.curator.get(card)).text.contains("/invitation-mail"))
        }
    }

    @Test("С листа приглашений письма получают только те, у кого есть почта, и повторное нажатие не шлёт второе письмо")
    func sheetLettersOnceEach() async throws {
        try await withTestApp { app in
            app.mail = MailSettings(host: "127.0.0.1", port: 2525, security: .none, from: "nastavnik@school.test", siteURL: "https://nastavnik.school.test")
            let (school, _, _) = try await school(app)
            let (path, sheet) = try await InvitationSheetTests.issueClass(school, "7Б")
            #expect(sheet.text.contains(path + "/mail"))
            let tokens = InvitationSheetTests.tokens(in: sheet.text)
            #expect(tokens.count == 2)
            let mailed = try await school.curator.post(path + "/mail")
            #expect(mailed.status == .seeOther && mailed.location == path)
            let page = try await school.curator.get(path)
            #expect(page.text.contains("Поставлено в очередь: 1 письмо.") && page.text.contains("Без адреса эл. почты в карточке: 1 человек"))
            #expect(try await school.curator.post(path + "/mail").status == .seeOther)
            let letters = try await outbox(app)
            #expect(letters.count == 1)
            let letter = try #require(letters.first)
            #expect(letter.recipient == "sasha@school.test")
            // The letter carries the very link of the sheet.
            #expect(tokens.contains { letter.body.contains("/invitations/\($0)") })
            // A foreign or made-up sheet key is not found.
            #expect(try await school.curator.post("/orgs/\(school.id)/invitations/\(String(repeating: "x", count: 43))/mail").status == .notFound)
        }
    }
}
