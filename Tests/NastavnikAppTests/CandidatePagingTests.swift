import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Issue 21, item 2: a program's pairs, proposal and matching pages count the candidates in SQL
/// and show them a page at a time, filtered by surname, class and request.
@Suite("Кандидаты в пары: счёт и страницы в базе")
struct CandidatePagingTests {
    struct School {
        let organization: Organization
        let program: Program
        let curator: Browser
        let regionID: UUID
        var base: String { "/orgs/\(organization.id!)/programs/\(program.id!)/pairs" }
    }

    func school(_ app: Application) async throws -> School {
        let territory = try await Fixtures.territory(app)
        try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization, lastName: "Куратова")
        let program = try await PairingFixtures.program(app, organization: territory.organization)
        let curator = Browser(app)
        try await curator.signIn("kurator")
        return School(organization: territory.organization, program: program, curator: curator, regionID: territory.region.id!)
    }

    /// `count` mentees with a guardian's consent, surnames «Абрамов001…» so they sort before any other.
    func manyMentees(_ app: Application, _ s: School, count: Int, className: String = "7А") async throws {
        for index in 1...count {
            try await PairingFixtures.mentee(app, organization: s.organization, lastName: "Абрамов" + String(format: "%03d", index), className: className)
        }
    }

    static func query(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
    }

    @Test("База выбирает тех же наставляемых, что правило согласий: взрослый сам, за ребёнка — законный представитель, возраст по дате рождения; занятые места, другие формы и выбывшие не в списке")
    func sqlRuleMatchesTheConsentRule() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let o = s.organization
            let adult = try await PairingFixtures.mentee(app, organization: o, lastName: "Взрослый", age: 19)
            let child = try await PairingFixtures.mentee(app, organization: o, lastName: "Ребёнок", age: 13)
            let childOwnConsent = try await PairingFixtures.mentee(app, organization: o, lastName: "Сампосебе", age: 15, guardianConsent: false)
            let noConsent = try await PairingFixtures.mentee(app, organization: o, lastName: "Безсогласия", consent: false)
            // The birth date decides over the base's age and the minor flag.
            let bornAdult = try await PairingFixtures.mentee(app, organization: o, lastName: "Повзрослевший", age: 17, guardianConsent: false)
            bornAdult.birthDate = FieldParsing.calendar.date(byAdding: .year, value: -19, to: Date())
            try await bornAdult.save(on: app.db)
            let bornMinor = try await PairingFixtures.mentee(app, organization: o, lastName: "Юный", age: 19)
            bornMinor.birthDate = FieldParsing.calendar.date(byAdding: .year, value: -16, to: Date())
            try await bornMinor.save(on: app.db)
            // Without a date or an age, the minor flag: the child's own consent is not enough.
            let noAge = try await PairingFixtures.mentee(app, organization: o, lastName: "Безвозраста", age: 12, guardianConsent: false)
            noAge.age = nil
            try await noAge.save(on: app.db)
            let withdrawn = try await PairingFixtures.mentee(app, organization: o, lastName: "Отозвавший", age: 20)
            try await ConsentRecord.query(on: app.db).filter(\.$subjectID == withdrawn.id!).set(\.$withdrawnAt, to: Date()).update()
            try await PairingFixtures.mentee(app, organization: o, lastName: "Другаяформа", form: .teacherTeacher)
            let finished = try await PairingFixtures.mentee(app, organization: o, lastName: "Завершивший")
            finished.status = .finished
            try await finished.save(on: app.db)
            // A place in the draft is taken; a declined one is free again.
            let mentor = try await PairingFixtures.mentor(app, organization: o, lastName: "Смирнова", capacity: 3, selectedIn: s.program)
            let drafted = try await PairingFixtures.mentee(app, organization: o, lastName: "Вчерновике")
            let declined = try await PairingFixtures.mentee(app, organization: o, lastName: "Отказавшийся")
            for (mentee, answer) in [(drafted, PairingAnswer.pending), (declined, .declined)] {
                let pairing = try Pairing(program: s.program, mentorID: mentor.id!, form: .studentStudent, scheme: .questionnaires,
                                          status: answer == .declined ? .proposed : .draft, createdByName: "")
                try await pairing.create(on: app.db)
                let member = PairingMember(pairingID: pairing.id!, menteeID: mentee.id!, programID: s.program.id!, score: 70, explanation: [], position: 0)
                member.menteeAnswer = answer
                member.holdsPlace = answer != .declined
                try await member.create(on: app.db)
            }

            let eligible = Set(try await PairingCandidates.eligibleMentees(s.program, on: app.db).all().map(\.id))
            let excluded = Set(try await PairingCandidates.excludedMentees(s.program, on: app.db).all().map(\.id))
            #expect(eligible == Set([adult.id, child.id, bornAdult.id, declined.id]))
            #expect(excluded == Set([childOwnConsent.id, noConsent.id, bornMinor.id, noAge.id, withdrawn.id]))
            // The same people as the rule of `PairingEligibility`, asked person by person.
            let everyone = try await PairingCandidates.menteesWithoutPlace(s.program, on: app.db).all()
            let consents = try await PairingCandidates.consentsBySubject(ids: everyone.map { $0.id! }, on: app.db)
            let byRule = Set(everyone.filter { PairingEligibility.problems(mentee: $0, consents: consents[$0.id!] ?? []).isEmpty }.map(\.id))
            #expect(eligible == byRule)
            #expect(excluded == Set(everyone.map(\.id)).subtracting(byRule))
            #expect(try await PairingCandidates.load(program: s.program, on: app.db).mentees.map(\.id).sorted { $0!.uuidString < $1!.uuidString }
                    == eligible.sorted { $0!.uuidString < $1!.uuidString })
        }
    }

    @Test("Счётчики и страницы списка «Без наставника»: первая, последняя, номер за концом, поиск без совпадений и пустая программа")
    func countsAndPagesAtTheEdges() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            // An empty program first: no candidates, no paging.
            let empty = try await s.curator.get(s.base)
            #expect(empty.status == .ok)
            #expect(empty.text.contains("<strong>0</strong> наставляемых без наставника"))
            #expect(empty.text.contains("Все наставляемые программы с действующим согласием в парах или в предложении."))
            #expect(!empty.text.contains("candidatesPage="))

            try await manyMentees(app, s, count: 120)
            try await PairingFixtures.mentee(app, organization: s.organization, lastName: "Безсогласия", consent: false)
            try await PairingFixtures.mentee(app, organization: s.organization, lastName: "Сампосебе", guardianConsent: false)

            let first = try await s.curator.get(s.base)
            #expect(first.text.contains("<strong>120</strong> наставляемых без наставника"))
            #expect(first.text.contains("Без наставника (120)") && first.text.contains("Не могут быть включены в пару (2)"))
            #expect(first.text.contains("Абрамов001") && first.text.contains("Абрамов050") && !first.text.contains("Абрамов051"))
            #expect(first.text.contains("Страница 1 из 3") && first.text.contains("candidatesPage=2#unmatched"))

            let last = try await s.curator.get(s.base + "?candidatesPage=3")
            #expect(last.text.contains("Абрамов101") && last.text.contains("Абрамов120") && !last.text.contains("Абрамов100 Иван"))
            #expect(last.text.contains("Страница 3 из 3") && !last.text.contains("candidatesPage=4"))
            // A number past the end shows the last page; the counts stay those of the whole program.
            let past = try await s.curator.get(s.base + "?candidatesPage=99")
            #expect(past.status == .ok && past.text.contains("Абрамов120") && past.text.contains("Страница 3 из 3"))
            #expect(past.text.contains("<strong>120</strong> наставляемых без наставника"))

            let nobody = try await s.curator.get(s.base + "?q=" + Self.query("Несуществующий"))
            #expect(nobody.status == .ok && nobody.text.contains("Никого не нашлось"))
            #expect(nobody.text.contains("Найдено: 0 наставляемых без наставника из 120"))
            #expect(nobody.text.contains("<strong>120</strong> наставляемых без наставника"))
        }
    }

    @Test("Поиск по фамилии находит наставляемого с дальней страницы, фильтр по классу и запросу сохраняется при листании")
    func searchFindsALaterPage() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            try await manyMentees(app, s, count: 60)
            let far = try await PairingFixtures.mentee(app, organization: s.organization, lastName: "Яковлев", firstName: "Пётр", requests: ["bullying"], className: "9Б")
            // The base keeps each request in its own row for filtering (`ParticipantBases`); the fixture writes only the card.
            try await MenteeRequest(menteeID: far.id!, organizationID: s.organization.id!, code: "bullying").create(on: app.db)

            let first = try await s.curator.get(s.base)
            #expect(!first.text.contains("Яковлев"))
            let found = try await s.curator.get(s.base + "?q=" + Self.query("ЯКОВЛЕВ"))
            #expect(found.text.contains("Яковлев Пётр") && found.text.contains("Найдено: 1 наставляемый без наставника из 61"))
            #expect(!found.text.contains("Абрамов001"))
            // By class and request, in SQL.
            let byClass = try await s.curator.get(s.base + "?class=" + Self.query("9Б"))
            #expect(byClass.text.contains("Яковлев Пётр") && !byClass.text.contains("Абрамов001"))
            let byRequest = try await s.curator.get(s.base + "?request=bullying")
            #expect(byRequest.text.contains("Яковлев Пётр") && !byRequest.text.contains("Абрамов001"))
            // Paging keeps the filter.
            let sevens = try await s.curator.get(s.base + "?class=" + Self.query("7А"))
            #expect(sevens.text.contains("Страница 1 из 2"))
            #expect(sevens.text.contains("class=7%D0%90&amp;candidatesPage=2#unmatched") || sevens.text.contains("class=7%D0%90&candidatesPage=2#unmatched"))
            let sevensNext = try await s.curator.get(s.base + "?class=" + Self.query("7А") + "&candidatesPage=2")
            #expect(sevensNext.text.contains("Абрамов060") && !sevensNext.text.contains("Яковлев"))

            // The forms that choose a mentee find him too, and keep the one chosen from a link.
            let propose = try await s.curator.get(s.base + "/propose?q=" + Self.query("яковлев"))
            #expect(propose.text.contains("value=\"\(far.id!)\"") && !propose.text.contains("Абрамов001"))
            let chosen = try await s.curator.get(s.base + "/propose?mentee=\(far.id!)&q=" + Self.query("Абрамов"))
            #expect(chosen.text.contains("value=\"\(far.id!)\" selected"))
            let proposal = try await s.curator.get(s.base + "/proposal?q=" + Self.query("Яковлев"))
            #expect(proposal.text.contains("value=\"\(far.id!)\"") && !proposal.text.contains("Абрамов001"))
            let meeting = try await s.curator.get(s.base + "/mentor-match/new?q=" + Self.query("Яковлев"))
            #expect(meeting.text.contains("mentee-\(far.id!)") && !meeting.text.contains("Абрамов001"))
        }
    }

    @Test("Предложение пары по-прежнему предлагает наставников, выдвинутых организацией-партнёром")
    func partnerMentorsStayOffered() async throws {
        try await withTestApp { app in
            let w = try await ProgramPartnersTests.world(app)
            let student = try await ProgramPartnersTests.studentMentor(app, college: w.college, lastName: "Соколов", firstName: "Артём")
            try await ProgramPartner(programID: w.program.id!, organizationID: w.college.id!, addedByName: "Куратова").create(on: app.db)
            try await PartnerNomination(programID: w.program.id!, organizationID: w.college.id!, mentorID: student.id!, nominatedByName: "Колледжева").create(on: app.db)
            try await MentorSelection(programID: w.program.id!, mentorID: student.id!, decision: .selected).create(on: app.db)
            // A student of the college not put forward is no candidate.
            let other = try await ProgramPartnersTests.studentMentor(app, college: w.college, lastName: "Невыдвинутый", firstName: "Олег")
            try await MentorSelection(programID: w.program.id!, mentorID: other.id!, decision: .selected).create(on: app.db)
            let pupil = try await PairingFixtures.mentee(app, organization: w.school, lastName: "Петров", form: .collegeStudentPupil)

            let base = w.programPath + "/pairs"
            for path in ["/propose", "/proposal", "/mentor-match/new"] {
                let page = try await w.schoolCurator.get(base + path)
                #expect(page.status == .ok)
                #expect(page.text.contains("Соколов Артём") && !page.text.contains("Невыдвинутый"), "\(path)")
            }
            let index = try await w.schoolCurator.get(base)
            #expect(index.text.contains("<strong>1</strong> свободное место у отобранных наставников"))
            let proposed = try await w.schoolCurator.post(base + "/propose", form: [
                "menteeID": pupil.id!.uuidString, "mentorID": student.id!.uuidString, "scheme": "personalMeeting", "meetingOn": "2026-10-01"])
            #expect(proposed.status == .seeOther)
            #expect(try await Pairing.query(on: app.db).filter(\.$mentor.$id == student.id!).count() == 1)
        }
    }

    @Test("Черновик предложения читается по странице: число мест, групп и средний балл считает база")
    func draftIsPaged() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            try await manyMentees(app, s, count: 55)
            let mentor = try await PairingFixtures.mentor(app, organization: s.organization, lastName: "Смирнова", capacity: 60, selectedIn: s.program)
            let mentees = try await Mentee.query(on: app.db).sort(\.$lastName).all()
            let group = try Pairing(program: s.program, mentorID: mentor.id!, form: .studentStudent, scheme: .questionnaires, status: .draft, createdByName: "")
            try await group.create(on: app.db)
            for (position, mentee) in mentees.enumerated() {
                try await PairingMember(pairingID: group.id!, menteeID: mentee.id!, programID: s.program.id!, score: position % 2 == 0 ? 80 : 61,
                                        explanation: [], position: position).create(on: app.db)
            }
            let counts = try await DraftProposal.counts(programID: s.program.id!, on: app.db)
            #expect(counts.total == 55 && counts.groupCount == 1 && counts.averageScore == (28 * 80 + 27 * 61) / 55)

            let first = try await s.curator.get(s.base + "/proposal")
            #expect(first.status == .ok && first.text.contains("в предложении 55 наставляемых"))
            #expect(first.text.contains("Абрамов001") && !first.text.contains("Абрамов051 Иван"))
            let last = try await s.curator.get(s.base + "/proposal?page=2")
            #expect(last.text.contains("Абрамов055") && !last.text.contains("<strong>Абрамов001</strong>"))
            #expect(last.text.contains("Страница 2 из 2"))
            // Everyone is in the draft: nobody left to add by hand.
            #expect(!last.text.contains("Добавить пару вручную"))
        }
    }

    @Test("Координатор видит только числа: поиск по фамилии в адресе не меняет их, а «%» и «_» в поиске — буквы, не шаблон")
    func coordinatorCannotSpellNamesOut() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            try await Fixtures.person(app, login: "koordinator", role: .regionalCoordinator, regionID: s.regionID)
            try await PairingFixtures.mentee(app, organization: s.organization, lastName: "Безсогласия", consent: false)
            try await PairingFixtures.mentee(app, organization: s.organization, lastName: "Иванов")
            let coordinator = Browser(app)
            try await coordinator.signIn("koordinator")
            func counts(_ query: String) async throws -> String {
                let page = try await coordinator.get(s.base + query)
                #expect(page.status == .ok)
                let text = page.text
                let start = try #require(text.range(of: "Наставляемых без наставника:"))
                return String(text[start.lowerBound...].prefix(120))
            }
            let plain = try await counts("")
            #expect(plain.contains("Наставляемых без наставника: 1; не могут быть включены в пару: 1"), "\(plain)")
            for query in ["?q=" + Self.query("безсогласия"), "?q=" + Self.query("нет такого"), "?q=" + Self.query("Иванов") + "&class=7А"] {
                #expect(try await counts(query) == plain, "\(query)")
            }
            // The curator's search takes «%» literally: it finds nobody instead of everybody.
            let wildcard = try await s.curator.get(s.base + "?q=" + Self.query("%"))
            #expect(wildcard.text.contains("Найдено: 0"), "\(wildcard.text.range(of: "Найдено").map { String(wildcard.text[$0.lowerBound...].prefix(80)) } ?? "нет строки «Найдено»")")
        }
    }

    @Test("Страница, нарисованная после отказа (нулевые веса, неверное время встречи), ведёт поиском и листанием на свой адрес и не теряет отмеченных")
    func refusedFormsKeepTheirWay() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            try await PairingFixtures.mentor(app, organization: s.organization, lastName: "Смирнова", capacity: 3, selectedIn: s.program)
            try await manyMentees(app, s, count: 205)
            let last = try await PairingFixtures.mentee(app, organization: s.organization, lastName: "Яковлев", className: "9Б")

            // All weights zero: the pairs page comes back with 422 at the address of the POST.
            var weights: [String: String] = [:]
            for criterion in ["request", "subjects", "interests", "age", "meetingTime", "place", "form", "roleModel", "timeResource"] {
                weights["weight-\(criterion)"] = "0"
            }
            let refused = try await s.curator.post(s.base + "/match", form: weights)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("action=\"\(s.base)\" class=\"filters\""), "форма поиска ведёт на страницу пар, а не на /match")
            #expect(refused.text.contains("\(s.base)?candidatesPage=2"), "листание кандидатов ведёт на страницу пар")
            #expect(!refused.text.contains("/match?"), "ни одна ссылка не ведёт на адрес POST")

            // The pairs' own pages keep the candidate search and page.
            let searched = try await s.curator.get(s.base + "?class=7%D0%90&candidatesPage=2")
            #expect(searched.status == .ok)

            // Mentor Match: the ticked pupil beyond the first 200 stays ticked after a refused send.
            let mentor = try #require(try await Mentor.query(on: app.db).filter(\.$lastName == "Смирнова").first())
            let form = ["heldOn": "2026-10-05", "startsAt": "15-00", "place": "Актовый зал", "slotMinutes": "7",
                        "mentor-\(mentor.id!)": "1", "mentee-\(last.id!)": "1"]
            let bad = try await s.curator.post(s.base + "/mentor-match", form: form)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("name=\"mentee-\(last.id!)\" value=\"1\" checked"), "Яковлев отмечен и после отказа")
            #expect(bad.text.contains("action=\"\(s.base)/mentor-match/new\" class=\"filters\""))
        }
    }
}
