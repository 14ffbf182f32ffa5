import Foundation
@testable import NastavnikApp
import Vapor

extension LeafRenderTests {
    /// The selection and training pages of a program (stage 4), filled on every branch.
    func renderSelection(render: (String, any Encodable) async throws -> Void, id: UUID) async throws {
        let h = Self.hostile
        let candidate = SelectionBoard.Candidate(
            mentorID: id, fullName: h, origin: .student, originName: h, contourName: h, isStudent: true, forms: [.studentStudent], formNames: h,
            competencies: h, lifeExperience: h, capacity: 2, status: .selected, statusName: h,
            application: .init(questionnaireID: id, submittedAt: Date(), selfAssessedReadiness: 4), interviewedOn: "12.09.2025", interviewer: h,
            readiness: .ratherReady, readinessName: h, interviewConclusion: h, testedOn: "15.09.2025", communicationScore: 7, empathyScore: 5,
            skillGaps: [h, h], decision: .notNow, decisionName: h, decisionReason: h, decidedAt: Date(), decidedBy: h)
        let options = [SelectOption("a", h, selected: true), SelectOption("b", h)]
        try await render("selection/index", SelectionController.IndexPage(
            organizationID: id, programID: id, programName: h, forms: h,
            criteria: [.init(code: h, name: h, mentees: 3, mentors: 1, selectedMentors: 0, seats: 2, isShort: true),
                       .init(code: "adaptation", name: h, mentees: 1, mentors: 2, selectedMentors: 1, seats: 4, isShort: false)],
            shortCount: 1, candidates: [candidate], available: [.init(mentorID: id, fullName: h, originName: h, formNames: h, statusName: h)],
            selectedCount: 0))
        try await render("selection/candidate", SelectionController.CandidatePage(
            organizationID: id, programID: id, programName: h, candidate: candidate, applicationHere: true, workplace: h, readinessOptions: options,
            decisionOptions: options, scoreRange: "0–10"))
        try await render("selection/registry", SelectionController.RegistryPage(
            organizationID: id, programID: id, programName: h, period: h,
            rows: [.init(number: 1, mentorID: id, fullName: h, contour: h, origin: h, workplace: h, forms: h, competencies: h, capacity: 2,
                         training: h, isTrained: true),
                   .init(number: 2, mentorID: id, fullName: h, contour: h, origin: h, workplace: h, forms: h, competencies: h, capacity: 1,
                         training: h, isTrained: false)],
            requiredSessions: 3))
        let session = TrainingController.SessionRow(id: id, number: 1, kind: h, isPrimary: true, topic: h, day: "02.10.2025", format: h,
                                                    trainer: h, trainerKind: h, materials: [h, h], attended: 1)
        try await render("training/index", TrainingController.IndexPage(
            organizationID: id, programID: id, programName: h, normForm: h, normRange: h, normAdvice: h, normOptional: true,
            requiredSessions: 3, primaryPlanned: 1, sessions: [session],
            mentors: [.init(mentorID: id, fullName: h, ticks: [.init(value: "\(id):\(id)", attended: true, label: h)], primaryAttended: 1,
                            totalAttended: 1, isTrained: false, statusName: h)],
            trainedCount: 0, suggestedTopics: [h], kinds: options, formats: options, trainerKinds: options))
        try await render("training/session", TrainingController.EditPage(
            organizationID: id, programID: id, sessionID: id, kinds: options, formats: options, trainerKinds: options, suggestedTopics: [h]))
    }
}
