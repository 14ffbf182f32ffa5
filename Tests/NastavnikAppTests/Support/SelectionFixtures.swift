import Fluent
import Foundation
@testable import NastavnikApp
import Vapor

/// A small program with its bases for the selection and training tests.
enum SelectionFixtures {
    @discardableResult
    static func program(_ app: Application, organization: Organization, forms: [MentoringForm], name: String = "Ученик – ученик") async throws -> Program {
        let program = Program(organizationID: organization.id!, name: name, forms: forms, goals: "Адаптация пятиклассников",
                              expectedResults: "Успешная адаптация", startsOn: CalendarDay(year: 2025, month: 9, day: 1),
                              endsOn: CalendarDay(year: 2026, month: 8, day: 31), stage: .mentorSelection)
        try await program.save(on: app.db)
        return program
    }

    @discardableResult
    static func mentee(_ app: Application, organization: Organization, lastName: String, form: MentoringForm = .studentStudent,
                       requests: [BuiltInRequest], status: MenteeStatus = .inBase) async throws -> Mentee {
        var draft = MenteeDraft()
        draft.lastName = lastName
        draft.firstName = "Анна"
        draft.form = form
        draft.age = 11
        draft.className = "5А"
        draft.requests = requests.map(\.rawValue)
        draft.status = status
        let mentee = Mentee()
        try await ParticipantBases.save(draft, into: mentee, organization: organization, on: app.db)
        return mentee
    }

    @discardableResult
    static func mentor(_ app: Application, organization: Organization, lastName: String, origin: MentorOrigin = .teacher,
                       forms: [MentoringForm] = [.studentStudent], competencies: String? = nil, lifeExperience: String? = nil,
                       capacity: Int = 1, status: MentorStatus = .candidate) async throws -> Mentor {
        var draft = MentorDraft()
        draft.lastName = lastName
        draft.firstName = "Олег"
        draft.middleName = "Петрович"
        draft.origin = origin
        draft.forms = forms
        draft.competencies = competencies
        draft.lifeExperience = lifeExperience
        draft.capacity = capacity
        draft.status = status
        draft.workplace = "МБОУ СОШ № 1"
        draft.position = origin == .student ? "ученик 9Б класса" : "учитель математики"
        let mentor = Mentor()
        try await ParticipantBases.save(draft, into: mentor, organization: organization, on: app.db)
        return mentor
    }
}
