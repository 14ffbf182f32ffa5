import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Issue 18, item 5: the new academic year. Classes and groups advance in one step that is
/// previewed first and can be undone exactly; graduates leave the active base and stay in the
/// history and the indicators of their years.
@Suite("Новый учебный год: классы переходят, выпускники уходят из действующей базы, переход отменяется")
struct AcademicYearTests {
    typealias School = InvitationSheetTests.School

    static func school(_ app: Application) async throws -> School { try await InvitationSheetTests.school(app) }

    /// 7Б (2), 8Б (1), 11А (2), «Кружок» (1), as the form lists them.
    static func fill(_ app: Application, _ school: School) async throws -> [String: Mentee] {
        var cards: [String: Mentee] = [:]
        for (name, className) in [("Азарова", "7Б"), ("Бойко", "7Б"), ("Власов", "8Б"), ("Глебова", "11А"), ("Демин", "11А"), ("Ершова", "Кружок")] {
            cards[name] = try await PairingFixtures.mentee(app, organization: school.organization, lastName: name, className: className)
        }
        return cards
    }

    static var year: AcademicYear { AcademicYearAdvancing.targetYear() }

    /// The form as the page fills it: the proposals unchanged.
    static func proposedForm(year: AcademicYear = year) -> [(String, String)] {
        [("year", String(year.startYear)),
         ("class-0", "7Б"), ("to-0", "8Б"), ("class-1", "8Б"), ("to-1", "9Б"),
         ("class-2", "11А"), ("to-2", "11А"), ("graduate-2", "1"), ("class-3", "Кружок"), ("to-3", "Кружок")]
    }

    static func classes(_ app: Application) async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try await Mentee.query(on: app.db).all().map { ($0.lastName, $0.className ?? "") })
    }

    @Test("Предпросмотр ничего не меняет; переход одним шагом: 7Б → 8Б, 8Б → 9Б, 11А выпускается, нераспознанное остаётся")
    func previewThenAdvance() async throws {
        try await withTestApp { app in
            let school = try await Self.school(app)
            let cards = try await Self.fill(app, school)
            let page = try await school.curator.get(school.yearPath)
            #expect(page.status == .ok)
            #expect(page.text.contains("name=\"to-0\" value=\"8Б\""))
            #expect(page.text.contains("name=\"graduate-2\" value=\"1\" checked"))
            #expect(page.text.contains("название не распознано"))
            let before = try await Self.classes(app)

            let preview = try await school.curator.post(school.yearPath + "/preview", pairs: Self.proposedForm())
            #expect(preview.status == .ok)
            #expect(preview.text.contains("Что изменится"))
            #expect(preview.text.contains("<strong>выпуск</strong>"))
            #expect(preview.text.contains("Переводятся: 3, выпускаются: 2."))
            #expect(preview.text.contains("formaction=\"\(school.yearPath)\""))
            #expect(try await Self.classes(app) == before, "предпросмотр ничего не записывает")

            let applied = try await school.curator.post(school.yearPath, pairs: Self.proposedForm())
            #expect(applied.status == .seeOther)
            #expect(try await Self.classes(app) == ["Азарова": "8Б", "Бойко": "8Б", "Власов": "9Б", "Глебова": "11А", "Демин": "11А", "Ершова": "Кружок"])
            let graduate = try #require(try await Mentee.find(cards["Глебова"]!.id, on: app.db))
            #expect(graduate.graduatedYear == Self.year.startYear - 1)
            #expect(graduate.status == .left)
            #expect(graduate.version == (cards["Глебова"]!.version ?? 0) + 1, "открытая до перехода форма не затрёт его")
            #expect(try await Mentee.find(cards["Азарова"]!.id, on: app.db)?.searchKey.contains("8б") == true)

            let active = try await school.curator.get("/orgs/\(school.id)/mentees")
            #expect(!active.text.contains("Глебова"))
            #expect(active.text.contains("Азарова"))
            let graduates = try await school.curator.get("/orgs/\(school.id)/mentees?graduates=only")
            #expect(graduates.text.contains("Глебова") && graduates.text.contains("Демин"))
            #expect(!graduates.text.contains("Азарова"))
            let card = try await school.curator.get("/orgs/\(school.id)/mentees/\(graduate.id!)")
            #expect(card.text.contains("\(AcademicYear(startYear: Self.year.startYear - 1).title) учебный год; в действующую базу больше не входит"))
            // The same year again is refused, and changes nothing.
            let again = try await school.curator.post(school.yearPath, pairs: [("year", String(Self.year.startYear)), ("class-0", "8Б"), ("to-0", "9Б")])
            #expect(again.status == .conflict)
            #expect(again.text.contains("уже сделан"))
            #expect(try await Self.classes(app)["Азарова"] == "8Б")
        }
    }

    @Test("Отмена возвращает ровно то, что изменил переход, а карточку, исправленную после него, оставляет и называет")
    func undoRestoresExactly() async throws {
        try await withTestApp { app in
            let school = try await Self.school(app)
            let cards = try await Self.fill(app, school)
            let paired = cards["Демин"]!
            paired.status = .inPair
            try await paired.save(on: app.db)
            let before = try await Mentee.query(on: app.db).all().map { ($0.lastName, $0.className, $0.status, $0.graduatedYear) }
            _ = try await school.curator.post(school.yearPath, pairs: Self.proposedForm())
            #expect(try await Mentee.find(paired.id, on: app.db)?.status == .inPair, "пара выпускника идёт до своего завершения")
            // Someone corrects a card after the step.
            let corrected = try #require(try await Mentee.find(cards["Бойко"]!.id, on: app.db))
            corrected.className = "8В"
            try await corrected.save(on: app.db)
            let advance = try #require(try await AcademicYearAdvance.query(on: app.db).first())

            let undone = try await school.curator.post(school.yearPath + "/undo", form: ["advanceID": advance.id!.uuidString])
            #expect(undone.status == .seeOther)
            let history = try await school.curator.get(school.yearPath)
            #expect(history.text.contains("Изменённые после перехода оставлены как есть: Бойко Иван"))
            #expect(history.text.contains("отменён"))
            let after = try await Mentee.query(on: app.db).all().map { ($0.lastName, $0.className, $0.status, $0.graduatedYear) }
            let expected = before.map { $0.0 == "Бойко" ? ($0.0, "8В", $0.2, $0.3) : $0 }
            #expect(after.sorted { $0.0 < $1.0 }.map { "\($0.0) \($0.1 ?? "") \($0.2) \($0.3.map(String.init) ?? "-")" }
                    == expected.sorted { $0.0 < $1.0 }.map { "\($0.0) \($0.1 ?? "") \($0.2) \($0.3.map(String.init) ?? "-")" })
            // A second click undoes nothing more; the step can then be taken again.
            let second = try await school.curator.post(school.yearPath + "/undo", form: ["advanceID": advance.id!.uuidString])
            #expect(second.status == .seeOther)
            #expect(try await Self.classes(app)["Азарова"] == "7Б")
            let retaken = try await school.curator.post(school.yearPath, pairs: Self.proposedForm())
            #expect(retaken.status == .seeOther)
            #expect(try await Self.classes(app)["Азарова"] == "8Б")
        }
    }

    @Test("Выпускники остаются в истории и в показателях своего года: пары, счёт наставляемых и карточка на месте")
    func graduatesStayInTheirYearsIndicators() async throws {
        try await withTestApp { app in
            let school = try await Self.school(app)
            let cards = try await Self.fill(app, school)
            let program = try await PairingFixtures.program(app, organization: school.organization)
            let mentor = try await PairingFixtures.mentor(app, organization: school.organization, lastName: "Наставникова", selectedIn: program)
            let pairing = try Pairing(program: program, mentorID: mentor.id!, form: .studentStudent, scheme: .curatorProposal, status: .formed, createdByName: "")
            try await pairing.create(on: app.db)
            let member = PairingMember(pairingID: pairing.id!, menteeID: cards["Глебова"]!.id!, programID: program.id!, score: 80, explanation: [], position: 0)
            member.menteeAnswer = .accepted
            member.mentorAnswer = .accepted
            try await member.create(on: app.db)
            let programYear = AcademicYear.of(try #require(CalendarDay(iso: program.startsOn)))
            let before = try await IndicatorQueries.counts(.organization(school.id), year: programYear, on: app.db)
            #expect(before.values.reduce(0) { $0 + $1.involvedMentees } == 1)
            _ = try await school.curator.post(school.yearPath, pairs: Self.proposedForm())
            let after = try await IndicatorQueries.counts(.organization(school.id), year: programYear, on: app.db)
            #expect(after.values.reduce(0) { $0 + $1.involvedMentees } == 1)
            #expect(after.values.reduce(0) { $0 + $1.pairs } == before.values.reduce(0) { $0 + $1.pairs })
            #expect(try await Mentee.find(cards["Глебова"]!.id, on: app.db)?.graduatedYear != nil)
            #expect(try await school.curator.get("/orgs/\(school.id)/mentees/\(cards["Глебова"]!.id!)").status == .ok)
        }
    }

    @Test("Переход в один учебный год делается один раз, даже когда его нажимают в четырёх вкладках разом")
    func parallelStepsMakeOne() async throws {
        try await withTestApp { app in
            let school = try await Self.school(app)
            _ = try await Self.fill(app, school)
            try await withLiveServer(app) { server in
                let live = school.curator.tab(live: server)
                _ = try await live.get(school.yearPath)
                let tabs = (0..<4).map { _ in live.tab() }
                let answers = try await inParallel(4) { i in try await tabs[i].post(school.yearPath, pairs: Self.proposedForm()) }
                #expect(answers.filter { $0.status == .seeOther }.count == 1, "\(answers.map(\.status))")
                #expect(answers.filter { $0.status == .conflict }.count == 3, "\(answers.map(\.status))")
            }
            #expect(try await AcademicYearAdvance.query(on: app.db).count() == 1)
            #expect(try await Self.classes(app)["Власов"] == "9Б", "класс сдвинут один раз, не дважды")
            #expect(try await AcademicYearChange.query(on: app.db).count() == 5)
        }
    }
}

extension InvitationSheetTests.School {
    var yearPath: String { "/orgs/\(id)/academic-year" }
}
