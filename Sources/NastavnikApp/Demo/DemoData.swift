import Fluent
import Vapor

/// Fills an empty database with a realistic demo: a region, two municipalities, a school, a
/// college and an enterprise partner, and people in every role, all with one password printed
/// at the end. Names are generated; nothing is copied from real people.
public enum DemoData {
    public struct Summary: Sendable {
        public let password: String
        /// Login and who it is, for the printed list.
        public let accounts: [(login: String, description: String)]
        public let people: Int
    }

    public enum DemoError: Error, CustomStringConvertible {
        case notEmpty
        public var description: String {
            "В базе уже есть регионы: демонстрационные данные создаются только в пустой базе."
        }
    }

    static let subjects = ["математика", "русский язык и литература", "физика", "история и обществознание", "биология",
                           "информатика", "английский язык", "химия", "география", "физическая культура"]
    static let subjectTeachers = ["учитель математики", "учитель русского языка и литературы", "учитель физики",
                                  "учитель истории и обществознания", "учитель биологии", "учитель информатики",
                                  "учитель английского языка", "учитель химии", "учитель географии", "учитель физической культуры"]

    public static func create(on db: any Database, passwords: AsyncPasswordHasher, seed: UInt64 = 2026) async throws -> Summary {
        guard try await Region.query(on: db).count() == 0 else { throw DemoError.notEmpty }
        let password = SecureToken.readablePassword(length: 12)
        let hash = try await passwords.hash(password)
        let (accounts, people) = try await db.transaction { db in
            var builder = Builder(names: RussianNames(seed: seed), passwordHash: hash)
            try await builder.build(on: db)
            let curator = try await User.query(on: db).filter(\.$login == "kurator").first()
            try await DemoBases.build(recordedBy: curator?.requireID() ?? UUID(), on: db)
            try await DemoGuardians.link(curatorName: curator?.fullName ?? "", on: db)
            try await DemoSelection.create(on: db)
            try await DemoPairs.create(curatorName: curator?.fullName ?? "", on: db)
            try await DemoPartnerProgram.create(on: db)
            try await yearFigures(on: db)
            // The demo writes pairs and answers directly too: the indicators' stored counts are computed once at the end.
            try await IndicatorCountsTable.rebuild(on: db)
            return (builder.accounts, builder.people)
        }
        try await Audit.record(.demoCreated, by: nil, details: "Людей: \(people)", on: db)
        return Summary(password: password, accounts: accounts, people: people)
    }

    /// The school and the college report their numbers of students and teachers for this academic
    /// year, so the indicators show shares; the enterprise has no students to report.
    static func yearFigures(on db: any Database) async throws {
        for organization in try await Organization.query(on: db).filter(\.$kind ~~ [.school, .college]).all() {
            let figures = OrganizationYearFigures()
            figures.$organization.id = try organization.requireID()
            figures.academicYear = AcademicYear.current().startYear
            figures.students = organization.kind == .school ? 640 : 1_180
            figures.teachers = organization.kind == .school ? 52 : 86
            figures.youngTeachers = organization.kind == .school ? 7 : 9
            figures.enteredByName = "Демонстрационные данные"
            try await figures.create(on: db)
        }
    }

    /// Holds the generator and what was created, while the demo is being built.
    struct Builder {
        var names: RussianNames
        let passwordHash: String
        var accounts: [(login: String, description: String)] = []
        var usedLogins = Set<String>()
        var people = 0

        mutating func build(on db: any Database) async throws {
            let region = Region(name: "Северо-Заречная область", code: "98")
            try await region.save(on: db)
            let regionID = try region.requireID()
            let city = Municipality(regionID: regionID, name: "Городской округ Светлогорск")
            let district = Municipality(regionID: regionID, name: "Озёрский муниципальный район")
            try await city.save(on: db)
            try await district.save(on: db)

            let school = Organization(
                municipalityID: try city.requireID(), regionID: regionID,
                name: "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 7» г. Светлогорска",
                shortName: "МБОУ СОШ № 7", kind: .school, inn: "9801004512", address: "г. Светлогорск, ул. Школьная, д. 12")
            let college = Organization(
                municipalityID: try city.requireID(), regionID: regionID,
                name: "Государственное бюджетное профессиональное образовательное учреждение «Светлогорский политехнический колледж»",
                shortName: "ГБПОУ «Светлогорский политехнический колледж»", kind: .college, inn: "9801007730",
                address: "г. Светлогорск, пр. Мира, д. 40")
            let plant = Organization(
                municipalityID: try district.requireID(), regionID: regionID,
                name: "Акционерное общество «Озёрский машиностроительный завод»", shortName: "АО «Озёрский машзавод»",
                kind: .enterprise, inn: "9805012877", address: "п. Озёрный, ул. Заводская, д. 1")
            for organization in [school, college, plant] { try await organization.save(on: db) }

            // Coordinators see their territory in aggregate.
            try await person(.female, login: "koordinator", role: .regionalCoordinator, regionID: regionID,
                             position: "специалист министерства образования", describe: "региональный координатор", on: db)
            try await person(nil, login: "koordinator.svetlogorsk", role: .regionalCoordinator, municipalityID: city.id,
                             position: "специалист управления образования", describe: "муниципальный координатор (Светлогорск)", on: db)

            try await buildSchool(school, on: db)
            try await buildCollege(college, on: db)
            try await buildPlant(plant, on: db)
        }

        mutating func buildSchool(_ school: Organization, on db: any Database) async throws {
            let id = try school.requireID()
            try await person(.female, login: "direktor", role: .orgAdmin, organizationID: id, position: "директор", describe: "директор школы (администрация)", on: db)
            let curator = try await person(.female, login: "kurator", role: .curator, organizationID: id,
                                           position: "заместитель директора по УВР", describe: "куратор программы наставничества в школе", on: db)
            let psychologist = try await person(.female, login: "psikholog", role: .psychologist, organizationID: id,
                                                position: "педагог-психолог", describe: "педагог-психолог", on: db)
            try await DemoProgram.create(school: school, curator: curator, psychologist: psychologist, on: db)
            // Experienced teachers mentor; young teachers (up to 3 years) are mentees of teacher–teacher.
            for (index, position) in DemoData.subjectTeachers.prefix(8).enumerated() {
                try await person(nil, login: index == 0 ? "nastavnik" : nil, role: .mentor, organizationID: id,
                                 position: "\(position), стаж \((12 + index * 2).russian("год", "года", "лет"))",
                                 describe: index == 0 ? "наставник (учитель)" : nil, on: db)
            }
            for (index, position) in ["учитель математики", "учитель английского языка", "учитель начальных классов"].enumerated() {
                try await person(nil, login: index == 0 ? "molodoy.pedagog" : nil, role: .mentee, organizationID: id,
                                 position: "\(position), молодой специалист, стаж \(index + 1) г.",
                                 describe: index == 0 ? "молодой учитель (наставляемый)" : nil, on: db)
            }
            // Pupils of the upper classes mentor younger ones (student–student).
            for (index, className) in ["10А", "10Б", "11А", "11Б", "10А"].enumerated() {
                try await person(nil, login: index == 0 ? "uchenik.nastavnik" : nil, role: .mentor, organizationID: id,
                                 position: "ученик \(className) класса", describe: index == 0 ? "ученик-наставник" : nil, on: db)
            }
            let classes = ["5А", "5Б", "6А", "6В", "7А", "7Б", "7Б", "8А", "8Б", "9А", "9В", "6Б"]
            for (index, className) in classes.enumerated() {
                let mentee = try await person(nil, login: index == 5 ? "uchenik" : nil, role: .mentee, organizationID: id,
                                              position: "ученик \(className) класса", describe: index == 5 ? "ученик 7Б (наставляемый)" : nil, on: db)
                // Every minor has a legal representative who gives consents; a parent shares the surname.
                try await person(nil, familyOf: mentee, login: index == 5 ? "roditel" : nil, role: .guardian, organizationID: id,
                                 position: "законный представитель: \(mentee.lastName) \(mentee.firstName), \(className)",
                                 describe: index == 5 ? "родитель ученика 7Б (законный представитель)" : nil, on: db)
            }
        }

        mutating func buildCollege(_ college: Organization, on db: any Database) async throws {
            let id = try college.requireID()
            try await person(nil, login: "direktor.kolledzh", role: .orgAdmin, organizationID: id, position: "директор", describe: "директор колледжа", on: db)
            try await person(.female, login: "kurator.kolledzh", role: .curator, organizationID: id,
                             position: "заместитель директора по учебно-воспитательной работе", describe: "куратор в колледже", on: db)
            try await person(.female, role: .psychologist, organizationID: id, position: "педагог-психолог", on: db)
            // College students mentor school pupils (student–pupil).
            for group in ["ТМ-31", "ТМ-31", "ЭС-32", "ИС-31", "ИС-31", "СВ-33"] {
                try await person(nil, login: group == "ИС-31" && !usedLogins.contains("student.nastavnik") ? "student.nastavnik" : nil,
                                 role: .mentor, organizationID: id, position: "студент 3 курса, группа \(group)",
                                 describe: group == "ИС-31" && !usedLogins.contains("student.nastavnik") ? "студент-наставник" : nil, on: db)
            }
            for group in ["ТМ-11", "ТМ-11", "ЭС-12", "ИС-11", "СВ-13", "ИС-11"] {
                try await person(nil, role: .mentee, organizationID: id, position: "студент 1 курса, группа \(group)", on: db)
            }
        }

        mutating func buildPlant(_ plant: Organization, on db: any Database) async throws {
            let id = try plant.requireID()
            try await person(.female, login: "kadry.zavod", role: .orgAdmin, organizationID: id,
                             position: "начальник отдела кадров", describe: "администрация предприятия-партнёра", on: db)
            for (index, position) in ["инженер-конструктор", "мастер участка механообработки", "инженер-технолог", "наладчик станков с ЧПУ"].enumerated() {
                try await person(nil, login: index == 0 ? "nastavnik.zavod" : nil, role: .mentor, organizationID: id,
                                 position: position, describe: index == 0 ? "наставник от работодателя" : nil, on: db)
            }
        }

        /// Creates a person with one role; accounts with a `describe` text are listed at the end.
        @discardableResult
        mutating func person(
            _ sex: RussianNames.Sex?, familyOf relative: User? = nil, login: String? = nil, role: Role, organizationID: UUID? = nil,
            municipalityID: UUID? = nil, regionID: UUID? = nil, position: String, describe: String? = nil, on db: any Database
        ) async throws -> User {
            var generated = names.person(sex)
            if let relative {
                generated = RussianNames.Person(lastName: RussianNames.surname(relative.lastName, as: generated.sex),
                                                firstName: generated.firstName, middleName: generated.middleName, sex: generated.sex)
            }
            var chosen = login ?? RussianNames.login(lastName: generated.lastName, firstName: generated.firstName)
            var suffix = 2
            while usedLogins.contains(chosen) { chosen = (login ?? RussianNames.login(lastName: generated.lastName, firstName: generated.firstName)) + "\(suffix)"; suffix += 1 }
            usedLogins.insert(chosen)
            let user = User(login: chosen, lastName: generated.lastName, firstName: generated.firstName,
                            middleName: generated.middleName, passwordHash: passwordHash)
            try await user.save(on: db)
            try await RoleAssignment(userID: try user.requireID(), role: role, organizationID: organizationID,
                                     municipalityID: municipalityID, regionID: regionID, position: position).save(on: db)
            people += 1
            if let describe { accounts.append((chosen, "\(user.fullName) — \(describe)")) }
            return user
        }
    }
}
