import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Issue 17, item 6: the built-in questionnaires are worded for each form, the seeds' missing ones
/// exist, and matching reads every worded version by the same keys.
@Suite("Шаблоны анкет по формам наставничества")
struct TemplatesByFormTests {
    static let kinds: [OrganizationKind] = [.school, .college, .enterprise]

    /// Everything a respondent reads in a template.
    static func texts(_ template: QuestionnaireTemplate) -> [String] {
        var result: [String] = [template.title, template.purpose]
        for section in template.definition.sections {
            result.append(section.title)
            for question in section.questions {
                result.append(question.text)
                result.append(question.hint ?? "")
                result.append(contentsOf: question.options)
                result.append(contentsOf: question.columns)
            }
        }
        return result
    }

    @Test("Для колледжа и работодателя в анкетах нет «после уроков», «1–4 классы» и «ученика» там, где речь о студенте или сотруднике")
    func collegeAndEmployerWording() {
        let cases: [(MentoringForm, OrganizationKind)] = [(.employerStudent, .college), (.employerStudent, .enterprise), (.studentStudent, .college),
                                                          (.collegeStudentPupil, .college), (.employerPupil, .enterprise)]
        for (form, kind) in cases {
            for template in QuestionnaireTemplate.all {
                let text = Self.texts(template.worded(for: form, kind: kind)).joined(separator: " | ").lowercased()
                for school in ["после уроков", "до уроков", "помимо уроков", "1–4 классы"] {
                    #expect(!text.contains(school), "\(template.key) для «\(form.russianName)» в «\(kind.russianName)»: «\(school)»")
                }
                if form == .employerStudent || form == .studentStudent {
                    for pupil in ["ученик", "школьник", "класс"] {
                        #expect(!text.contains(pupil), "\(template.key) для «\(form.russianName)»: «\(pupil)»")
                    }
                }
            }
        }
        let employer = QuestionnaireTemplate.mentorApplication.worded(for: .employerStudent, kind: .college).definition
        #expect(employer.question("q11")?.options.first == "Утром, до начала рабочего дня")
        #expect(employer.question("q10")?.text == "Со студентами какого курса вы хотели бы работать?")
        let school = QuestionnaireTemplate.mentorApplication.worded(for: .studentStudent, kind: .school).definition
        #expect(school.question("q11")?.options.first == "Утром, до уроков")
        #expect(school.question("q10")?.options.first == "7–10 лет (1–4 классы)")
        let students = QuestionnaireTemplate.satisfactionMentee.worded(for: .employerStudent, kind: .college).definition.question("q5")
        #expect(students?.text == "Где вы занимаетесь помимо занятий?" && students?.options.contains("Студенческое объединение") == true)
    }

    @Test("Каждая версия по форме сохраняет номера и ключи вопросов, а подбор читает её время, формат, возраст и интересы")
    func keysSurviveEveryForm() {
        for template in QuestionnaireTemplate.all {
            let original: [String] = template.definition.questions.map { (question: Question) -> String in "\(question.id):\(question.key?.rawValue ?? "")" }
            for form in MentoringForm.allCases {
                for kind in Self.kinds {
                    let worded = template.worded(for: form, kind: kind)
                    let label = "\(template.key) / \(form.rawValue) / \(kind.rawValue)"
                    #expect(worded.key == template.key, "\(label)")
                    if template.key == "satisfaction-mentee" && form == .teacherTeacher {
                        // The young teacher is asked about the collective instead of clubs: only that key goes.
                        let kept: [QuestionKey] = template.definition.questions.compactMap(\.key).filter { $0 != .menteeExtracurricular }
                        let keys: [QuestionKey] = worded.definition.questions.compactMap(\.key)
                        #expect(keys == kept)
                    } else {
                        let now: [String] = worded.definition.questions.map { (question: Question) -> String in "\(question.id):\(question.key?.rawValue ?? "")" }
                        #expect(now == original, "\(label)")
                    }
                    let keys = Set(worded.definition.questions.compactMap(\.key))
                    if template.key == "mentee-request" { #expect(keys.isSuperset(of: QuestionnaireProfiles.menteeKeys), "\(label)") }
                    if template.key == "mentor-application" {
                        #expect(keys.isSuperset(of: QuestionnaireProfiles.mentorKeys), "\(label)")
                        #expect(keys.isSuperset(of: [.mentorCompetencies, .mentorMeetingFormat]), "\(label)")
                    }
                    for question in worded.definition.questions {
                        switch question.key {
                        case .mentorMeetingTime?, .menteeMeetingTime?:
                            for option in question.options where option != "Время обсудим отдельно" {
                                #expect(!MeetingAnswers.times(fromOptions: [option]).isEmpty, "\(label): «\(option)» не читается как время")
                            }
                        case .mentorPreferredMenteeAge?:
                            for option in question.options { #expect(MeetingAnswers.ageRange(option) != nil, "\(label): «\(option)» не читается как возраст") }
                        case .mentorMeetingFormat?, .menteeMeetingFormat?:
                            for option in question.options { #expect(MeetingAnswers.place(option) != nil, "\(label): «\(option)»") }
                        default: break
                        }
                    }
                }
            }
        }
    }

    @Test("Молодой педагог получает свою анкету наставляемого: организация урока, дисциплина, дети с ОВЗ, сроки целей")
    func youngTeacherQuestionnaire() throws {
        let template = QuestionnaireTemplate.menteeRequest.worded(for: .teacherTeacher, kind: .school)
        #expect(template.title == "Анкета молодого педагога: запрос к наставнику")
        let interests = try #require(template.definition.questions.first { $0.key == .menteeInterests })
        #expect(interests.options.contains("Организация урока") && interests.options.contains("Работа с детьми с ОВЗ"))
        #expect(!interests.options.contains("Олимпиады и конкурсы"))
        #expect(template.definition.question("q2")?.hint?.contains("1–3 года") == true)
        let mentor = QuestionnaireTemplate.mentorApplication.worded(for: .teacherTeacher, kind: .school).definition.question("q10")
        #expect(mentor?.text == "С какими педагогами вы хотели бы работать?")
    }

    @Test("Взаимная оценка наставника и наставляемого (методичка 000) и проверка профессиональной компетентности (методичка 003) — среди шаблонов")
    func seedsMissingTemplates() throws {
        let keys = Set(QuestionnaireTemplate.all.map(\.key))
        #expect(keys.isSuperset(of: ["mutual-evaluation-mentee", "mutual-evaluation-mentor", "competence-check"]))
        #expect(QuestionnaireTemplate.mutualEvaluationMentee.audience == .mentee && QuestionnaireTemplate.mutualEvaluationMentor.audience == .mentor)
        #expect(QuestionnaireTemplate.mutualEvaluationMentor.definition.question("q7")?.options == [
            "Продолжить работу над той же темой", "Перейти к другой теме или проблеме", "Завершить взаимодействие"])
        let teacher = QuestionnaireTemplate.competenceCheck.worded(for: .teacherTeacher, kind: .school)
        #expect(teacher.title == "Проверка уровня профессиональной компетентности наставляемого")
        #expect(teacher.purpose.contains("проверяется уровень профессиональной компетентности молодого педагога, происходит определение наставником степени готовности молодого учителя к выполнению его профессиональных обязанностей"))
        #expect(teacher.definition.question("q2")?.options == ["Педагогический проект", "Методика", "Открытый урок", "Публикация"])
        let student = QuestionnaireTemplate.competenceCheck.worded(for: .employerStudent, kind: .college)
        #expect(student.purpose.contains("Тестирование на предмет овладения профессиональными/гибкими навыками"))
        #expect(student.definition.question("q2")?.options.contains("Результаты стажировки") == true)
    }

    /// A college's «работодатель – студент» program with one enterprise mentor and one student, both with accounts.
    static func collegeProgram(_ app: Application, forms: [MentoringForm] = [.employerStudent], kind: OrganizationKind = .college)
        async throws -> (organization: Organization, program: Program, mentor: User, student: User, mentorCard: Mentor, menteeCard: Mentee) {
        let territory = try await Fixtures.territory(app, organizationName: "ГБПОУ «Политехнический колледж»")
        let organization = territory.organization
        organization.kind = kind
        try await organization.save(on: app.db)
        try await Fixtures.person(app, login: "kurator", role: .curator, organization: organization, lastName: "Куратова")
        let year = AcademicYear.current()
        let program = Program(organizationID: organization.id!, name: "Путь в профессию", forms: forms, goals: "", expectedResults: "",
                              startsOn: year.firstDay, endsOn: year.lastDay, stage: .pairing)
        try await program.create(on: app.db)
        let student = try await Fixtures.person(app, login: "student1", role: .mentee, organization: organization, lastName: "Алексеев")
        let menteeCard = try await PairingFixtures.mentee(app, organization: organization, lastName: "Алексеев", form: forms[0], age: 17,
                                                          className: "ТМ-21", userID: student.id)
        let mentor = try await Fixtures.person(app, login: "engineer1", role: .mentor, organization: organization, lastName: "Инженеров")
        let mentorCard = try await PairingFixtures.mentor(app, organization: organization, lastName: "Инженеров", forms: forms, capacity: 3, userID: mentor.id)
        try await ProgramSurveysTests.pairing(app, program, mentorID: mentorCard.id!, mentees: [menteeCard], status: .proposed, form: forms[0])
        return (organization, program, mentor, student, mentorCard, menteeCard)
    }

    /// The person's open assignment of the program's latest questionnaire answered on «Мои анкеты».
    static func answer(_ app: Application, _ user: User, _ fields: [String: String]) async throws -> TestingHTTPResponse {
        let browser = Browser(app)
        try await browser.signIn(user.login)
        let assignment = try #require(try await QuestionnaireAssignment.query(on: app.db).filter(\.$user.$id == user.id!)
            .filter(\.$status != .submitted).first())
        return try await browser.post("/my/questionnaires/\(assignment.id!)", form: fields)
    }

    @Test("Анкеты, отправленные программе колледжа «работодатель – студент», сформулированы для неё, и подбор читает ответы на них")
    func sentVersionFollowsProgramAndMatchingReadsIt() async throws {
        try await withTestApp { app in
            let c = try await Self.collegeProgram(app)
            let curator = Browser(app)
            try await curator.signIn("kurator")
            let base = "/orgs/\(c.organization.id!)/programs/\(c.program.id!)/surveys"
            #expect(try await curator.post(base, form: ["source": "template:mentor-application", "audience": "mentors"]).status == .seeOther)
            let mentorSheet = try #require(try await Questionnaire.query(on: app.db).filter(\.$programID == c.program.id!).first())
            let mentorVersion = try await QuestionnaireAuthoring.latestVersion(of: mentorSheet.id!, on: app.db).definition()
            #expect(mentorVersion.question("q11")?.options.contains("Днём, в обеденный перерыв") == true)
            #expect(mentorVersion.question("q10")?.options.contains("18–20 лет (3–4 курсы)") == true)
            let sentMentor = try await Self.answer(app, c.mentor, [
                "q-q1": "СПбГПУ, инженер-технолог", "q-q2": "12 лет на заводе", "q-q4": "Терпение", "q-q5": "Мало времени",
                "q-q7": "Передать опыт", "q-q8": "Нужны кадры", "q-q9": "8", "q-q10": "18–20 лет (3–4 курсы)",
                "q-q11": "Днём, в обеденный перерыв", "q-q12": "Раз в неделю", "q-q13": "Трудоустройство, составление резюме, КОМПАС-3D",
                "q-q14": "Очно",
            ])
            #expect(sentMentor.status == .seeOther, "\(sentMentor.text.prefix(600))")

            #expect(try await curator.post(base, form: ["source": "template:mentee-request", "audience": "mentees"]).status == .seeOther)
            let menteeSheet = try #require(try await Questionnaire.query(on: app.db).filter(\.$programID == c.program.id!)
                .filter(\.$templateKey == "mentee-request").first())
            let menteeVersion = try await QuestionnaireAuthoring.latestVersion(of: menteeSheet.id!, on: app.db).definition()
            let interests = try #require(menteeVersion.question("q3")).options
            #expect(interests.contains("Подготовка к трудоустройству"))
            let sentMentee = try await Self.answer(app, c.student, [
                "q-q1": "Хочу стать технологом", "q-q2": "Устроиться на завод", "q-q3-\(interests.firstIndex(of: "Подготовка к трудоустройству")!)": "on",
                "q-q5": "Раз в неделю", "q-q6-1": "on", "q-q7": "Очно",
            ])
            #expect(sentMentee.status == .seeOther, "\(sentMentee.text.prefix(600))")

            let profiles = try await QuestionnaireProfiles.load(mentees: [c.menteeCard], mentors: [c.mentorCard], organizationID: c.organization.id!, on: app.db)
            let mentor = profiles.mentor(c.mentorCard.id).answers, mentee = profiles.mentee(c.menteeCard.id).answers
            #expect(mentor[.mentorCompetencies]?.value == .text("Трудоустройство, составление резюме, КОМПАС-3D"))
            #expect(mentor[.mentorMeetingFormat]?.value == .choice("Очно"))
            #expect(mentor[.mentorMeetingTime]?.value == .choice("Днём, в обеденный перерыв"))
            #expect(MeetingAnswers.times(fromOptions: ["Днём, в обеденный перерыв"]).allSatisfy { $0.dayPart == .afternoon })
            let age: String = mentor[.mentorPreferredMenteeAge]?.value.chosenOptions.first ?? ""
            let range = MeetingAnswers.ageRange(age)
            #expect(range?.minimum == 18 && range?.maximum == 20)
            #expect(mentee[.menteeMeetingTime]?.value == .choices(["Днём, после занятий"]))
            #expect(mentee[.menteeMeetingFormat]?.value == .choice("Очно"))
            #expect(mentee[.menteeInterests]?.value == .choices(["Подготовка к трудоустройству"]))
        }
    }

    @Test("Программа «учитель – учитель» получает анкету молодого педагога; программа двух форм предлагает шаблон для каждой формы")
    func teacherProgramAndSeveralForms() async throws {
        try await withTestApp { app in
            let c = try await Self.collegeProgram(app, forms: [.teacherTeacher, .studentStudent], kind: .school)
            let curator = Browser(app)
            try await curator.signIn("kurator")
            let base = "/orgs/\(c.organization.id!)/programs/\(c.program.id!)/surveys"
            let page = try await curator.get(base).text
            #expect(page.contains("template:mentee-request@teacherTeacher") && page.contains("template:mentee-request@studentStudent"))
            #expect(page.contains("Анкета молодого педагога: запрос к наставнику (учитель – учитель)"))
            #expect(try await curator.post(base, form: ["source": "template:mentee-request@teacherTeacher", "audience": "mentees"]).status == .seeOther)
            let sheet = try #require(try await Questionnaire.query(on: app.db).filter(\.$programID == c.program.id!).first())
            #expect(sheet.title == "Анкета молодого педагога: запрос к наставнику")
            let version = try await QuestionnaireAuthoring.latestVersion(of: sheet.id!, on: app.db).definition()
            let interests = try #require(version.question("q3")).options
            let sent = try await Self.answer(app, c.student, [
                "q-q1": "Дисциплина на уроках в 7 классе", "q-q2": "Провести открытый урок", "q-q3-\(interests.firstIndex(of: "Дисциплина на уроке")!)": "on",
                "q-q5": "Раз в неделю", "q-q6-1": "on", "q-q7": "Очно или онлайн",
            ])
            #expect(sent.status == .seeOther, "\(sent.text.prefix(600))")
            let profiles = try await QuestionnaireProfiles.load(mentees: [c.menteeCard], mentors: [], organizationID: c.organization.id!, on: app.db)
            let mentee = profiles.mentee(c.menteeCard.id).answers
            #expect(mentee[.menteeRequest]?.value == .text("Дисциплина на уроках в 7 классе"))
            #expect(mentee[.menteeInterests]?.value == .choices(["Дисциплина на уроке"]))
            #expect(mentee[.menteeMeetingTime]?.value == .choices(["Днём, после уроков"]))

            // The organization's own copy follows the form chosen beside the template.
            let created = try await curator.post("/orgs/\(c.organization.id!)/questionnaires", form: ["template": "mentor-test", "form": "employerStudent"])
            #expect(created.status == .seeOther)
            let copy = try #require(try await Questionnaire.query(on: app.db).filter(\.$templateKey == "mentor-test").first())
            #expect(copy.title == "Тестирование наставников: коммуникативные навыки и эмпатия")
        }
    }
}
