import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Issue 20, item 1: the gender is a field of the person — set by the person, by the curator, by
/// the bases API and by an import's «Пол» column — and the grammar uses it before the guess.
@Suite("Пол человека: свой профиль, API баз, импорт и выгрузка")
struct PersonGenderTests {
    @Test("Человек сам указывает пол в «Моём участии»; он сохраняется в записи базы и в учётной записи, и слова ему согласуются")
    func ownProfileSetsGender() async throws {
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app)
            let user = try await Fixtures.person(app, login: "sasha", role: .mentor, organization: territory.organization, lastName: "Мельник")
            user.firstName = "Саша"; user.middleName = nil
            try await user.save(on: app.db)
            let mentor = try await PairingFixtures.mentor(app, organization: territory.organization, lastName: "Мельник", firstName: "Саша", userID: user.id)
            #expect(mentor.gender == nil)   // «Саша» without a patronymic says nothing
            let browser = Browser(app)
            try await browser.signIn("sasha")
            let page = try await browser.get("/me/participation")
            #expect(page.text.contains("name=\"gender\"") && page.text.contains("не указан"))
            let saved = try await browser.post("/me/participation/mentors/\(mentor.id!)", form: ["gender": "female", "competencies": "Математика"])
            #expect(saved.status == .seeOther)
            let stored = try #require(try await Mentor.find(mentor.id, on: app.db))
            #expect(stored.storedGender == "female" && stored.fullName(.dative) == "Мельник Саше")
            #expect(try await User.find(user.id, on: app.db)?.storedGender == "female")
            #expect(try await browser.get("/me/participation").text.contains("value=\"female\" selected"))
        }
    }

    @Test("API баз читает и пишет пол: «female» сохраняется, «м» из таблицы понимается, непонятное значение — 422 с русским текстом")
    func basesAPIGender() async throws {
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization)
            let headers = try await BasesAPITests().token(app, login: "kurator")
            let base = "/api/v1/organizations/\(territory.organizationID)/mentees"
            let body = #"{"lastName": "Шевчук", "firstName": "Саша", "className": "7Б", "form": "ученик – ученик", "requests": ["lowAchievement"], "gender": "female"}"#
            let created = try await app.testing().sendRequest(.POST, base, headers: headers, body: ByteBuffer(string: body))
            #expect(created.status == .created)
            #expect(created.text.contains(#""gender":"female""#))
            let mentee = try #require(try await Mentee.query(on: app.db).first())
            #expect(mentee.storedGender == "female" && mentee.fullName(.genitive) == "Шевчук Саши")

            let changed = try await app.testing().sendRequest(.PUT, base + "/\(mentee.id!)", headers: headers,
                                                              body: ByteBuffer(string: #"{"gender": "м", "version": \#(mentee.version ?? 0)}"#))
            #expect(changed.status == .ok && changed.text.contains(#""gender":"male""#))
            #expect(try await Mentee.find(mentee.id, on: app.db)?.fullName(.genitive) == "Шевчука Саши")

            let current = try #require(try await Mentee.find(mentee.id, on: app.db))
            let wrong = try await app.testing().sendRequest(.PUT, base + "/\(mentee.id!)", headers: headers,
                                                            body: ByteBuffer(string: #"{"gender": "x", "version": \#(current.version ?? 0)}"#))
            #expect(wrong.status == .unprocessableEntity && wrong.text.contains("Пол — «м» или «ж»"))
            let document = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json")
            #expect(document.text.contains("Пол для согласования слов и склонения"))
        }
    }

    @Test("Импорт понимает необязательный столбец «Пол» («ж», «муж.»), выгрузка пишет его словами")
    func importReadsGender() async throws {
        try await withTestApp { app in
            let s = try await ParticipantsTests().school(app)
            let csv = "ФИО;Пол;Класс;Форма наставничества;Запросы\nМельник Саша;ж;6А;ученик – ученик;Низкая успеваемость\nКоваль Женя;муж.;6Б;ученик – ученик;Адаптация\nБабич Лена;;6В;ученик – ученик;Адаптация\n"
            let upload = try await s.curator.upload(s.base + "/imports", fields: ["kind": "mentee"], fileName: "база.csv", data: Data(csv.utf8))
            #expect(try await s.curator.post(try #require(upload.location) + "/confirm").status == .seeOther)
            let byName = Dictionary(uniqueKeysWithValues: try await Mentee.query(on: app.db).all().map { ($0.lastName, $0) })
            #expect(byName["Мельник"]?.storedGender == "female" && byName["Мельник"]?.fullName(.dative) == "Мельник Саше")
            #expect(byName["Коваль"]?.storedGender == "male" && byName["Коваль"]?.fullName(.dative) == "Ковалю Жене")
            #expect(byName["Бабич"]?.storedGender == nil && byName["Бабич"]?.gender == .female)

            let bad = "ФИО;Пол;Класс;Форма наставничества;Запросы\nЖук Саша;не знаю;6А;ученик – ученик;Адаптация\n"
            let refused = try await s.curator.upload(s.base + "/imports", fields: ["kind": "mentee"], fileName: "база.csv", data: Data(bad.utf8))
            #expect(try await s.curator.get(try #require(refused.location)).text.contains("Пол — «м» или «ж»"))

            let export = try await s.curator.get(s.base + "/mentees/export?format=csv")
            let rows = try CSVTable.rows(of: Data(buffer: export.body))
            let header = try #require(rows.first)
            let column = try #require(header.cells.firstIndex(of: "Пол"))
            #expect(rows.dropFirst().map { $0.cells[column] }.sorted() == ["", "женский", "мужской"])
        }
    }
}
