import Vapor

/// What the rules of questionnaires refuse, said once for the pages and the API: the page shows
/// the message, the API answers it as a 4xx JSON body with the code.
enum QuestionnaireError: Error, Equatable, AppErrorConvertible {
    /// A template key that is not one of the built-in questionnaires.
    case unknownTemplate
    /// The latest version is published already (a second click, another tab, another curator).
    case alreadyPublished
    /// A draft without questions cannot be published.
    case noQuestions
    /// The program named is not one of the organization's.
    case notAProgramOfOrganization

    var status: HTTPResponseStatus {
        switch self {
        // A program of another organization is only sent by a tampered form or a wrong id: 400, on the page as in the API.
        case .unknownTemplate, .notAProgramOfOrganization: .badRequest
        case .alreadyPublished, .noQuestions: .conflict
        }
    }

    var code: String {
        switch self {
        case .unknownTemplate: "unknown_template"
        case .alreadyPublished: "already_published"
        case .noQuestions: "no_questions"
        case .notAProgramOfOrganization: "program_not_found"
        }
    }

    var russianMessage: String {
        switch self {
        case .unknownTemplate: "Выберите шаблон анкеты из списка."
        case .alreadyPublished: "Эта версия уже опубликована: изменений для публикации нет."
        case .noQuestions: "В анкете нет ни одного вопроса: добавьте вопросы перед публикацией."
        case .notAProgramOfOrganization: "Выберите программу организации."
        }
    }
}
