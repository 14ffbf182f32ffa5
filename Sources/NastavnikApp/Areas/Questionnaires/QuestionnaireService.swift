import Fluent
import Foundation

/// The changes of an organization's questionnaires, one function per operation, shared by the
/// pages and the API: creating one from a template, editing its wording, publishing a version and
/// sending it to people. Each checks, changes and writes its audit entry in one transaction; the
/// questionnaire's row is locked first, so two tabs or a double click wait for each other and the
/// second sees what the first did. A program's surveys (sending to a program, attaching) are
/// `ProgramSurveys.send` and `ProgramSurveys.attach`.
enum QuestionnaireService {
    /// The account acting: questionnaires and assignments store who made them.
    static func userID(of actor: AuditActor) throws -> UUID {
        guard let userID = actor.principal?.userID else { throw AppError.notSignedIn }
        return userID
    }

    /// Copies a built-in template (worded for `form` at the organization's kind) as the
    /// organization's own draft.
    static func create(template key: String, form: MentoringForm?, in organization: Organization, by actor: AuditActor,
                       on db: any Database) async throws -> Questionnaire {
        guard let template = QuestionnaireTemplate.named(key, form: form, kind: organization.kind) else { throw QuestionnaireError.unknownTemplate }
        let organizationID = try organization.requireID(), userID = try userID(of: actor)
        return try await db.transaction { tx in
            let questionnaire = try await QuestionnaireAuthoring.copy(template, organizationID: organizationID, by: userID, on: tx)
            try await actor.record(.questionnaireCreated, organizationID: organizationID, objectType: "questionnaire",
                                   objectID: questionnaire.id, details: questionnaire.title, on: tx)
            return questionnaire
        }
    }

    struct Edited: Sendable {
        let version: QuestionnaireVersion
        /// The wording changed over a published version: a new draft was started.
        let startedNextVersion: Bool
    }

    /// Saves the edit form's fields (`QuestionnaireEditForm`): the title, purpose, anonymity while
    /// nobody has been sent it, and the wording — into the draft, or as the next version over a
    /// published one. Field errors come as `AppError.validation`.
    static func edit(_ questionnaire: Questionnaire, fields: [String: String], by actor: AuditActor, on db: any Database) async throws -> Edited {
        let questionnaireID = try questionnaire.requireID()
        return try await db.transaction { tx in
            try await RowLock.lock(Questionnaire.schema, id: questionnaireID, on: tx)
            let latest = try await QuestionnaireAuthoring.latestVersion(of: questionnaireID, on: tx)
            let current = try latest.definition()
            var outcome = QuestionnaireEditForm.apply(fields, to: current)
            let title = (fields["title"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if title.isEmpty { outcome.errors["title"] = "Введите название анкеты." }
            guard outcome.errors.isEmpty else { throw AppError.validation(outcome.errors) }
            questionnaire.title = title
            questionnaire.purpose = (fields["purpose"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if try await QuestionnaireAuthoring.canChangeAnonymity(questionnaireID, on: tx) {
                questionnaire.isAnonymous = fields["anonymous"] != nil
            }
            try await questionnaire.save(on: tx)
            let changed = outcome.definition != current
            let version = changed ? try await QuestionnaireAuthoring.saveWording(outcome.definition, of: questionnaireID, on: tx) : latest
            try await actor.record(.questionnaireEdited, organizationID: questionnaire.$organization.id, objectType: "questionnaire",
                                   objectID: questionnaireID, details: "\(questionnaire.title), версия \(version.number)", on: tx)
            return Edited(version: version, startedNextVersion: changed && version.id != latest.id)
        }
    }

    /// Publishes the draft; a version published already is refused with `alreadyPublished`.
    static func publish(_ questionnaire: Questionnaire, by actor: AuditActor, on db: any Database) async throws -> QuestionnaireVersion {
        let questionnaireID = try questionnaire.requireID()
        return try await db.transaction { tx in
            try await RowLock.lock(Questionnaire.schema, id: questionnaireID, on: tx)
            let version = try await QuestionnaireAuthoring.publish(questionnaireID, on: tx)
            try await actor.record(.questionnairePublished, organizationID: questionnaire.$organization.id, objectType: "questionnaire",
                                   objectID: questionnaireID, details: "\(questionnaire.title), версия \(version.number)", on: tx)
            return version
        }
    }

    /// Whom a questionnaire is sent to from its page: the people ticked in the list, or everyone
    /// holding a role in the organization.
    enum Recipients: Sendable {
        case picked([QuestionnaireAssigning.Recipient])
        case role(Role?)
    }

    /// Sends the latest published version; people who have it open are not sent it again.
    /// Returns how many people got it.
    static func assign(_ questionnaire: Questionnaire, to recipients: Recipients, dueAt: Date?, by actor: AuditActor,
                       on db: any Database) async throws -> Int {
        let organizationID = questionnaire.$organization.id, userID = try userID(of: actor)
        return try await db.transaction { tx in
            let people: [QuestionnaireAssigning.Recipient]
            switch recipients {
            case .picked(let picked) where !picked.isEmpty:
                people = try await QuestionnaireAssigning.verified(picked, organizationID: organizationID, on: tx)
            case .role(let role?) where role.isOrganizationRole:
                people = try await QuestionnaireAssigning.everyone(with: role, organizationID: organizationID, on: tx)
            default:
                throw AppError.validation(["role": "Выберите роль или отметьте людей в списке."])
            }
            let count = try await QuestionnaireAssigning.assign(questionnaire, to: people, dueAt: dueAt, by: userID, on: tx)
            try await actor.record(.questionnaireAssigned, organizationID: organizationID, objectType: "questionnaire",
                                   objectID: questionnaire.id, details: "\(questionnaire.title): \(count) чел.", on: tx)
            return count
        }
    }
}
