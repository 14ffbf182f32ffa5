import Fluent
import Foundation
import SQLKit

/// A respondent's side: whom a ranking question offers, saving a draft, submitting once.
enum Answering {
    struct Candidate: Encodable, Sendable { let id: UUID; let name: String }

    /// The people each ranking question lists: the organization's people with the question's
    /// role, except the respondent. When programs land, this narrows to the program's people.
    static func candidates(for definition: QuestionnaireDefinition, organizationID: UUID, excluding userID: UUID,
                           on db: any Database) async throws -> [String: [Candidate]] {
        var result: [String: [Candidate]] = [:]
        for question in definition.questions where question.type == .ranking {
            let role = question.candidates ?? .mentor
            let people = try await RoleAssignment.query(on: db)
                .join(User.self, on: \RoleAssignment.$user.$id == \User.$id)
                .filter(\.$organization.$id == organizationID).filter(\.$role == role)
                .filter(\.$user.$id != userID)
                .sort(User.self, \.$lastName).sort(User.self, \.$firstName)
                .all()
            result[question.id] = try people.map { Candidate(id: $0.$user.id, name: try $0.joined(User.self).fullName) }
        }
        return result
    }

    static func saveDraft(_ assignment: QuestionnaireAssignment, fields: [String: String], on db: any Database) async throws {
        guard assignment.status != .submitted else { throw AppError.conflict("Анкета уже отправлена: изменить ответы нельзя.") }
        let answerFields = fields.filter { $0.key.hasPrefix("q-") }
        assignment.draft = String(decoding: try JSONEncoder().encode(answerFields), as: UTF8.self)
        assignment.status = .draft
        try await assignment.save(on: db)
    }

    static func draftFields(_ assignment: QuestionnaireAssignment) -> [String: String] {
        guard let draft = assignment.draft else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: Data(draft.utf8))) ?? [:]
    }

    /// Checks every answer and stores them. On an anonymous survey the answer gets no person,
    /// no assignment and no time, and the completion no time: only the assignment records that
    /// the person took part.
    static func submit(_ assignment: QuestionnaireAssignment, questionnaire: Questionnaire, fields: [String: String],
                       by actor: AuditActor = .system, on db: any Database) async throws -> AnswerForm.Outcome {
        guard assignment.status != .submitted else { throw AppError.conflict("Анкета уже отправлена: ответы принимаются один раз.") }
        let version = try await QuestionnaireVersion.find(assignment.$version.id, on: db)
        guard let version else { throw AppError.notFound }
        let definition = try version.definition()
        let offered = try await candidates(for: definition, organizationID: assignment.organizationID,
                                           excluding: assignment.$user.id, on: db)
        let outcome = AnswerForm.read(fields, definition: definition, candidates: offered.mapValues { Set($0.map(\.id)) })
        guard outcome.errors.isEmpty else { return outcome }
        try await db.transaction { db in
            // Two tabs (or a double click) pass the status check above at the same moment: the
            // database lets only one of them claim the assignment, and the other stores nothing.
            guard try await claim(assignment, on: db) else {
                throw AppError.conflict("Анкета уже отправлена: ответы принимаются один раз.")
            }
            let answer = try Answer(organizationID: assignment.organizationID, questionnaireID: try questionnaire.requireID(),
                                    versionID: try version.requireID(), sheet: outcome.sheet)
            if !questionnaire.isAnonymous {
                answer.$respondent.id = assignment.$user.id
                answer.assignmentID = try assignment.requireID()
                answer.role = assignment.role
                answer.submittedAt = Date()
            }
            try await answer.save(on: db)
            // An anonymous survey writes no audit entry: its time would tell whose answer was stored when.
            if !questionnaire.isAnonymous {
                try await actor.record(.answersSubmitted, organizationID: assignment.organizationID, objectType: "questionnaire",
                                       objectID: questionnaire.id, details: questionnaire.title, on: db)
            }
            let scores = try AnswerScores.scores(for: answer, programID: questionnaire.programID, audience: assignment.audience,
                                                 sheet: outcome.sheet, definition: definition)
            for score in scores { try await score.create(on: db) }
            try await MeasurementFilling.fill(from: answer, questionnaire: questionnaire, sheet: outcome.sheet, definition: definition, on: db)
            // A program's satisfaction answer counts in the indicators, in the program's own organization
            // only; other answers (an application, a Mentor Match questionnaire) move no count.
            if let programID = questionnaire.programID, scores.contains(where: { $0.key == QuestionKey.satisfaction.rawValue }),
               let program = try await Program.find(programID, on: db) {
                try await IndicatorCountsTable.refresh(organizations: [program.$organization.id], on: db)
            }
            assignment.status = .submitted
            assignment.draft = nil
            // No time on an anonymous survey's completion either: the order of completions
            // would otherwise match the order the answers were stored in.
            assignment.submittedAt = questionnaire.isAnonymous ? nil : Date()
            try await assignment.save(on: db)
        }
        return outcome
    }

    /// Marks the assignment submitted unless it already is; true when this call did it.
    static func claim(_ assignment: QuestionnaireAssignment, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { throw AppError.conflict("Нужна база данных SQL.") }
        let claimed = try await sql.update(QuestionnaireAssignment.schema)
            .set("status", to: AssignmentStatus.submitted.rawValue)
            .where("id", .equal, assignment.requireID())
            .where("status", .notEqual, AssignmentStatus.submitted.rawValue)
            .returning("id")
            .all()
        return claimed.count == 1
    }
}
