import Fluent
import Foundation

/// The demo school's «Студент – ученик» program with the college as its partner (issue 18): the
/// college's curator has put forward its student mentors from the college's own base, so the
/// school's curator finds them in selection, and the college sees the program under «Программы
/// партнёров».
enum DemoPartnerProgram {
    static func create(on db: any Database, today: CalendarDay = .today()) async throws {
        guard let school = try await Organization.query(on: db).filter(\.$kind == .school).first(),
              let college = try await Organization.query(on: db).filter(\.$kind == .college).first(),
              let curator = try await User.query(on: db).filter(\.$login == "kurator").first(),
              let collegeCurator = try await User.query(on: db).filter(\.$login == "kurator.kolledzh").first() else { return }
        let startYear = today.month >= 9 ? today.year : today.year - 1
        let draft = ProgramDraft(
            name: "Студент – ученик: профессиональные пробы", forms: [.collegeStudentPupil], roleModels: [],
            goals: "Раскрытие потенциала обучающихся 8–9 классов, профессиональная ориентация и осознанный выбор профессии вместе со студентами колледжа.",
            expectedResults: "Рост мотивации к учёбе, первые профессиональные пробы, осознанный выбор профиля или колледжа.",
            start: CalendarDay(year: startYear, month: 10, day: 1), end: CalendarDay(year: startYear + 1, month: 5, day: 31),
            curators: [.init(fullName: curator.fullName, responsibility: "куратор программы, формирование пар")],
            team: [.init(fullName: collegeCurator.fullName, responsibility: "куратор со стороны колледжа-партнёра")],
            partners: "")
        let program = try await ProgramService.create(draft, organizationID: try school.requireID(), template: nil, on: db)
        program.stage = .mentorSelection
        try await program.save(on: db)
        let programID = try program.requireID(), collegeID = try college.requireID()
        try await ProgramPartner(programID: programID, organizationID: collegeID, addedByName: curator.fullName).create(on: db)
        // Two pupils of the eighth and ninth grades (with their representatives' consent) want to
        // try a profession with a college student: the program's mentees.
        let pupils = try await Mentee.query(on: db).filter(\.$organization.$id == school.requireID()).filter(\.$consentState == .valid)
            .filter(\.$form == .studentStudent).sort(\.$className).all()
            .filter { ($0.className ?? "").hasPrefix("8") || ($0.className ?? "").hasPrefix("9") }
        for pupil in pupils.suffix(2) {
            pupil.form = .collegeStudentPupil
            try await pupil.save(on: db)
        }
        let students = try await Mentor.query(on: db).filter(\.$organization.$id == collegeID).filter(\.$origin == .student).all()
            .filter { $0.forms.contains(.collegeStudentPupil) }
        for mentor in students {
            try await PartnerNomination(programID: programID, organizationID: collegeID, mentorID: try mentor.requireID(),
                                        nominatedByName: collegeCurator.fullName).create(on: db)
        }
    }
}
