import Fluent
import Foundation

/// Fills the demo's mentee and mentor bases from the demo people, with consents for most of
/// them, so every list, filter and card has something to show.
enum DemoBases {
    static func build(recordedBy adminID: UUID, on db: any Database) async throws {
        var generator = SeededGenerator(seed: 77)
        let organizations = try await Organization.query(on: db).all()
        for organization in organizations {
            let organizationID = try organization.requireID()
            let assignments = try await RoleAssignment.query(on: db)
                .filter(\.$organization.$id == organizationID).filter(\.$role ~~ [.mentee, .mentor]).with(\.$user).all()
            for (index, assignment) in assignments.enumerated() {
                let position = assignment.position ?? ""
                let user = assignment.user
                let consentGiven = index % 7 != 3
                switch assignment.role {
                case .mentee:
                    var draft = MenteeDraft()
                    draft.lastName = user.lastName
                    draft.firstName = user.firstName
                    draft.middleName = user.middleName
                    let isTeacher = position.hasPrefix("учитель")
                    draft.form = isTeacher ? .teacherTeacher : organization.kind == .college ? .employerStudent : .studentStudent
                    draft.className = Self.className(in: position)
                    if let className = draft.className, let grade = Int(className.prefix { $0.isNumber }) {
                        draft.age = 6 + grade
                    } else if organization.kind == .college {
                        draft.age = 16
                    } else {
                        draft.age = 24 + index % 5
                    }
                    let pool: [BuiltInRequest] = isTeacher
                        ? [.youngSpecialist, .methodicalSupport, .burnout]
                        : [.lowAchievement, .adaptation, .bullying, .lowMotivation, .careerGuidance, .giftedness, .communication]
                    draft.requests = [pool[Int(generator.next() % UInt64(pool.count))].rawValue]
                    draft.channel = isTeacher ? .administration : [.classTeacher, .parents, .psychologist][index % 3]
                    draft.status = .inBase
                    let mentee = Mentee()
                    mentee.$user.id = user.id
                    try await ParticipantBases.save(draft, into: mentee, organization: organization, on: db)
                    if consentGiven {
                        _ = try await Consents.record(
                            .init(purpose: .processing, givenOn: FieldParsing.date("01.09.2026")!, givenByName: draft.isMinor ? "Законный представитель" : user.fullName,
                                  byGuardian: draft.isMinor, guardianRelation: draft.isMinor ? "родитель" : nil),
                            kind: .mentee, subjectID: try mentee.requireID(), organizationID: organizationID, isMinor: draft.isMinor,
                            anonymized: false, by: adminPrincipal(adminID), on: db)
                    }
                case .mentor:
                    var draft = MentorDraft()
                    draft.lastName = user.lastName
                    draft.firstName = user.firstName
                    draft.middleName = user.middleName
                    if position.hasPrefix("ученик") {
                        draft.origin = .student; draft.forms = [.studentStudent]; draft.preferredAgeFrom = 11; draft.preferredAgeTo = 14; draft.capacity = 1
                    } else if position.hasPrefix("студент") {
                        draft.origin = .student; draft.forms = [.collegeStudentPupil]; draft.preferredAgeFrom = 13; draft.preferredAgeTo = 16; draft.capacity = 2
                    } else if organization.kind == .enterprise {
                        draft.origin = .employer; draft.forms = [.employerPupil, .employerStudent]; draft.preferredAgeFrom = 14; draft.preferredAgeTo = 20; draft.capacity = 3
                        draft.workplace = organization.shortName; draft.position = position
                        draft.competencies = "Производственные технологии, \(position)"
                    } else {
                        draft.origin = .teacher; draft.forms = [.teacherTeacher, .studentStudent]; draft.capacity = 2
                        draft.subjects = position.components(separatedBy: ",").first?.replacingOccurrences(of: "учитель ", with: "")
                        draft.competencies = "Методика преподавания, классное руководство, трудности молодого специалиста"
                        draft.lifeExperience = position
                        draft.workplace = organization.shortName
                    }
                    draft.hoursPerWeek = Double(1 + index % 3)
                    draft.meetingTimes = ["пн, ср после уроков", "вт, чт 15:00–17:00", "пт после 14:00"][index % 3]
                    draft.status = index % 4 == 0 ? .trained : .selected
                    draft.longTerm = index % 3 == 0
                    let mentor = Mentor()
                    mentor.$user.id = user.id
                    try await ParticipantBases.save(draft, into: mentor, organization: organization, on: db)
                    if consentGiven {
                        _ = try await Consents.record(
                            .init(purpose: .processing, givenOn: FieldParsing.date("01.09.2026")!, givenByName: draft.isMinor ? "Законный представитель" : user.fullName,
                                  byGuardian: draft.isMinor, guardianRelation: draft.isMinor ? "родитель" : nil),
                            kind: .mentor, subjectID: try mentor.requireID(), organizationID: organizationID, isMinor: draft.isMinor,
                            anonymized: false, by: adminPrincipal(adminID), on: db)
                    }
                default:
                    break
                }
            }
        }
    }

    /// «ученик 7Б класса» → «7Б»; «студент 1 курса, группа ТМ-11» → «ТМ-11».
    static func className(in position: String) -> String? {
        if let range = position.range(of: "группа ") { return String(position[range.upperBound...]) }
        let words = position.split(separator: " ")
        return words.first { $0.first?.isNumber == true && $0.last?.isLetter == true }.map(String.init)
    }

    private static func adminPrincipal(_ id: UUID) -> Principal {
        Principal(userID: id, fullName: "Демонстрация", shortName: "Демонстрация", isPlatformAdmin: true, mustChangePassword: false, grants: [])
    }
}
