import Vapor

/// What the monitoring rules refuse beyond a form's fields, said once for the pages and the API.
enum MonitoringError: Error, Equatable, AppErrorConvertible {
    /// A measured value of a parameter that is neither built in nor one of the organization's own scales.
    case unknownParameter(String)
    /// The organization already has a scale of this name.
    case scaleExists(String)
    /// The SWOT suggestions are the answers' own words: only for those who may read answers.
    case answersNotReadable
    /// The person withdrew the consent to the processing of personal data: nothing new is written about them.
    case consentWithdrawn

    var status: HTTPResponseStatus {
        switch self {
        case .unknownParameter: .unprocessableEntity
        case .scaleExists: .conflict
        case .answersNotReadable: .forbidden
        case .consentWithdrawn: .conflict
        }
    }

    var code: String {
        switch self {
        case .unknownParameter: "unknown_parameter"
        case .scaleExists: "scale_exists"
        case .answersNotReadable: "answers_not_readable"
        case .consentWithdrawn: "consent_withdrawn"
        }
    }

    var russianMessage: String {
        switch self {
        case .unknownParameter(let code): "Неизвестный параметр измерения: \(code). Встроенные параметры и свои шкалы организации — на странице «Свои шкалы измерений»."
        case .scaleExists(let name): "Шкала «\(name)» в организации уже есть."
        case .answersNotReadable: "Предложения из ответов анкет — это тексты ответов участников: их читают только куратор и педагог-психолог, а в SWOT принимает куратор."
        case .consentWithdrawn: "Участник отозвал согласие на обработку персональных данных: новые сведения о нём не записываются."
        }
    }
}
