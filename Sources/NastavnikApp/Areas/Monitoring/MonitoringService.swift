import Fluent
import Foundation

/// The changes of a program's monitoring and of an organization's yearly figures, shared by the
/// pages and the API: SWOT items, measurements, the students' and teachers' numbers of a year.
/// Each is one transaction with its audit entry.
enum MonitoringService {
    // MARK: - SWOT

    struct SwotInput: Sendable {
        var quadrant: String?
        var text: String?
        /// Where the item comes from (an answer); the curator's own when empty.
        var source: String?
    }

    /// The program's SWOT items, oldest first.
    static func swot(of program: Program, on db: any Database) async throws -> [SwotItem] {
        try await SwotItem.query(on: db).filter(\.$program.$id == program.requireID()).sort(\.$createdAt).all()
    }

    /// What the survey answers propose and the table does not hold yet.
    static func openSuggestions(_ quality: ProgramQuality, items: [SwotItem]) -> [ProgramQuality.Suggestion] {
        let taken = Set(items.map { "\($0.quadrant.rawValue)|\($0.text)" })
        return quality.suggestions.filter { !taken.contains("\($0.quadrant)|\($0.text)") }
    }

    /// Adds an item: from an answer (with its source) or the curator's own.
    static func addSwot(_ input: SwotInput, to program: Program, by actor: AuditActor, on db: any Database) async throws -> SwotItem {
        var errors: [String: String] = [:]
        let quadrant = SwotQuadrant(rawValue: input.quadrant ?? "")
        if quadrant == nil { errors["quadrant"] = "Выберите раздел SWOT." }
        let text = (input.text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { errors["text"] = "Сформулируйте пункт." } else if text.count > 1000 { errors["text"] = "Не более 1000 знаков." }
        guard errors.isEmpty, let quadrant else { throw AppError.validation(errors) }
        let source = (input.source ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let item = SwotItem()
        item.$program.id = try program.requireID()
        item.quadrant = quadrant
        item.text = text
        item.source = source.isEmpty ? "Куратор" : String(source.prefix(300))
        item.writtenByName = actor.principal?.fullName ?? ""
        return try await db.transaction { db in
            try await item.create(on: db)
            try await actor.record(.swotEdited, organizationID: program.$organization.id, objectType: "program", objectID: program.id,
                                   details: "\(quadrant.russianName): добавлен пункт", on: db)
            return item
        }
    }

    /// Adds every item the answers propose, with its source, at once; answers how many were new.
    /// The items are the answers' own words: `readsAnswers` (the actor's `Permission.readAnswers`)
    /// or `MonitoringError.answersNotReadable`, as the questionnaire's results refuse them.
    static func acceptSuggestions(of program: Program, readsAnswers: Bool, by actor: AuditActor, on db: any Database) async throws -> Int {
        guard readsAnswers else { throw MonitoringError.answersNotReadable }
        let programID = try program.requireID()
        let quality = try await ProgramQuality.load(program, readsAnswers: true, on: db)
        return try await db.transaction { db in
            // The program's row first: two acceptances at once add each suggestion once.
            try await RowLock.lock(Program.schema, id: programID, on: db)
            var seen = Set(try await SwotItem.query(on: db).filter(\.$program.$id == programID).all().map { "\($0.quadrant.rawValue)|\($0.text)" })
            var added = 0
            for suggestion in quality.suggestions {
                guard let quadrant = SwotQuadrant(rawValue: suggestion.quadrant), seen.insert("\(suggestion.quadrant)|\(suggestion.text)").inserted else { continue }
                let item = SwotItem()
                item.$program.id = programID
                item.quadrant = quadrant
                item.text = String(suggestion.text.prefix(1000))
                item.source = String(suggestion.source.prefix(300))
                item.writtenByName = actor.principal?.fullName ?? ""
                try await item.create(on: db)
                added += 1
            }
            try await actor.record(.swotEdited, organizationID: program.$organization.id, objectType: "program", objectID: programID,
                                   details: "Из ответов анкет: \(added)", on: db)
            return added
        }
    }

    /// Removes an item; one of another program is 404.
    static func deleteSwot(_ itemID: UUID?, of program: Program, by actor: AuditActor, on db: any Database) async throws -> SwotItem {
        let programID = try program.requireID()
        return try await db.transaction { db in
            guard let itemID, let item = try await SwotItem.query(on: db).filter(\.$id == itemID).filter(\.$program.$id == programID).first() else {
                throw AppError.notFound
            }
            try await item.delete(on: db)
            try await actor.record(.swotEdited, organizationID: program.$organization.id, objectType: "program", objectID: programID,
                                   details: "\(item.quadrant.russianName): удалён пункт", on: db)
            return item
        }
    }

    // MARK: - Measurements

    struct MeasurementInput: Sendable {
        /// `mentee-<id>` or `mentor-<id>` of the program's people.
        var person: String?
        var phase: String?
        var measuredOn: String?
        var source: String?
        /// Scale code → the typed value; empty values are left as they were.
        var values: [String: String]
    }

    /// One participant's values of one phase, a mentee or a mentor, before a pair forms too.
    static func measure(_ input: MeasurementInput, organization: Organization, program: Program, by actor: AuditActor,
                        on db: any Database) async throws -> (ProgramPeople.Person, Int) {
        let scales = try await MeasureScale.all(of: organization.requireID(), on: db)
        let known = Set(scales.map(\.code))
        if let unknown = input.values.keys.sorted().first(where: { !known.contains($0) }) { throw MonitoringError.unknownParameter(unknown) }
        var errors: [String: String] = [:]
        let person = try await ProgramPeople.load(program, on: db).person(key: input.person ?? "")
        if person == nil { errors["person"] = "Выберите участника этой программы." }
        let phase = MeasurementPhase(rawValue: input.phase ?? "")
        if phase == nil { errors["phase"] = "На входе или на выходе?" }
        let source = MeasurementSource(rawValue: input.source ?? "") ?? .psychologist
        let day = CalendarDay(iso: input.measuredOn ?? "")
        if day == nil { errors["measuredOn"] = "Укажите дату измерения." }
        var readings: [Measurements.Reading] = []
        for scale in scales {
            switch Measurements.check(input.values[scale.code] ?? "", scale) {
            case .success(.some) where person.map({ !scale.measures($0.side) }) ?? false:
                errors[scale.code] = "Эта шкала — для \(scale.forMentees ? "наставляемых" : "наставников")."
            case .success(let value?): readings.append(.init(code: scale.code, value: value))
            case .success(nil): break
            case .failure(.validation(let found)): errors.merge(found) { first, _ in first }
            case .failure(let error): throw error
            }
        }
        if readings.isEmpty && errors.isEmpty { errors["grades"] = "Введите хотя бы одно значение." }
        guard errors.isEmpty, let person, let phase, let day else { throw AppError.validation(errors) }
        let entry = Measurements.Entry(
            organizationID: try organization.requireID(), programID: try program.requireID(), side: person.side, personID: person.id,
            pairingID: person.pairingID, phase: phase, day: day, source: source, measuredByName: actor.principal?.fullName ?? "", answerID: nil)
        let measured = readings
        try await db.transaction { db in
            // A person who withdrew the consent gets nothing new written about them; the row lock
            // orders this against a withdrawal sent at the same moment.
            guard try await Consents.lockStillConsenting(kind: person.side == .mentee ? .mentee : .mentor, id: person.id, on: db) else {
                throw MonitoringError.consentWithdrawn
            }
            try await Measurements.record(entry, measured, on: db)
            try await actor.record(.impactMeasured, organizationID: organization.id, objectType: person.side.rawValue, objectID: person.id,
                                   details: "\(phase.russianName): \(measured.count)", on: db)
        }
        return (person, readings.count)
    }

    // MARK: - Yearly figures

    struct YearFiguresInput: Sendable {
        /// «2026/2027».
        var year: String?
        var students: Int?
        var teachers: Int?
        var youngTeachers: Int?
    }

    static func yearFigures(of organization: Organization, year: AcademicYear, on db: any Database) async throws -> OrganizationYearFigures? {
        try await OrganizationYearFigures.query(on: db).filter(\.$organization.$id == organization.requireID())
            .filter(\.$academicYear == year.startYear).first()
    }

    /// The year's numbers of students and teachers, which the shares of the indicators divide by.
    /// A number of students below those already involved that year is refused (a share over 100 %).
    static func saveYearFigures(_ input: YearFiguresInput, of organization: Organization, by actor: AuditActor,
                                on db: any Database) async throws -> (AcademicYear, OrganizationYearFigures) {
        var errors: [String: String] = [:]
        let year = AcademicYear(title: input.year ?? "")
        if year == nil { errors["year"] = "Учебный год — например, 2026/2027." }
        func number(_ value: Int?, _ key: String, _ message: String) -> Int? {
            guard let value, (0...1_000_000).contains(value) else { errors[key] = message; return nil }
            return value
        }
        let students = number(input.students, "students", "Сколько обучающихся в организации — целое число.")
        let teachers = number(input.teachers, "teachers", "Сколько педагогов — целое число.")
        let young = number(input.youngTeachers, "youngTeachers", "Сколько молодых педагогов (стаж до 3 лет) — целое число.")
        if let teachers, let young, young > teachers { errors["youngTeachers"] = "Молодых педагогов не может быть больше, чем всех педагогов." }
        guard errors.isEmpty, let year, let students, let teachers, let young else { throw AppError.validation(errors) }
        let organizationID = try organization.requireID()
        let figures = try await db.transaction { db -> OrganizationYearFigures in
            try await RowLock.lock(Organization.schema, id: organizationID, on: db)
            let involved = try await IndicatorsController.organizationRows(organization, year: year, on: db).total.involvedStudents
            if students < involved {
                throw AppError.validation(["students": "В \(year.title) уч. г. в программы уже вовлечено \(RussianPlural.count(involved, "обучающийся", "обучающихся", "обучающихся")) — всего обучающихся не может быть меньше. Проверьте число."])
            }
            let figures = try await yearFigures(of: organization, year: year, on: db) ?? OrganizationYearFigures()
            figures.$organization.id = organizationID
            figures.academicYear = year.startYear
            figures.students = students
            figures.teachers = teachers
            figures.youngTeachers = young
            figures.enteredByName = actor.principal?.fullName ?? ""
            try await figures.save(on: db)
            try await actor.record(.yearFiguresSaved, organizationID: organizationID, objectType: "organization", objectID: organizationID,
                                   details: "\(year.title): обучающихся \(students), педагогов \(teachers), молодых \(young)", on: db)
            return figures
        }
        return (year, figures)
    }
}
