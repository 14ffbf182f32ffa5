import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Issue 18, item 3: invitations at the scale of a school. The curator issues the links of a
/// class in one step, gets a print sheet with QR codes and a CSV, every link works once; links
/// never reach staff or an account another organization relies on; a card shows its account and
/// is linked only to the same person's.
@Suite("Ссылки-приглашения классом: лист для печати, CSV, одна ссылка — один вход")
struct InvitationSheetTests {
    struct School {
        let organization: Organization
        let curator: Browser
        var id: UUID { organization.id! }
    }

    static func school(_ app: Application) async throws -> School {
        let territory = try await Fixtures.territory(app)
        try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization, lastName: "Куратова")
        let curator = Browser(app)
        try await curator.signIn("kurator")
        return School(organization: territory.organization, curator: curator)
    }

    static let surnames = ["Иванова", "Петров", "Сидорова", "Кузнецов", "Смирнова", "Попов", "Васильева", "Соколов", "Михайлова", "Новиков",
                           "Фёдорова", "Морозов", "Волкова", "Алексеев", "Лебедева", "Семёнов", "Егорова", "Павлов", "Козлова", "Степанов",
                           "Николаева", "Орлов", "Андреева", "Макаров", "Захарова", "Зайцев", "Соловьёва", "Борисов", "Яковлева", "Григорьев"]

    static func tokens(in page: String) -> [String] {
        page.matches(of: /\/invitations\/([A-Za-z0-9_-]{43})</).map { String($0.1) }
    }

    /// Issues the class's links and opens the sheet the curator is sent to.
    static func issueClass(_ school: School, _ className: String) async throws -> (path: String, page: TestingHTTPResponse) {
        let issued = try await school.curator.post("/orgs/\(school.id)/invitations", form: ["kind": "mentee", "className": className])
        #expect(issued.status == .seeOther)
        let path = try #require(issued.location)
        #expect(path.hasPrefix("/orgs/\(school.id)/invitations/"))
        return (path, try await school.curator.get(path))
    }

    @Test("Лист из 30 приглашений класса открывается страницей для печати с QR-кодами и CSV, и каждая ссылка срабатывает один раз")
    func thirtyInvitationsWorkOnce() async throws {
        try await withTestApp { app in
            let school = try await Self.school(app)
            for surname in Self.surnames {
                try await PairingFixtures.mentee(app, organization: school.organization, lastName: surname, firstName: "Саша", className: "7Б")
            }
            try await PairingFixtures.mentee(app, organization: school.organization, lastName: "Другой", firstName: "Класс", className: "8А")
            let (path, sheet) = try await Self.issueClass(school, "7Б")
            #expect(sheet.status == .ok)
            let tokens = Self.tokens(in: sheet.text)
            #expect(tokens.count == 30)
            #expect(Set(tokens).count == 30)
            #expect(sheet.text.components(separatedBy: "<svg").count - 1 == 30, "QR-код у каждой ссылки")
            #expect(sheet.text.contains("МБОУ СОШ № 1 — 7Б"))
            #expect(sheet.text.contains("ivanova.sasha"))
            #expect(!sheet.text.contains("Другой"), "другой класс не попадает на лист")

            let csv = try await school.curator.get(path + "/csv")
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.description.hasPrefix("text/csv") == true)
            let bytes = Array(csv.body.readableBytesView)
            #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "UTF-8 с BOM, как ждёт Excel")
            let lines = csv.text.replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: "\r\n")
            #expect(lines.first == "ФИО;Класс;Логин;Ссылка;Действует до;Состояние")
            #expect(lines.count == 31)
            #expect(lines.dropFirst().allSatisfy { $0.split(separator: ";").count == 6 })
            #expect(Set(Self.tokens(in: csv.text.replacingOccurrences(of: ";", with: "<"))) == Set(tokens), "в CSV те же ссылки")

            // Every child sets a password by their link, once.
            for token in tokens {
                let child = Browser(app)
                #expect(try await child.get("/invitations/\(token)").status == .ok)
                let accepted = try await child.post("/invitations/\(token)", form: ["password": "Новый-пароль-7Б", "passwordConfirmation": "Новый-пароль-7Б"])
                #expect(accepted.status == .seeOther)
                let again = try await Browser(app).post("/invitations/\(token)", form: ["password": "Чужой-пароль-99", "passwordConfirmation": "Чужой-пароль-99"])
                #expect(again.status == .conflict)
                #expect(again.text.contains("Ссылка уже использована"))
            }
            let cards = try await Mentee.query(on: app.db).filter(\.$className == "7Б").with(\.$user).all()
            #expect(cards.allSatisfy { $0.user?.passwordHash != nil }, "каждая карточка связана со своей учётной записью, пароль задан")
            #expect(Set(cards.compactMap { $0.user?.login }).count == 30)
            let roles = try await RoleAssignment.query(on: app.db).filter(\.$organization.$id == school.id).filter(\.$role == .mentee).count()
            #expect(roles == 30)
            // The sheet now says so, and shows no link that could be used again.
            let after = try await school.curator.get(path)
            #expect(Self.tokens(in: after.text).isEmpty)
            #expect(after.text.components(separatedBy: "использована: пароль задан").count - 1 == 30)
        }
    }

    @Test("Ссылку не получают сотрудник, человек с ролью в другой организации и карточка без согласия; причина видна на листе")
    func linksNeverReachStaffOrOtherOrganizations() async throws {
        try await withTestApp { app in
            let school = try await Self.school(app)
            let other = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 2")
            // A teacher who mentors: her account is also a psychologist's — a staff role.
            let teacher = User(login: "orlova", lastName: "Орлова", firstName: "Анна")
            try await teacher.create(on: app.db)
            try await RoleAssignment(userID: teacher.id!, role: .mentor, organizationID: school.id).create(on: app.db)
            try await RoleAssignment(userID: teacher.id!, role: .psychologist, organizationID: school.id).create(on: app.db)
            let teacherCard = try await PairingFixtures.mentor(app, organization: school.organization, lastName: "Орлова", userID: teacher.id)
            // A student who is also a mentee of another school.
            let student = User(login: "belov", lastName: "Белов", firstName: "Анна")
            try await student.create(on: app.db)
            try await RoleAssignment(userID: student.id!, role: .mentor, organizationID: school.id).create(on: app.db)
            try await RoleAssignment(userID: student.id!, role: .mentee, organizationID: other.organizationID).create(on: app.db)
            let studentCard = try await PairingFixtures.mentor(app, organization: school.organization, lastName: "Белов", userID: student.id)
            let noConsent = try await PairingFixtures.mentor(app, organization: school.organization, lastName: "Грачёва", consent: false)
            let fine = try await PairingFixtures.mentor(app, organization: school.organization, lastName: "Ясная")

            let issued = try await school.curator.post("/orgs/\(school.id)/invitations", pairs: [
                ("kind", "mentor"), ("cards[]", teacherCard.id!.uuidString), ("cards[]", studentCard.id!.uuidString),
                ("cards[]", noConsent.id!.uuidString), ("cards[]", fine.id!.uuidString),
            ])
            let sheet = try await school.curator.get(try #require(issued.location))
            #expect(Self.tokens(in: sheet.text).count == 1)
            #expect(sheet.text.contains("iasnaia.anna"))
            #expect(sheet.text.components(separatedBy: "роли, которыми вы не управляете").count - 1 == 2)
            #expect(sheet.text.contains("нет действующего согласия на обработку персональных данных"))
            for user in [teacher, student] {
                #expect(try await Invitation.query(on: app.db).filter(\.$user.$id == user.id!).count() == 0, "\(user.login): ссылки нет")
            }
            #expect(try await Mentor.find(noConsent.id, on: app.db)?.$user.id == nil, "без согласия учётная запись не создаётся")
        }
    }

    @Test("Куратор выдаёт ссылки участникам, педагог-психолог и наставник — нет; администрация людей куратору по-прежнему закрыта")
    func onlyCuratorAndAdministrationInvite() async throws {
        try await withTestApp { app in
            let school = try await Self.school(app)
            let card = try await PairingFixtures.mentee(app, organization: school.organization, lastName: "Иванова", className: "5А")
            try await Fixtures.person(app, login: "psy", role: .psychologist, organization: school.organization)
            let psychologist = Browser(app)
            try await psychologist.signIn("psy")
            let refused = try await psychologist.post("/orgs/\(school.id)/invitations", pairs: [("kind", "mentee"), ("cards[]", card.id!.uuidString)])
            #expect(refused.status == .forbidden)
            #expect(try await Invitation.query(on: app.db).count() == 0)
            #expect(try await school.curator.get("/orgs/\(school.id)/members").status == .forbidden)
            let list = try await school.curator.get("/orgs/\(school.id)/mentees")
            #expect(list.text.contains("name=\"cards[]\""))
            #expect(!(try await psychologist.get("/orgs/\(school.id)/mentees")).text.contains("name=\"cards[]\""))
        }
    }

    @Test("Повторная выдача не создаёт второй учётной записи: прежняя ссылка заменена, на листе это видно")
    func reissueKeepsOneAccount() async throws {
        try await withTestApp { app in
            let school = try await Self.school(app)
            try await PairingFixtures.mentee(app, organization: school.organization, lastName: "Иванова", firstName: "Мария", className: "9В")
            try await PairingFixtures.mentee(app, organization: school.organization, lastName: "Иванова", firstName: "Мария", className: "6А")
            let (first, firstSheet) = try await Self.issueClass(school, "9В")
            let oldToken = try #require(Self.tokens(in: firstSheet.text).first)
            let (_, secondSheet) = try await Self.issueClass(school, "9В")
            let newToken = try #require(Self.tokens(in: secondSheet.text).first)
            #expect(oldToken != newToken)
            #expect(try await User.query(on: app.db).filter(\.$lastName == "Иванова").count() == 1)
            #expect(try await Browser(app).get("/invitations/\(oldToken)").status == .notFound)
            #expect(try await Browser(app).get("/invitations/\(newToken)").status == .ok)
            #expect(try await school.curator.get(first).text.contains("заменена новой ссылкой или отозвана"))
            // A namesake in another class gets a login of her own.
            let (_, namesake) = try await Self.issueClass(school, "6А")
            #expect(namesake.text.contains("ivanova.mariia2"))
        }
    }

    @Test("Лист открывается только по своему адресу и только в своей организации; адрес не попадает в журнал")
    func sheetAddressIsASecret() async throws {
        try await withTestApp { app in
            let school = try await Self.school(app)
            try await PairingFixtures.mentee(app, organization: school.organization, lastName: "Иванова", className: "5А")
            let (path, _) = try await Self.issueClass(school, "5А")
            let secret = String(path.split(separator: "/").last!)
            #expect(try await school.curator.get("/orgs/\(school.id)/invitations/\(secret.dropLast())x").status == .notFound)
            let other = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 2")
            try await Fixtures.person(app, login: "kurator2", role: .curator, organization: other.organization, lastName: "Другая")
            let stranger = Browser(app)
            try await stranger.signIn("kurator2")
            #expect(try await stranger.get("/orgs/\(other.organizationID)/invitations/\(secret)").status == .notFound)
            #expect(try await stranger.get(path).status == .notFound)
            #expect(!RedactedRouteLogging.redacted(path + "/csv").contains(secret))
            #expect(try await InvitationSheet.query(on: app.db).filter(\.$secretHash == secret).count() == 0, "в базе только хеш")
        }
    }

    @Test("После отзыва согласия лист не показывает ни имени, ни логина ребёнка, а его ссылка больше не открывается")
    func withdrawalEmptiesTheSheetLine() async throws {
        try await withTestApp { app in
            let school = try await Self.school(app)
            let child = try await PairingFixtures.mentee(app, organization: school.organization, lastName: "Шереметьева", firstName: "Алёна", className: "5А")
            try await PairingFixtures.mentee(app, organization: school.organization, lastName: "Иванова", className: "5А")
            let (path, sheet) = try await Self.issueClass(school, "5А")
            #expect(sheet.text.contains("sheremeteva.alena"))
            let tokens = Self.tokens(in: sheet.text)
            let consent = try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == child.id!).first())
            #expect(try await school.curator.post("/orgs/\(school.id)/mentees/\(child.id!)/consents/\(consent.id!)/withdraw").status == .seeOther)
            let after = try await school.curator.get(path)
            #expect(!after.text.contains("Шереметьева") && !after.text.contains("sheremeteva"))
            #expect(after.text.contains(ConsentWithdrawal.label))
            #expect(Self.tokens(in: after.text).count == 1)
            let csv = try await school.curator.get(path + "/csv")
            #expect(!csv.text.contains("Шереметьева") && !csv.text.contains("sheremeteva"))
            var opened = 0
            for token in tokens where try await Browser(app).get("/invitations/\(token)").status == .ok { opened += 1 }
            #expect(opened == 1, "ссылка ребёнка, отозвавшего согласие, не открывается")
        }
    }

    @Test("Карточка показывает связанную учётную запись: логин и вошёл ли человек")
    func cardShowsItsAccount() async throws {
        try await withTestApp { app in
            let school = try await Self.school(app)
            let card = try await PairingFixtures.mentee(app, organization: school.organization, lastName: "Иванова", firstName: "Мария", className: "5А")
            let before = try await school.curator.get("/orgs/\(school.id)/mentees/\(card.id!)")
            #expect(before.text.contains("Не связана с учётной записью"))
            _ = try await Self.issueClass(school, "5А")
            let after = try await school.curator.get("/orgs/\(school.id)/mentees/\(card.id!)")
            #expect(after.text.contains("Связана с учётной записью <code>ivanova.mariia</code>"))
            #expect(after.text.contains("пароль ещё не задан, ссылка-приглашение действует до"))
        }
    }

    @Test("Связать карточку можно только с учётной записью того же человека: однофамилец с другим отчеством и законный представитель не подходят")
    func linkingPicksTheRightPerson() async throws {
        try await withTestApp { app in
            let school = try await Self.school(app)
            let card = try await PairingFixtures.mentee(app, organization: school.organization, lastName: "Иванов", firstName: "Иван", className: "5А")
            card.middleName = "Иванович"
            try await card.save(on: app.db)
            // The father: the same surname and first name, another patronymic, a guardian and (by mistake) a mentee role.
            let father = User(login: "ivanov.father", lastName: "Иванов", firstName: "Иван", middleName: "Петрович")
            try await father.create(on: app.db)
            try await RoleAssignment(userID: father.id!, role: .mentee, organizationID: school.id).create(on: app.db)
            let refused = try await school.curator.post("/orgs/\(school.id)/mentees/\(card.id!)/account", form: ["login": "ivanov.father"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("это учётная запись другого человека"))
            try await RoleAssignment(userID: father.id!, role: .guardian, organizationID: school.id).create(on: app.db)
            father.middleName = "Иванович"
            try await father.save(on: app.db)
            let guardian = try await school.curator.post("/orgs/\(school.id)/mentees/\(card.id!)/account", form: ["login": "ivanov.father"])
            #expect(guardian.status == .unprocessableEntity)
            #expect(guardian.text.contains("учётная запись законного представителя"))
            #expect(try await Mentee.find(card.id, on: app.db)?.$user.id == nil)
            // The boy's own account is offered on the card and links.
            let own = User(login: "vania", lastName: "Иванов", firstName: "Иван", middleName: "Иванович")
            try await own.create(on: app.db)
            try await RoleAssignment(userID: own.id!, role: .mentee, organizationID: school.id).create(on: app.db)
            let offered = try await school.curator.get("/orgs/\(school.id)/mentees/\(card.id!)")
            #expect(offered.text.contains("Учётные записи этого человека в организации: <code>vania</code> (Иванов Иван Иванович)"))
            #expect(!offered.text.contains("<code>ivanov.father</code> ("), "представителя не предлагают как учётную запись ребёнка")
            let linked = try await school.curator.post("/orgs/\(school.id)/mentees/\(card.id!)/account", form: ["login": "vania"])
            #expect(linked.status == .seeOther)
            #expect(try await Mentee.find(card.id, on: app.db)?.$user.id == own.id)
        }
    }

    @Test("Два куратора выдают ссылки одному классу разом: у каждого ребёнка одна учётная запись")
    func parallelIssuesMakeOneAccountPerCard() async throws {
        try await withTestApp { app in
            let school = try await Self.school(app)
            for surname in Self.surnames.prefix(6) {
                try await PairingFixtures.mentee(app, organization: school.organization, lastName: surname, firstName: "Саша", className: "7Б")
            }
            try await withLiveServer(app) { server in
                let live = school.curator.tab(live: server)
                _ = try await live.get("/orgs/\(school.id)/mentees")
                let tabs = (0..<4).map { _ in live.tab() }
                let answers = try await inParallel(4) { i in
                    try await tabs[i].post("/orgs/\(school.id)/invitations", form: ["kind": "mentee", "className": "7Б"])
                }
                #expect(answers.allSatisfy { $0.status == .seeOther }, "\(answers.map(\.status))")
            }
            #expect(try await User.query(on: app.db).filter(\.$login ~~ ["ivanova.sasha", "petrov.sasha"]).count() == 2)
            #expect(try await User.query(on: app.db).filter(\.$login, .custom("LIKE"), "%.sasha%").count() == 6)
            #expect(try await RoleAssignment.query(on: app.db).filter(\.$role == .mentee).count() == 6)
            #expect(try await Invitation.query(on: app.db).filter(\.$usedAt == nil).count() == 6, "действует одна ссылка на человека")
        }
    }

    @Test("Логин — фамилия и имя латиницей, как в загранпаспорте; занятый получает номер")
    func loginsAsInPassports() {
        #expect(ParticipantLogins.base(lastName: "Щукина-Ёлкина", firstName: "Юлия") == "shchukina-elkina.iuliia")
        #expect(ParticipantLogins.base(lastName: "Хабибуллин", firstName: "Тимофей") == "khabibullin.timofei")
        #expect(ParticipantLogins.base(lastName: "Ли", firstName: "Ян") == "li.ian")
        #expect(ParticipantLogins.base(lastName: "Подъячев", firstName: "Артём") == "podieiachev.artem")
    }
}
