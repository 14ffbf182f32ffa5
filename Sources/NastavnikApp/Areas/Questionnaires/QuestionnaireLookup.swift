import Fluent
import Vapor

extension Request {
    /// The questionnaire named in the URL, checked to belong to the organization in the URL, so
    /// an id edited in the address answers 404.
    func questionnaire(in organization: Organization) async throws -> Questionnaire {
        guard let id = parameters.get("questionnaireID", as: UUID.self),
              let questionnaire = try await Questionnaire.query(on: db)
                .filter(\.$id == id).filter(\.$organization.$id == organization.requireID()).first() else {
            throw AppError.notFound
        }
        return questionnaire
    }

    /// The signed-in person's own assignment named in the URL; anyone else's answers 404.
    func ownAssignment() async throws -> QuestionnaireAssignment {
        let principal = try requirePrincipal()
        guard let id = parameters.get("assignmentID", as: UUID.self),
              let assignment = try await QuestionnaireAssignment.query(on: db)
                .filter(\.$id == id).filter(\.$user.$id == principal.userID).with(\.$questionnaire).first() else {
            throw AppError.notFound
        }
        return assignment
    }
}

/// Parses «2026-12-01» or «01.12.2026» into the end of that day in Moscow time.
enum DueDate {
    static func parse(_ raw: String?) -> Result<Date?, AppError> {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return .success(nil) }
        guard let iso = AnswerForm.isoDay(text) else { return .failure(.validation(["dueDate": "Введите срок в виде ДД.ММ.ГГГГ."])) }
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = RussianDate.timeZone
        let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 23, minute: 59))
        return .success(date)
    }

    static func format(_ date: Date?) -> String? {
        date.map { DateFormatting.string($0, "dd.MM.yyyy") }
    }
}
