import Vapor

/// What a pair's work and a program's completion refuse, said once for the page and the API:
/// the page shows `russianMessage` (as a flash or on its error page), the API answers `status`
/// with `code` and the same message. Field errors stay `AppError.validation([field: message])`.
enum PairWorkError: Error, Equatable, Sendable, AppErrorConvertible {
    /// Anything written into a finished pair: its records are kept as they were.
    case pairFinished
    /// A second decision on a pair whose work has ended.
    case pairAlreadyClosed
    /// A rhythm warning acknowledged in a pair that no longer works.
    case rhythmNotKept
    /// Only the pair's mentor and mentees write this (a reflection, a concern): not the curator.
    case participantsOnly
    /// Only the curator decides this (continuing or finishing the cycle, answering a concern,
    /// taking a rhythm warning as seen).
    case curatorOnly
    case meetingOutcomeMissing
    case heldMeetingNeedsSummary
    case meetingNotYetHeld
    case reflectionBeforeMeeting
    case reflectionAlreadySaved
    case reflectionChangedMeanwhile
    case finalAnswersAlreadySaved
    case finalAnswersChangedMeanwhile
    /// Every incentive of the program is in an order already (perhaps another one just now).
    case incentivesAlreadyOrdered(number: String)
    /// The person withdrew the consent to the processing of personal data: no incentive, nomination
    /// or long-term base card is written about them any more.
    case consentWithdrawn

    /// Said on the page beside the form that was refused (a flash), not as an error page: the
    /// person can act on it there (write the summary, open «Изменить», wait for the date).
    var staysOnPage: Bool {
        switch self {
        case .heldMeetingNeedsSummary, .meetingNotYetHeld, .reflectionBeforeMeeting, .reflectionAlreadySaved, .reflectionChangedMeanwhile,
             .finalAnswersAlreadySaved, .finalAnswersChangedMeanwhile, .incentivesAlreadyOrdered:
            true
        default:
            false
        }
    }

    var status: HTTPResponseStatus {
        switch self {
        case .participantsOnly, .curatorOnly: .forbidden
        case .meetingOutcomeMissing: .badRequest
        case .heldMeetingNeedsSummary: .unprocessableEntity
        default: .conflict
        }
    }

    var code: String {
        switch self {
        case .pairFinished: "pair_finished"
        case .pairAlreadyClosed: "pair_already_closed"
        case .rhythmNotKept: "rhythm_not_kept"
        case .participantsOnly: "participants_only"
        case .curatorOnly: "curator_only"
        case .meetingOutcomeMissing: "meeting_outcome_missing"
        case .heldMeetingNeedsSummary: "meeting_summary_missing"
        case .meetingNotYetHeld: "meeting_not_yet_held"
        case .reflectionBeforeMeeting: "reflection_before_meeting"
        case .reflectionAlreadySaved: "reflection_already_saved"
        case .reflectionChangedMeanwhile: "reflection_changed_meanwhile"
        case .finalAnswersAlreadySaved: "final_answers_already_saved"
        case .finalAnswersChangedMeanwhile: "final_answers_changed_meanwhile"
        case .incentivesAlreadyOrdered: "incentives_already_ordered"
        case .consentWithdrawn: "consent_withdrawn"
        }
    }

    var russianMessage: String {
        switch self {
        case .pairFinished: "Работа этой пары завершена: записи закрыты."
        case .pairAlreadyClosed: "Работа этой пары уже завершена."
        case .rhythmNotKept: "Пара больше не работает: предупреждения о ритме для неё не ведутся."
        case .participantsOnly: "Это пишут наставник и наставляемые пары, а не куратор."
        case .curatorOnly: "Это решает куратор программы."
        case .meetingOutcomeMissing: "Не указано, что стало со встречей."
        case .heldMeetingNeedsSummary: "Чтобы отметить встречу состоявшейся, запишите, что было сделано."
        case .meetingNotYetHeld: "Встреча ещё не наступила."
        case .reflectionBeforeMeeting: "Рефлексию пишут после состоявшейся встречи."
        case .reflectionAlreadySaved:
            "Рефлексия к этой встрече уже сохранена — она показана у встречи. Чтобы поправить её, нажмите «Изменить»."
        case .reflectionChangedMeanwhile:
            "Рефлексию уже изменили в другой вкладке или на другом устройстве: у встречи — то, что сохранено сейчас. Откройте «Изменить» ещё раз, если нужно что-то поправить."
        case .finalAnswersAlreadySaved:
            "Ответы итоговой встречи этой стороны уже сохранены — они показаны выше. Чтобы поправить их, нажмите «Изменить»."
        case .finalAnswersChangedMeanwhile:
            "Ответы итоговой встречи уже изменили в другой вкладке или на другом устройстве: выше — то, что сохранено сейчас. Откройте «Изменить» ещё раз, если нужно что-то поправить."
        case .incentivesAlreadyOrdered(let number):
            "Приказ № \(number) не записан: все поощрения уже включены в приказы — возможно, другой приказ внесли только что."
        case .consentWithdrawn:
            "Участник отозвал согласие на обработку персональных данных: поощрения, номинации и новые записи о нём не вносятся."
        }
    }
}

extension PairWorkError: AbortError {
    var reason: String { russianMessage }
}
