import Vapor

/// What the monitoring rules refuse beyond a form's fields, said once for the pages and the API.
enum MonitoringError: Error, Equatable, AppErrorConvertible {
    /// A measured value of a parameter that is neither built in nor one of the organization's own scales.
    case unknownParameter(String)
    /// The organization already has a scale of this name.
    case scaleExists(String)

    var status: HTTPResponseStatus {
        switch self {
        case .unknownParameter: .unprocessableEntity
        case .scaleExists: .conflict
        }
    }

    var code: String {
        switch self {
        case .unknownParameter: "unknown_parameter"
        case .scaleExists: "scale_exists"
        }
    }

    var russianMessage: String {
        switch self {
        case .unknownParameter(let code): "Неизвестный параметр измерения: \(code). Встроенные параметры и свои шкалы организации — на странице «Свои шкалы измерений»."
        case .scaleExists(let name): "Шкала «\(name)» в организации уже есть."
        }
    }
}
