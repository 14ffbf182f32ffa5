import Vapor

/// Why pair formation refuses: one message per rule, so the pages and the API say the same thing.
/// The page shows it at `field` (or above the form); the API answers `status` with `code`.
enum PairingError: Error, Equatable, Sendable, AppErrorConvertible {
    /// Matching with every criterion at 0 and none required would pair people at random.
    case weightsAllZero
    /// The one-place rule: a child holds one place in a program's proposals and pairs.
    case menteeAlreadyPlaced(name: String)
    case noFreeSeat(mentor: String, taken: Int, capacity: Int)
    /// Removing, reassigning or swapping touches only the unsent draft.
    case notInDraft(DraftEdit)
    case sameMentee
    case sameMentor
    case proposalNotSent
    case pairAlready(PairingStatus)
    case bothAnswered
    /// A consent was withdrawn (or is missing) at the moment a side accepts.
    case cannotForm(problems: [String])
    case placeTakenDuringRun

    enum DraftEdit: Sendable, Equatable {
        case remove, reassign, swap
    }

    var status: HTTPResponseStatus {
        switch self {
        case .weightsAllZero, .noFreeSeat, .sameMentee, .sameMentor, .cannotForm: .unprocessableEntity
        case .menteeAlreadyPlaced, .notInDraft, .proposalNotSent, .pairAlready, .bothAnswered, .placeTakenDuringRun: .conflict
        }
    }

    var code: String {
        switch self {
        case .weightsAllZero: "weights_all_zero"
        case .menteeAlreadyPlaced: "mentee_already_placed"
        case .noFreeSeat: "no_free_seat"
        case .notInDraft: "not_in_draft"
        case .sameMentee: "same_mentee"
        case .sameMentor: "same_mentor"
        case .proposalNotSent: "proposal_not_sent"
        case .pairAlready: "pair_already_decided"
        case .bothAnswered: "both_answered"
        case .cannotForm: "consent_missing"
        case .placeTakenDuringRun: "place_taken_during_run"
        }
    }

    var russianMessage: String {
        switch self {
        case .weightsAllZero: "Задайте вес хотя бы одному критерию."
        case .menteeAlreadyPlaced(let name):
            "\(name) уже есть в предложении или паре этой программы: у ребёнка может быть только одно место в программе."
        case .noFreeSeat(let mentor, let taken, let capacity):
            "У наставника \(mentor) нет свободных мест (\(taken) из \(capacity)). Уберите кого-то из его группы или поменяйте местами."
        case .notInDraft(.remove): "Убрать можно только из черновика; отправленное предложение стороны принимают или отклоняют."
        case .notInDraft(.reassign): "Менять наставника можно только в черновике."
        case .notInDraft(.swap): "Поменять местами можно только пары черновика."
        case .sameMentee: "Выберите двух разных наставляемых."
        case .sameMentor: "Оба наставляемых уже у одного наставника."
        case .proposalNotSent: "Предложение ещё не отправлено сторонам."
        case .pairAlready(let status): "Пара уже \(status.russianName.lowercased())."
        case .bothAnswered: "Обе стороны уже ответили по этой паре."
        case .cannotForm(let problems): "Пара не может сформироваться: " + problems.joined(separator: " ")
        case .placeTakenDuringRun: "Пока шёл подбор, кого-то из наставляемых уже предложили наставнику. Запустите подбор ещё раз."
        }
    }

    /// The API's `error.fields`: the page's field with the message, so an integrator sees which side
    /// (`mentee`, `mentor`), the weights or the answer was refused; none for a refusal of the whole.
    var fields: [String: String]? { field.map { [$0: russianMessage] } }

    /// Every rule's code and the field it names, for the OpenAPI document's error descriptions.
    static var documented: String {
        let samples: [PairingError] = [.weightsAllZero, .menteeAlreadyPlaced(name: ""), .noFreeSeat(mentor: "", taken: 0, capacity: 0),
                                       .sameMentee, .cannotForm(problems: []), .notInDraft(.remove), .proposalNotSent, .pairAlready(.formed),
                                       .bothAnswered, .placeTakenDuringRun]
        return samples.map { "\($0.code) (\($0.status.code)" + ($0.field.map { ", поле \($0)" } ?? "") + ")" }.joined(separator: ", ")
    }

    /// The form field a page shows the refusal at; nil above the form.
    var field: String? {
        switch self {
        case .weightsAllZero: "weights"
        case .menteeAlreadyPlaced: "mentee"
        case .noFreeSeat: "mentor"
        case .sameMentee, .sameMentor: "second"
        case .cannotForm: "answer"
        case .notInDraft, .proposalNotSent, .pairAlready, .bothAnswered, .placeTakenDuringRun: nil
        }
    }
}

/// What a page shows after a refused form: what was typed, and the refusal where it belongs.
struct PairingRefusal {
    let form: FormState
    let status: HTTPResponseStatus

    /// nil for an error no form can show (not found, forbidden): it goes on as it is.
    init?(_ error: any Error, values: [String: String], field: String = "form") {
        switch error {
        case AppError.validation(let errors):
            form = FormState(values: values, errors: errors)
            status = .unprocessableEntity
        case AppError.conflict(let message):
            form = FormState(values: values, errors: [field: message])
            status = .conflict
        case let error as PairingError:
            form = FormState(values: values, errors: [error.field ?? field: error.russianMessage])
            status = error.status
        default:
            return nil
        }
    }

    /// The refusal in one line, for a page that answers with a redirect and a flash message.
    static func message(_ error: any Error) -> String? {
        switch error {
        case AppError.validation(let errors): errors.values.sorted().joined(separator: " ")
        case AppError.conflict(let message): message
        case let error as PairingError: error.russianMessage
        default: nil
        }
    }
}
