import Fluent
import Foundation

/// Copying a template, editing the wording and publishing. The versioning rule lives here: a
/// draft is edited in place; a published version never changes, and editing it starts the next
/// version.
enum QuestionnaireAuthoring {
    static func copy(_ template: QuestionnaireTemplate, organizationID: UUID, programID: UUID? = nil,
                     by userID: UUID, on db: any Database) async throws -> Questionnaire {
        try await db.transaction { db in
            let questionnaire = Questionnaire(
                organizationID: organizationID, programID: programID, title: template.title, purpose: template.purpose,
                templateKey: template.key, audience: template.audience, isAnonymous: template.anonymous, createdByID: userID)
            try await questionnaire.save(on: db)
            try await QuestionnaireVersion(questionnaireID: try questionnaire.requireID(), number: 1, definition: template.definition).save(on: db)
            return questionnaire
        }
    }

    static func latestVersion(of questionnaireID: UUID, on db: any Database) async throws -> QuestionnaireVersion {
        guard let version = try await QuestionnaireVersion.query(on: db)
            .filter(\.$questionnaire.$id == questionnaireID).sort(\.$number, .descending).first() else {
            throw AppError.notFound
        }
        return version
    }

    static func latestPublished(of questionnaireID: UUID, on db: any Database) async throws -> QuestionnaireVersion? {
        try await QuestionnaireVersion.query(on: db)
            .filter(\.$questionnaire.$id == questionnaireID).filter(\.$publishedAt != nil)
            .sort(\.$number, .descending).first()
    }

    /// Saves new wording: into the draft if there is one, otherwise as the next version.
    @discardableResult
    static func saveWording(_ definition: QuestionnaireDefinition, of questionnaireID: UUID, on db: any Database) async throws -> QuestionnaireVersion {
        let latest = try await latestVersion(of: questionnaireID, on: db)
        if !latest.isPublished {
            latest.definitionJSON = try definition.encoded()
            try await latest.save(on: db)
            return latest
        }
        let next = try QuestionnaireVersion(questionnaireID: questionnaireID, number: latest.number + 1, definition: definition)
        try await next.save(on: db)
        return next
    }

    /// Publishes the draft; answers can be collected only on a published version.
    static func publish(_ questionnaireID: UUID, on db: any Database) async throws -> QuestionnaireVersion {
        let latest = try await latestVersion(of: questionnaireID, on: db)
        guard !latest.isPublished else { throw AppError.conflict("Эта версия уже опубликована: изменений для публикации нет.") }
        guard !(try latest.definition().questions.isEmpty) else { throw AppError.conflict("В анкете нет ни одного вопроса: добавьте вопросы перед публикацией.") }
        latest.publishedAt = Date()
        try await latest.save(on: db)
        return latest
    }

    /// Anonymity can change only while nobody has been sent the questionnaire: otherwise people
    /// would have answered under a promise that no longer holds.
    static func canChangeAnonymity(_ questionnaireID: UUID, on db: any Database) async throws -> Bool {
        try await QuestionnaireAssignment.query(on: db).filter(\.$questionnaire.$id == questionnaireID).count() == 0
    }
}
