import Fluent
import Foundation
@testable import NastavnikApp
import Vapor

/// A program with mentees and selected mentors, written straight to the database, for the
/// pair-formation tests.
enum PairingFixtures {
    static func program(_ app: Application, organization: Organization, forms: [MentoringForm] = [.studentStudent], name: String = "Шаг вперёд") async throws -> Program {
        let program = Program(organizationID: organization.id!, name: name, forms: forms, goals: "", expectedResults: "",
                              startsOn: CalendarDay(year: 2026, month: 9, day: 1), endsOn: CalendarDay(year: 2027, month: 5, day: 31), stage: .pairing)
        try await program.create(on: app.db)
        return program
    }

    /// A mentee of the organization; `consent` adds a processing consent (a guardian's for a minor).
    @discardableResult
    static func mentee(_ app: Application, organization: Organization, lastName: String, firstName: String = "Иван", requests: [String] = ["lowAchievement"],
                       form: MentoringForm = .studentStudent, age: Int = 13, className: String = "7А", consent: Bool = true,
                       guardianConsent: Bool = true, userID: UUID? = nil) async throws -> Mentee {
        let mentee = Mentee()
        mentee.$organization.id = organization.id!
        mentee.municipalityID = organization.$municipality.id
        mentee.regionID = organization.regionID
        mentee.$user.id = userID
        mentee.lastName = lastName
        mentee.firstName = firstName
        mentee.age = age
        mentee.isMinor = age < 18
        mentee.className = className
        mentee.form = form
        mentee.requestCodes = requests.joined(separator: ";")
        mentee.channel = .classTeacher
        mentee.enteredOn = Date()
        mentee.status = .inBase
        mentee.consentState = consent ? .valid : .missing
        mentee.updateSearchKey()
        try await mentee.create(on: app.db)
        if consent { try await addConsent(app, organizationID: organization.id!, kind: .mentee, subjectID: mentee.id!, byGuardian: mentee.isMinor && guardianConsent) }
        return mentee
    }

    @discardableResult
    static func mentor(_ app: Application, organization: Organization, lastName: String, firstName: String = "Анна", competencies: String = "низкая успеваемость",
                       forms: [MentoringForm] = [.studentStudent], capacity: Int = 1, consent: Bool = true, userID: UUID? = nil,
                       selectedIn program: Program? = nil) async throws -> Mentor {
        let mentor = Mentor()
        mentor.$organization.id = organization.id!
        mentor.municipalityID = organization.$municipality.id
        mentor.regionID = organization.regionID
        mentor.$user.id = userID
        mentor.lastName = lastName
        mentor.firstName = firstName
        mentor.isMinor = false
        mentor.origin = .teacher
        mentor.contour = .internal
        mentor.formsMask = MentoringForm.mask(forms)
        mentor.competencies = competencies
        mentor.capacity = capacity
        mentor.meetingPlace = .inPerson
        mentor.status = .selected
        mentor.longTerm = false
        mentor.formerMentee = false
        mentor.consentState = consent ? .valid : .missing
        mentor.enteredOn = Date()
        mentor.updateSearchKey()
        try await mentor.create(on: app.db)
        if consent { try await addConsent(app, organizationID: organization.id!, kind: .mentor, subjectID: mentor.id!, byGuardian: false) }
        if let program { try await MentorSelection(programID: program.id!, mentorID: mentor.id!, decision: .selected).create(on: app.db) }
        return mentor
    }

    static func addConsent(_ app: Application, organizationID: UUID, kind: BaseKind, subjectID: UUID, byGuardian: Bool) async throws {
        let record = ConsentRecord()
        record.organizationID = organizationID
        record.subjectKind = kind
        record.subjectID = subjectID
        record.purpose = .processing
        record.givenOn = Date()
        record.textVersion = Consents.currentTextVersion
        record.givenByName = byGuardian ? "Законный представитель" : "Сам участник"
        record.givenByGuardian = byGuardian
        record.recordedByID = UUID()
        try await record.create(on: app.db)
    }
}
