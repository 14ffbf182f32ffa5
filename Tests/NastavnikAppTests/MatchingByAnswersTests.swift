import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Matching «по анкетам» reads the people's answers, and requests are compared by meaning that
/// survives Russian word forms (issue 17, items 2 and 3), on both databases.
@Suite("Подбор по анкетам и запросы по смыслу")
struct MatchingByAnswersTests {
    static let weights: [String: String] = [
        "weight-request": "10", "weight-subjects": "0", "weight-interests": "0", "weight-age": "0", "weight-meetingTime": "3",
        "weight-place": "3", "weight-form": "5", "weight-roleModel": "0", "weight-timeResource": "0",
        "objective": "maxMatchedThenScore", "previousPairs": "avoid",
    ]

    /// An organization with its curator signed in.
    static func organization(_ app: Application) async throws -> (Fixtures.Territory, Browser) {
        let territory = try await Fixtures.territory(app)
        try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization, lastName: "Куратова")
        let curator = Browser(app)
        try await curator.signIn("kurator")
        return (territory, curator)
    }

    static func moscow(_ month: Int, _ day: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = RussianDate.timeZone
        return calendar.date(from: DateComponents(year: 2026, month: month, day: day, hour: 12))!
    }

    /// A named answer to the organization's copy of `template`, as `Answering` stores one.
    static func answer(_ app: Application, _ template: QuestionnaireTemplate, organizationID: UUID, by user: User, role: Role,
                       on date: Date, _ values: [QuestionKey: AnswerValue]) async throws {
        let questionnaire = try await QuestionnaireAuthoring.copy(template, organizationID: organizationID, by: user.id!, on: app.db)
        let version = try await QuestionnaireAuthoring.latestVersion(of: questionnaire.id!, on: app.db)
        var sheet: [String: AnswerValue] = [:]
        for (key, value) in values { sheet[try #require(template.definition.questions.first { $0.key == key }).id] = value }
        let answer = try Answer(organizationID: organizationID, questionnaireID: questionnaire.id!, versionID: version.id!, sheet: AnswerSheet(values: sheet))
        answer.$respondent.id = user.id
        answer.role = role
        answer.submittedAt = date
        try await answer.save(on: app.db)
    }

    @Test("Время, формат, частота встреч и возраст наставляемых читаются из вариантов анкет и из базы, курс — как обычный возраст")
    func meetingAnswers() {
        #expect(MeetingAnswers.times(fromOptions: ["Вечером"]).map(\.russianName) == ["пн вечер", "вт вечер", "ср вечер", "чт вечер", "пт вечер"])
        #expect(MeetingAnswers.times(fromOptions: ["В выходные"]).count == 6)
        #expect(MeetingAnswers.times(fromOptions: ["Время обсудим отдельно"]).isEmpty)
        #expect(MeetingAnswers.times(fromText: "пн, ср после уроков").map(\.russianName) == ["пн день", "ср день"])
        #expect(MeetingAnswers.times(fromText: "вт, чт 15:00–17:00").map(\.russianName) == ["вт день", "вт вечер", "чт день", "чт вечер"])
        #expect(MeetingAnswers.times(fromText: "всё обсуждаемо").isEmpty, "«вс» — не «всё»")
        #expect(MeetingAnswers.place("Очно или онлайн") == .either && MeetingAnswers.place("Онлайн") == .online)
        #expect(MeetingAnswers.hoursPerWeek("Раз в две недели") == 0.5 && MeetingAnswers.hoursPerWeek("Два раза в неделю") == 2)
        #expect(MeetingAnswers.ageRange("11–14 лет (5–8 классы)") == .init(minimum: 11, maximum: 14))
        #expect(MeetingAnswers.ageRange("Студенты, молодые специалисты") == .init(minimum: 16, maximum: 35))
        #expect(MeetingAnswers.usualAge(className: "7А") == 13 && MeetingAnswers.usualAge(className: "2 курс") == 17)
        #expect(MeetingAnswers.usualAge(className: "группа ТМ-21") == nil)
    }

    @Test("Студент, который хочет стать технологом (КОМПАС-3D), получает наставника-технолога по ответам анкет, и объяснение называет источники")
    func technologistByAnswers() async throws {
        try await withTestApp { app in
            let (territory, curator) = try await Self.organization(app)
            let org = territory.organization
            let program = try await PairingFixtures.program(app, organization: org, forms: [.employerStudent], name: "Работодатель – студент")
            let base = "/orgs/\(territory.organizationID)/programs/\(program.id!)/pairs"

            let studentUser = try await Fixtures.person(app, login: "ivanov", role: .mentee, organization: org, lastName: "Иванов")
            let technologistUser = try await Fixtures.person(app, login: "borisova", role: .mentor, organization: org, lastName: "Борисова")
            let electricianUser = try await Fixtures.person(app, login: "alekseev", role: .mentor, organization: org, lastName: "Алексеев")
            // By the bases alone the electromechanic fits better: his competencies name the request.
            let electrician = try await PairingFixtures.mentor(app, organization: org, lastName: "Алексеев", firstName: "Пётр",
                                                               competencies: "Профессиональная ориентация", forms: [.employerStudent],
                                                               userID: electricianUser.id, selectedIn: program)
            let technologist = try await PairingFixtures.mentor(app, organization: org, lastName: "Борисова", firstName: "Анна",
                                                                competencies: "технология машиностроения", forms: [.employerStudent],
                                                                userID: technologistUser.id, selectedIn: program)
            let ivanov = try await PairingFixtures.mentee(app, organization: org, lastName: "Иванов", requests: ["careerGuidance"],
                                                          form: .employerStudent, age: 19, className: "2 курс", userID: studentUser.id)
            // Without an account: nobody could have answered for him.
            let sidorov = try await PairingFixtures.mentee(app, organization: org, lastName: "Сидоров", requests: ["careerGuidance"],
                                                           form: .employerStudent, age: 19, className: "2 курс")

            // An earlier answer is replaced by the later one.
            try await Self.answer(app, .menteeRequest, organizationID: org.id!, by: studentUser, role: .mentee, on: Self.moscow(10, 1),
                                  [.menteeRequest: .text("Пока не знаю")])
            try await Self.answer(app, .menteeRequest, organizationID: org.id!, by: studentUser, role: .mentee, on: Self.moscow(10, 14), [
                .menteeRequest: .text("Хочу стать технологом, научиться работать в КОМПАС-3D"),
                .menteeGoals: .text("Освоить КОМПАС-3D"),
                .menteeInterests: .choices(["Выбор профессии"]),
                .menteeWishesForMentor: .text("Опыт работы на заводе"),
                .menteeMeetingFrequency: .choice("Раз в неделю"),
                .menteeMeetingTime: .choices(["Вечером"]),
                .menteeMeetingFormat: .choice("Онлайн"),
            ])
            try await Self.answer(app, .mentorApplication, organizationID: org.id!, by: technologistUser, role: .mentor, on: Self.moscow(10, 2), [
                .mentorExperience: .text("Инженер-технолог машиностроительного производства, 12 лет; КОМПАС-3D"),
                .mentorExpectations: .text("Подготовить себе смену"),
                .mentorMeetingTime: .choice("Вечером"),
                .mentorMeetingFormat: .choice("Очно или онлайн"),
            ])

            let run = try await curator.post(base + "/match", form: Self.weights)
            #expect(run.status == .seeOther)
            let drafts = try await Pairing.query(on: app.db).filter(\.$status == .draft).with(\.$members).all()
            let mentorOf = Dictionary(uniqueKeysWithValues: drafts.flatMap { p in p.members.map { ($0.$mentee.id, p.$mentor.id) } })
            #expect(mentorOf[ivanov.id!] == technologist.id, "технолог — по ответам анкет")
            #expect(mentorOf[sidorov.id!] == electrician.id)

            let member = try #require(try await PairingMember.query(on: app.db).filter(\.$mentee.$id == ivanov.id!).first())
            let lines = member.explanationLines
            #expect(lines.contains("Учтены ответы наставляемого на анкету (последние — от 14.10) и данные базы"))
            #expect(lines.contains("Учтены ответы наставника на анкету (последние — от 02.10) и данные базы"))
            let request = try #require(lines.first { $0.hasPrefix("Запрос") })
            #expect(request.contains("из анкеты от 14.10: Хочу стать технологом, научиться работать в КОМПАС-3D"))
            #expect(request.contains("из базы: Профессиональная ориентация"))
            #expect(request.contains("из анкеты от 02.10: Инженер-технолог машиностроительного производства"))
            #expect(!request.contains("Пока не знаю"), "старый ответ заменён новым")
            #expect(lines.contains { $0.hasPrefix("Время встреч") && $0.contains("Общее время встреч") && $0.contains("из анкеты от 14.10: Вечером") })
            #expect(lines.contains { $0.hasPrefix("Место встреч") && $0.contains("Обе стороны готовы встречаться онлайн") })
            #expect(lines.contains("Ожидания наставляемого (из анкеты от 14.10: Опыт работы на заводе)"))
            #expect(lines.contains("Ожидания наставника (из анкеты от 02.10: Подготовить себе смену)"))

            let other = try #require(try await PairingMember.query(on: app.db).filter(\.$mentee.$id == sidorov.id!).first())
            #expect(other.explanationLines.contains("Анкета наставляемого не заполнена: нет учётной записи на платформе — учтены только данные базы"))
            #expect(other.explanationLines.contains("Ответов наставника на анкету нет — учтены только данные базы"))

            let proposal = try await curator.get(base + "/proposal")
            #expect(proposal.text.contains("из анкеты от 14.10"))

            // The mentor reads why the pair was proposed, but not the student's answers quoted as sources.
            #expect(try await curator.post(base + "/proposal/send").status == .seeOther)
            let mentor = Browser(app)
            try await mentor.signIn("borisova")
            let mine = try await mentor.get("/me/pairs")
            #expect(mine.text.contains("Почему вам предложена эта пара") && mine.text.contains("Наставник может помочь с запросом"))
            #expect(!mine.text.contains("из анкеты от 14.10") && !mine.text.contains("Опыт работы на заводе"))
        }
    }

    @Test("Куратор видит, с какими весами получен черновик, и подбирает заново с другими")
    func weightsOfTheDraft() async throws {
        try await withTestApp { app in
            let (territory, curator) = try await Self.organization(app)
            let org = territory.organization
            let program = try await PairingFixtures.program(app, organization: org)
            try await PairingFixtures.mentor(app, organization: org, lastName: "Смирнова", selectedIn: program)
            try await PairingFixtures.mentee(app, organization: org, lastName: "Орлов")
            let base = "/orgs/\(territory.organizationID)/programs/\(program.id!)/pairs"

            #expect(try await curator.post(base + "/match", form: Self.weights).status == .seeOther)
            let first = try await curator.get(base)
            #expect(first.text.contains("Веса этого подбора: запрос — 10, время встреч — 3, место встреч — 3, форма наставничества — 5; не учитывались: предметы, интересы, возраст, ролевая модель, временной ресурс."))

            var other = Self.weights
            other["weight-interests"] = "4"
            other["required-request"] = "1"
            #expect(try await curator.post(base + "/match", form: other).status == .seeOther)
            let second = try await curator.get(base)
            #expect(second.text.contains("Веса этого подбора: запрос — 10 (обязательный), интересы — 4, время встреч — 3"))
            #expect(second.text.contains("id=\"w-interests\" type=\"number\" min=\"0\" max=\"10\" name=\"weight-interests\" value=\"4\""))
        }
    }

    @Test("Критерии отбора по запросам: HR-специалист с «Трудоустройство, составление резюме» отвечает на «Подготовку к трудоустройству», наставник с прикладными навыками — на их отсутствие")
    func selectionCriteriaByMeaning() async throws {
        try await withTestApp { app in
            let (territory, curator) = try await Self.organization(app)
            let org = territory.organization
            let program = try await SelectionFixtures.program(app, organization: org, forms: [.employerStudent], name: "Работодатель – студент")
            // The seeds' requests of the employer–student form, stored as the base's form stores them.
            for (name, codes) in [("Акимов", ["employment"]), ("Борисов", ["appliedSkills"]), ("Власов", ["employment", "appliedSkills"])] {
                var draft = MenteeDraft()
                draft.lastName = name
                draft.firstName = "Илья"
                draft.form = .employerStudent
                draft.age = 19
                draft.className = "2 курс"
                draft.requests = codes
                draft.status = .inBase
                try await ParticipantBases.save(draft, into: Mentee(), organization: org, on: app.db)
            }
            try await SelectionFixtures.mentor(app, organization: org, lastName: "Кадрова", forms: [.employerStudent],
                                               competencies: "Трудоустройство, составление резюме", capacity: 2)
            try await SelectionFixtures.mentor(app, organization: org, lastName: "Мастеров", forms: [.employerStudent],
                                               competencies: "прикладные профессиональные навыки", capacity: 1)
            try await SelectionFixtures.mentor(app, organization: org, lastName: "Сторонний", forms: [.employerStudent],
                                               competencies: "профессиональная ориентация", capacity: 3)

            let board = try await SelectionBoard.load(program: program, on: app.db)
            let rows = Dictionary(uniqueKeysWithValues: board.criteria.rows.map { ($0.code, $0) })
            #expect(rows["employment"].map { [$0.mentees, $0.mentors, $0.seats] } == [2, 1, 2])
            #expect(rows["appliedSkills"].map { [$0.mentees, $0.mentors, $0.seats] } == [2, 1, 1])
            #expect(rows["appliedSkills"]?.isShort == true)

            let page = try await curator.get("/orgs/\(territory.organizationID)/programs/\(program.id!)/selection")
            #expect(page.text.contains("Подготовка к трудоустройству") && page.text.contains("Нет прикладных профессиональных навыков"))
        }
    }

    @Test("Куратор дополняет словарь: синоним сразу учитывается в критериях отбора, та же строка в другой форме слов не добавляется дважды")
    func curatorExtendsVocabulary() async throws {
        try await withTestApp { app in
            let (territory, curator) = try await Self.organization(app)
            let org = territory.organization
            let program = try await SelectionFixtures.program(app, organization: org, forms: [.studentStudent])
            try await SelectionFixtures.mentee(app, organization: org, lastName: "Акимова", requests: [.bullying])
            try await SelectionFixtures.mentor(app, organization: org, lastName: "Ершов", competencies: "работа с издевательствами в классе")
            let path = "/orgs/\(territory.organizationID)/requests"

            var rows = try await SelectionBoard.load(program: program, on: app.db).criteria.rows
            #expect(rows.first { $0.code == "bullying" }?.mentors == 0)

            let empty = try await curator.post(path + "/vocabulary", form: ["term": "Буллинг", "phrase": "помощь", "relation": "synonym"])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.text.contains("подбору не с чем сравнивать") && empty.text.contains("value=\"Буллинг\""))

            let added = try await curator.post(path + "/vocabulary", form: ["term": "Буллинг", "phrase": "издевательства", "relation": "synonym"])
            #expect(added.status == .seeOther)
            rows = try await SelectionBoard.load(program: program, on: app.db).criteria.rows
            #expect(rows.first { $0.code == "bullying" }?.mentors == 1)

            let again = try await curator.post(path + "/vocabulary", form: ["term": "буллинга", "phrase": "Издевательствам", "relation": "related"])
            #expect(again.status == .conflict)
            #expect(again.text.contains("Такая строка уже есть в словаре организации."))
            #expect(try await RequestVocabularyEntry.query(on: app.db).count() == 1)

            let page = try await curator.get(path)
            #expect(page.text.contains("Словарь синонимов и близких запросов") && page.text.contains("издевательства"))
            #expect(page.text.contains("Подготовка к трудоустройству"), "запросы методичек для колледжей и работодателей — в перечне")
        }
    }

    @Test("Два куратора добавляют одну и ту же строку словаря одновременно: в базе она одна")
    func vocabularyRace() async throws {
        try await withTestApp { app in
            let (territory, curator) = try await Self.organization(app)
            try await withLiveServer(app) { server in
                let live = curator.tab(live: server)
                let path = "/orgs/\(territory.organizationID)/requests"
                _ = try await live.get(path)
                let tabs = (0..<6).map { _ in live.tab() }
                let pages = try await inParallel(tabs.count) { i in
                    try await tabs[i].post(path + "/vocabulary", form: ["term": "Трудоустройство", "phrase": "стажировка на заводе", "relation": "related"])
                }
                #expect(pages.filter { $0.status == .seeOther }.count == 1, "\(pages.map(\.status))")
                #expect(pages.allSatisfy { $0.status == .seeOther || $0.status == .conflict }, "\(pages.map(\.status))")
            }
            #expect(try await RequestVocabularyEntry.query(on: app.db).count() == 1)
        }
    }

    @Test("По API: словарь организации читается и дополняется (ошибки — 4xx JSON), подбор возвращает веса и объяснение с источниками")
    func throughTheAPI() async throws {
        try await withTestApp { app in
            let (territory, _) = try await Self.organization(app)
            let org = territory.organization
            let program = try await PairingFixtures.program(app, organization: org)
            let menteeUser = try await Fixtures.person(app, login: "orlov", role: .mentee, organization: org, lastName: "Орлов")
            try await PairingFixtures.mentor(app, organization: org, lastName: "Смирнова", competencies: "повышение успеваемости", selectedIn: program)
            try await PairingFixtures.mentee(app, organization: org, lastName: "Орлов", userID: menteeUser.id)
            try await Self.answer(app, .menteeRequest, organizationID: org.id!, by: menteeUser, role: .mentee, on: Self.moscow(10, 14),
                                  [.menteeRequest: .text("Подтянуть оценки по алгебре")])
            let token = try await APITests().token(app, login: "kurator")
            let headers: HTTPHeaders = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
            func send(_ method: HTTPMethod, _ path: String, _ body: String? = nil) async throws -> TestingHTTPResponse {
                try await app.testing().sendRequest(method, path, headers: headers, body: body.map { ByteBuffer(string: $0) })
            }
            let vocabulary = "/api/v1/organizations/\(territory.organizationID)/request-vocabulary"

            let list = try await send(.GET, vocabulary)
            #expect(list.status == .ok)
            let dto = try list.content.decode(RequestCatalogueAPIController.VocabularyDTO.self)
            #expect(dto.builtIn.contains { $0.head == "Подготовка к трудоустройству" && $0.synonyms.contains("составление резюме") })
            let bad = try await send(.POST, vocabulary, #"{"term": "Низкая успеваемость", "phrase": "помощь", "relation": "close"}"#)
            #expect(bad.status == .unprocessableEntity && bad.text.contains("\"phrase\"") && bad.text.contains("\"relation\""))
            let line = #"{"term": "Низкая успеваемость", "phrase": "подтянуть оценки", "relation": "synonym"}"#
            #expect(try await send(.POST, vocabulary, line).status == .created)
            let twice = try await send(.POST, vocabulary, line)
            #expect(twice.status == .conflict && twice.text.contains("Такая строка уже есть в словаре организации."))

            let run = try await send(.POST, "/api/v1/organizations/\(territory.organizationID)/programs/\(program.id!)/pairings/matching-runs",
                                     #"{"weights": {"request": {"weight": 10, "required": true}, "form": {"weight": 5}}}"#)
            #expect(run.status == .created)
            let result = try run.content.decode(PairsAPIController.MatchingRunDTO.self)
            #expect(result.matchedCount == 1)
            #expect(result.weights["request"]?.required == true && result.weightsText.hasPrefix("запрос — 10 (обязательный), форма наставничества — 5"))
            let explanation = try #require(result.proposal.first?.members.first?.explanation)
            #expect(explanation.contains { $0.hasPrefix("Запрос (+") && $0.contains("«повышение успеваемости» — то же по словарю")
                                           && $0.contains("из анкеты от 14.10: Подтянуть оценки по алгебре") })
        }
    }
}
