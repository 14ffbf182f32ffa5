import Fluent
import Foundation
import SQLKit

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
        // The draft is rewritten only while it is still a draft: a publication that got in first
        // keeps its wording, and the new wording becomes the next version.
        if !latest.isPublished, try await update(latest, onlyIfDraft: "definition", to: try definition.encoded(), on: db) {
            latest.definitionJSON = try definition.encoded()
            return latest
        }
        let next = try QuestionnaireVersion(questionnaireID: questionnaireID, number: latest.number + 1, definition: definition)
        try await next.save(on: db)
        return next
    }

    /// Publishes the draft; answers can be collected only on a published version.
    static func publish(_ questionnaireID: UUID, on db: any Database) async throws -> QuestionnaireVersion {
        let latest = try await latestVersion(of: questionnaireID, on: db)
        guard !latest.isPublished else { throw QuestionnaireError.alreadyPublished }
        guard !(try latest.definition().questions.isEmpty) else { throw QuestionnaireError.noQuestions }
        let now = Date()
        // The database decides: of two publications at once (a double click, two tabs) only the
        // one whose update still finds the draft goes on; the other is refused, not repeated.
        guard try await update(latest, onlyIfDraft: "published_at", to: now, on: db) else { throw QuestionnaireError.alreadyPublished }
        latest.publishedAt = now
        return latest
    }

    /// Sets one column of a version while it is unpublished; false when it is published already.
    private static func update(_ version: QuestionnaireVersion, onlyIfDraft column: String, to value: some Encodable & Sendable,
                               on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { throw AppError.conflict("База данных не поддерживает SQL.") }
        let rows = try await sql.update(QuestionnaireVersion.schema)
            .set(SQLIdentifier(column), to: SQLBind(value))
            .where("id", .equal, SQLBind(try version.requireID()))
            .where("published_at", .is, SQLLiteral.null)
            .returning("id")
            .all()
        return rows.count == 1
    }

    /// Anonymity can change only while nobody has been sent the questionnaire: otherwise people
    /// would have answered under a promise that no longer holds.
    static func canChangeAnonymity(_ questionnaireID: UUID, on db: any Database) async throws -> Bool {
        try await QuestionnaireAssignment.query(on: db).filter(\.$questionnaire.$id == questionnaireID).count() == 0
    }
}
