import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Базы наставляемых и наставников")
struct ParticipantsTests {
    struct School {
        let territory: Fixtures.Territory
        let curator: Browser
        var base: String { "/orgs/\(territory.organizationID)" }
    }

    func school(_ app: Application) async throws -> School {
        let territory = try await Fixtures.territory(app)
        try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization)
        let curator = Browser(app)
        try await curator.signIn("kurator")
        return School(territory: territory, curator: curator)
    }

    static let menteeForm: [(String, String)] = [
        ("lastName", "Иванов"), ("firstName", "Пётр"), ("middleName", "Сергеевич"), ("birthDate", "14.03.2013"),
        ("className", "7Б"), ("form", "studentStudent"), ("requests[]", "lowAchievement"), ("requests[]", "bullying"),
        ("channel", "classTeacher"), ("guardianName", "Иванова Анна Петровна"), ("phone", "+7 900 000-00-00"),
    ]

    @discardableResult
    func addMentee(_ s: School, _ app: Application, form: [(String, String)] = ParticipantsTests.menteeForm) async throws -> Mentee {
        let response = try await s.curator.post(s.base + "/mentees", pairs: form)
        #expect(response.status == .seeOther, "\(response.text.prefix(300))")
        return try #require(try await Mentee.query(on: app.db).sort(\.$createdAt, .descending).first())
    }

    @Test("Форма наставляемого: ошибки у полей, введённое не теряется, карточка пишется в аудит")
    func menteeForm() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let bad = try await s.curator.post(s.base + "/mentees", pairs: [("lastName", "Иванов"), ("birthDate", "31.02.2013"), ("className", "7Б")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Укажите имя."))
            // An impossible date is named as impossible, not as a format error (issue 20, item 5).
            #expect(bad.text.contains("«31.02.2013» — такой даты нет: в феврале 2013 г. 28 дней"))
            #expect(bad.text.contains("Укажите хотя бы один запрос"))
            #expect(bad.text.contains("value=\"Иванов\"") && bad.text.contains("value=\"7Б\""))
            #expect(try await Mentee.query(on: app.db).count() == 0)

            let mentee = try await addMentee(s, app)
            #expect(mentee.isMinor && mentee.requests == ["lowAchievement", "bullying"] && mentee.consentState == .missing)
            let card = try await s.curator.get(s.base + "/mentees/\(mentee.id!)")
            #expect(card.text.contains("Иванов Пётр Сергеевич") && card.text.contains("Буллинг"))
            #expect(card.text.contains("Нет действующего согласия"))
            let viewed = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.menteeViewed.rawValue).all()
            #expect(viewed.count == 1 && viewed.first?.objectID == mentee.id?.uuidString)

            let duplicate = try await s.curator.post(s.base + "/mentees", pairs: Self.menteeForm)
            #expect(duplicate.status == .unprocessableEntity)
            #expect(duplicate.text.contains("уже есть в базе"))
        }
    }

    @Test("Согласие несовершеннолетнего даёт законный представитель; без согласия пару не сформировать")
    func consentRules() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let mentee = try await addMentee(s, app)
            var consents = try await PairingEligibility.consents(kind: .mentee, subjectID: mentee.id!, on: app.db)
            #expect(PairingEligibility.problems(mentee: mentee, consents: consents) == ["Нет действующего согласия на обработку персональных данных."])

            let path = s.base + "/mentees/\(mentee.id!)/consents"
            let bySelf = try await s.curator.post(path, form: ["purpose": "processing", "givenOn": "01.09.2025"])
            #expect(bySelf.status == .unprocessableEntity)
            #expect(bySelf.text.contains("согласие даёт законный представитель"))
            let byGuardian = try await s.curator.post(path, form: [
                "purpose": "processing", "givenOn": "01.09.2025", "byGuardian": "1", "givenByName": "Иванова Анна Петровна", "guardianRelation": "мать",
            ])
            #expect(byGuardian.status == .seeOther)
            let again = try await s.curator.post(path, form: ["purpose": "processing", "givenOn": "02.09.2025", "byGuardian": "1", "givenByName": "Иванова А. П."])
            #expect(again.text.contains("Такое согласие уже действует."))

            let updated = try #require(try await Mentee.find(mentee.id, on: app.db))
            consents = try await PairingEligibility.consents(kind: .mentee, subjectID: mentee.id!, on: app.db)
            #expect(updated.consentState == .valid)
            #expect(PairingEligibility.problems(mentee: updated, consents: consents).isEmpty)
            #expect(consents.first?.textVersion == Consents.currentTextVersion && consents.first?.givenByGuardian == true)

            let form = try await s.curator.get(s.base + "/mentees/\(mentee.id!)/consent-form.docx")
            #expect(form.headers.contentType?.subType == "vnd.openxmlformats-officedocument.wordprocessingml.document")
            let xml = try #require(try OfficeZip.unpack(Data(buffer: form.body))["word/document.xml"].flatMap { String(data: $0, encoding: .utf8) })
            // The child stands in the genitive: «законным представителем несовершеннолетнего Иванова Петра Сергеевича».
            #expect(xml.contains("несовершеннолетнего ") && xml.contains("Иванова Петра Сергеевича") && xml.contains("законным представителем")
                    && xml.contains(s.territory.organization.name))
            #expect(!xml.contains("Иванов Пётр Сергеевич"))
            #expect(xml.contains("ст. 10.1"))
        }
    }

    @Test("Отзыв согласия: человек выведен из программы, данные обезличены, статистика та же")
    func withdrawal() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let mentee = try await addMentee(s, app)
            _ = try await s.curator.post(s.base + "/mentees/\(mentee.id!)/consents", form: [
                "purpose": "processing", "givenOn": "01.09.2025", "byGuardian": "1", "givenByName": "Иванова Анна Петровна",
            ])
            let consent = try #require(try await ConsentRecord.query(on: app.db).first())
            let before = try await Mentee.query(on: app.db).filter(\.$form == .studentStudent).count()
            let response = try await s.curator.post(s.base + "/mentees/\(mentee.id!)/consents/\(consent.id!)/withdraw")
            #expect(response.status == .seeOther)

            let after = try #require(try await Mentee.find(mentee.id, on: app.db))
            #expect(after.lastName == "Обезличено" && after.phone == nil && after.birthDate == nil && after.guardianName == nil)
            #expect(after.status == .left && after.consentState == .withdrawn && after.anonymizedAt != nil)
            #expect(after.age != nil && after.requests == ["lowAchievement", "bullying"])
            #expect(try await Mentee.query(on: app.db).filter(\.$form == .studentStudent).count() == before)
            let signer = try #require(try await ConsentRecord.find(consent.id, on: app.db))
            #expect(signer.givenByName == "обезличено" && signer.withdrawnAt != nil)

            let list = try await s.curator.get(s.base + "/mentees?q=иванов")
            #expect(!list.text.contains("Иванов Пётр"))
            let consents = try await PairingEligibility.consents(kind: .mentee, subjectID: mentee.id!, on: app.db)
            #expect(!PairingEligibility.problems(mentee: after, consents: consents).isEmpty)
            #expect(try await s.curator.get(s.base + "/mentees/\(mentee.id!)/edit").status == .conflict)
        }
    }

    @Test("Поиск без учёта регистра по-русски и фильтры по запросу, классу и согласию")
    func filters() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            try await addMentee(s, app)
            try await addMentee(s, app, form: [("lastName", "Сидорова"), ("firstName", "Анна"), ("className", "8А"), ("form", "studentStudent"),
                                                ("requests[]", "adaptation")])
            try await addMentee(s, app, form: [("lastName", "Ёлкин"), ("firstName", "Илья"), ("className", "7Б"), ("form", "studentStudent"),
                                                ("requests[]", "bullying")])
            func names(_ query: String) async throws -> [String] {
                let html = try await s.curator.get(s.base + "/mentees?" + query).text
                return ["Иванов", "Сидорова", "Ёлкин"].filter { html.contains(">\($0) ") }
            }
            _ = try await s.curator.get(s.base + "/mentees")  // shows and clears the last «добавлен» message
            #expect(try await names("q=ИВАН") == ["Иванов"])
            #expect(try await names("q=ёлк") == ["Ёлкин"])
            #expect(try await names("request=bullying") == ["Иванов", "Ёлкин"])
            #expect(try await names("class=7Б&request=bullying") == ["Иванов", "Ёлкин"])
            #expect(try await names("request=adaptation") == ["Сидорова"])
            #expect(try await names("consent=valid") == [])
            #expect(try await names("sort=class").count == 3)
            // Hostile input in filters is only ever data.
            #expect(try await s.curator.get(s.base + "/mentees?q=%27%3B%20DROP%20TABLE%20mentees%3B--&request=%27%20OR%201%3D1").status == .ok)
            #expect(try await Mentee.query(on: app.db).count() == 3)
        }
    }

    @Test("Импорт CSV в Windows-1251: каждая ошибка со строкой, ничего наполовину, повтор не дублирует")
    func importCSV() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let bad = "ФИО;Класс;Форма наставничества;Запросы;Дата рождения\nПетров Иван Олегович;6А;ученик – ученик;Низкая успеваемость;01.02.2014\n;6А;ученик-ученик;Буллинг;\nСмирнова Ольга;6Б;учитель – ученик;Адаптация;30.13.2013\n"
            let upload = try await s.curator.upload(s.base + "/imports", fields: ["kind": "mentee"], fileName: "база.csv",
                                                    data: try #require(bad.data(using: .windowsCP1251)))
            #expect(upload.status == .seeOther)
            let preview = try await s.curator.get(try #require(upload.location))
            #expect(preview.text.contains("Укажите фамилию."))
            #expect(preview.text.contains("Неизвестная форма «учитель – ученик»"))
            #expect(preview.text.contains("«30.13.2013» — такой даты нет: месяц от 01 до 12"))
            #expect(preview.text.contains("<td class=\"num\">3</td>") && preview.text.contains("<td class=\"num\">4</td>"))
            let refused = try await s.curator.post(upload.location! + "/confirm")
            #expect(refused.status == .unprocessableEntity)
            #expect(try await Mentee.query(on: app.db).count() == 0)

            let good = "ФИО;Класс;Форма наставничества;Запросы;Дата рождения\nПетров Иван Олегович;6А;ученик – ученик;Низкая успеваемость, буллинг;01.02.2014\nСмирнова Ольга;6Б;Ученик — ученик;Адаптация;\n"
            for round in 1...2 {
                let second = try await s.curator.upload(s.base + "/imports", fields: ["kind": "mentee"], fileName: "база.csv",
                                                        data: try #require(good.data(using: .windowsCP1251)))
                let done = try await s.curator.post(try #require(second.location) + "/confirm")
                #expect(done.status == .seeOther, "раунд \(round)")
                #expect(try await Mentee.query(on: app.db).count() == 2)
            }
            let petrov = try #require(try await Mentee.query(on: app.db).filter(\.$lastName == "Петров").first())
            #expect(petrov.requests == ["lowAchievement", "bullying"] && petrov.middleName == "Олегович" && petrov.className == "6А")
            let imported = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.baseImported.rawValue).all()
            #expect(imported.count == 2)
        }
    }

    @Test("Импорт наставников из XLSX с названиями столбцов seed 001 и выгрузка обратно")
    func importAndExportMentors() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let titles = ["ФИО", "Категория наставника", "Формы наставничества", "Список компетенций", "Описание жизненного опыта",
                          "Описание сферы интересов", "Возрастная категория потенциальных наставляемых", "Ресурс времени", "Место работы (при наличии)", "Контактные данные"]
            let workbook = XLSXWorkbook(sheets: [.init(name: "База наставников", columns: titles.map { .init(title: $0) }, rows: [
                [.text("Орлова Мария Викторовна"), .text("Педагог"), .text("учитель – учитель"), .text("Методика преподавания математики"),
                 .text("25 лет в школе"), .text("Туризм"), .text("25–35"), .number(3), .text("МБОУ СОШ № 1"), .text("+7 900 111-22-33")],
                [.text("Кузнецов Денис"), .text("Сотрудник предприятия"), .text("работодатель – ученик; работодатель – студент"), .text("Станки с ЧПУ"),
                 .empty, .text("Робототехника"), .text("14-17"), .number(2), .text("АО «Завод»"), .empty],
            ])])
            let upload = try await s.curator.upload(s.base + "/imports", fields: ["kind": "mentor"], fileName: "наставники.xlsx", data: try workbook.data())
            let preview = try await s.curator.get(try #require(upload.location))
            #expect(preview.text.contains("Импортировать"))
            #expect(try await s.curator.post(upload.location! + "/confirm").status == .seeOther)
            let orlova = try #require(try await Mentor.query(on: app.db).filter(\.$lastName == "Орлова").first())
            #expect(orlova.competencies == "Методика преподавания математики" && orlova.preferredAgeFrom == 25 && orlova.preferredAgeTo == 35)
            #expect(orlova.hoursPerWeek == 3 && orlova.phone == "+7 900 111-22-33" && orlova.contour == .internal)
            let kuznetsov = try #require(try await Mentor.query(on: app.db).filter(\.$lastName == "Кузнецов").first())
            #expect(Set(kuznetsov.forms) == [.employerPupil, .employerStudent] && kuznetsov.contour == .external)

            let export = try await s.curator.get(s.base + "/mentors/export?format=xlsx&contour=external")
            let rows = try XLSXReader.rows(of: Data(buffer: export.body))
            #expect(rows.first?.cells.contains("Компетенции") == true && rows.first?.cells.contains("Возрастная категория наставляемых") == true)
            #expect(rows.count == 2 && rows[1].cells.first == "Кузнецов")
            let csv = try await s.curator.get(s.base + "/mentors/export?format=csv")
            #expect(try CSVTable.rows(of: Data(buffer: csv.body)).count == 3)
        }
    }

    @Test("Загрузка не-таблицы и zip-бомбы отклоняется понятным сообщением")
    func badUploads() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let binary = try await s.curator.upload(s.base + "/imports", fields: ["kind": "mentee"], fileName: "photo.png", data: Data([0x89, 0x50, 0x4E, 0x47, 0, 0, 1]))
            #expect(binary.status == .unprocessableEntity && binary.text.contains("Это не таблица"))
            let fakeZip = try await s.curator.upload(s.base + "/imports", fields: ["kind": "mentee"], fileName: "база.xlsx", data: Data([0x50, 0x4B, 3, 4, 1, 2, 3]))
            #expect(fakeZip.status == .unprocessableEntity && fakeZip.text.contains("Не удалось прочитать файл как таблицу XLSX"))
            let empty = try await s.curator.upload(s.base + "/imports", fields: ["kind": "mentee"], fileName: "пусто.csv", data: Data())
            #expect(empty.status == .unprocessableEntity && empty.text.contains("Выберите файл"))
            #expect(try await ImportBatch.query(on: app.db).count() == 0)
        }
    }

    @Test("Базы видят куратор, психолог и администрация своей организации; координатор — только числа")
    func access() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let mentee = try await addMentee(s, app)
            let other = try await Fixtures.territory(app, organizationName: "Школа Б")
            try await Fixtures.person(app, login: "kurator.b", role: .curator, organization: other.organization)
            try await Fixtures.person(app, login: "nastavnik", role: .mentor, organization: s.territory.organization)
            try await Fixtures.person(app, login: "psikholog", role: .psychologist, organization: s.territory.organization)
            try await Fixtures.person(app, login: "koordinator", role: .regionalCoordinator, regionID: s.territory.region.id)
            let cases: [(String, String, HTTPStatus)] = [
                ("kurator.b", s.base + "/mentees", .notFound),
                ("kurator.b", s.base + "/mentees/\(mentee.id!)", .notFound),
                ("kurator.b", "/orgs/\(other.organizationID)/mentees/\(mentee.id!)", .notFound),
                ("nastavnik", s.base + "/mentees", .forbidden),
                ("nastavnik", s.base + "/mentors/export", .forbidden),
                ("psikholog", s.base + "/mentees/\(mentee.id!)", .ok),
                ("koordinator", s.base + "/mentees", .forbidden),
                ("koordinator", s.base + "/mentees/export", .forbidden),
            ]
            for (login, path, status) in cases {
                let browser = Browser(app)
                try await browser.signIn(login)
                #expect(try await browser.get(path).status == status, "\(login) \(path)")
            }
            let coordinator = Browser(app)
            try await coordinator.signIn("koordinator")
            let territory = try await coordinator.get("/territory")
            #expect(territory.status == .ok)
            #expect(territory.text.contains("<td class=\"num\">1</td>"))
            #expect(!territory.text.contains("Иванов"))
            // Foreign curators cannot write either.
            let foreign = Browser(app)
            try await foreign.signIn("kurator.b")
            #expect(try await foreign.post(s.base + "/mentees/\(mentee.id!)", pairs: Self.menteeForm).status == .notFound)
        }
    }

    @Test("Наставник видит и правит свои сведения, но не чужие")
    func ownProfile() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            try await Fixtures.person(app, login: "orlova", role: .mentor, organization: s.territory.organization, lastName: "Орлова")
            _ = try await s.curator.post(s.base + "/mentors", pairs: [
                ("lastName", "Орлова"), ("firstName", "Мария"), ("origin", "teacher"), ("forms[]", "teacherTeacher"), ("capacity", "2"),
            ])
            let mentor = try #require(try await Mentor.query(on: app.db).first())
            let stranger = try await s.curator.post(s.base + "/mentors/\(mentor.id!)/account", form: ["login": "kurator.nobody"])
            #expect(stranger.status == .unprocessableEntity)
            #expect(try await s.curator.post(s.base + "/mentors/\(mentor.id!)/account", form: ["login": "orlova"]).status == .seeOther)

            let orlova = Browser(app)
            try await orlova.signIn("orlova")
            #expect(try await orlova.get("/me/participation").text.contains("Наставник — "))
            let bad = try await orlova.post("/me/participation/mentors/\(mentor.id!)", form: ["hoursPerWeek": "много", "competencies": "Наставничество молодых"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Наставничество молодых"))
            let saved = try await orlova.post("/me/participation/mentors/\(mentor.id!)", form: ["hoursPerWeek": "2,5", "competencies": "Наставничество молодых", "capacity": "30"])
            #expect(saved.status == .seeOther)
            let updated = try #require(try await Mentor.find(mentor.id, on: app.db))
            #expect(updated.hoursPerWeek == 2.5 && updated.competencies == "Наставничество молодых")
            #expect(updated.capacity == 2, "вместимость меняет только куратор")
            #expect(try await orlova.post("/me/participation/mentors/\(UUID())", form: ["competencies": "x"]).status == .notFound)
        }
    }

    @Test("Наставляемый видит свою запись и правит только своё: слова о запросе и контакты")
    func menteeOwnProfile() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let user = try await Fixtures.person(app, login: "uchenik", role: .mentee, organization: s.territory.organization, lastName: "Орлов")
            let mentee = try await PairingFixtures.mentee(app, organization: s.territory.organization, lastName: "Орлов", requests: ["bullying"], userID: user.id)
            let other = try await PairingFixtures.mentee(app, organization: s.territory.organization, lastName: "Чужой")
            let pupil = Browser(app)
            try await pupil.signIn("uchenik")
            let page = try await pupil.get("/me/participation")
            #expect(page.text.contains("Наставляемый — ") && page.text.contains("Буллинг"))
            let bad = try await pupil.post("/me/participation/mentees/\(mentee.id!)", form: ["email": "не почта", "requestNote": "Хочу перестать бояться"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Адрес почты должен содержать @.") && bad.text.contains("Хочу перестать бояться"))
            let saved = try await pupil.post("/me/participation/mentees/\(mentee.id!)", form: [
                "email": "orlov@example.ru", "requestNote": "Хочу перестать бояться", "status": "finished", "requests": "giftedness"])
            #expect(saved.status == .seeOther)
            let updated = try #require(try await Mentee.find(mentee.id, on: app.db))
            #expect(updated.email == "orlov@example.ru" && updated.requestNote == "Хочу перестать бояться")
            #expect(updated.status == .inBase && updated.requests == ["bullying"], "статус и запросы меняет только куратор")
            #expect(try await pupil.post("/me/participation/mentees/\(other.id!)", form: ["phone": "1"]).status == .notFound)
        }
    }
}
