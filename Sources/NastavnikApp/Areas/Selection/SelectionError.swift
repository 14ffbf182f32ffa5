import Vapor

/// What the selection rules refuse beyond a form's fields, said once for the pages and the API.
enum SelectionError: Error, Equatable, Sendable, AppErrorConvertible {
    /// The mentor withdrew the consent to the processing of personal data: nothing new is written about them.
    case consentWithdrawn

    var status: HTTPResponseStatus {
        switch self {
        case .consentWithdrawn: .conflict
        }
    }

    var code: String {
        switch self {
        case .consentWithdrawn: "consent_withdrawn"
        }
    }

    var russianMessage: String {
        switch self {
        case .consentWithdrawn: "Наставник отозвал согласие на обработку персональных данных: новые сведения о нём в отбор и обучение не записываются."
        }
    }
}
