import Vapor

/// What the rules of programs refuse, said once for the pages and the API: the page shows the
/// message, the API answers it as a 4xx JSON body with the code.
enum ProgramError: Error, Equatable, AppErrorConvertible {
    /// A stage number outside 1–7.
    case unknownStage
    /// The program is already on the stage it is asked to move to.
    case alreadyOnStage
    /// A roadmap template that is not one of the seed plans.
    case unknownTemplate
    /// A roadmap status a person may not set (`overdue` is the system's).
    case unknownRoadmapStatus
    /// No organization, or the program's own, named as a partner.
    case partnerNotChosen
    /// The organization is not among the program's partners.
    case notAPartner
    /// The partner's mentors are proposed or work in pairs of the program.
    case partnerMentorsBusy(partner: String)
    /// The partner's mentor is in a draft, a proposal or a pair of the program.
    case nominationBusy(mentor: String)
    /// A preparation document the platform does not write.
    case unknownDocument

    var status: HTTPResponseStatus {
        switch self {
        case .unknownStage, .unknownTemplate, .unknownRoadmapStatus: .badRequest
        case .alreadyOnStage, .partnerMentorsBusy, .nominationBusy: .conflict
        case .partnerNotChosen, .notAPartner: .unprocessableEntity
        case .unknownDocument: .notFound
        }
    }

    var code: String {
        switch self {
        case .unknownStage: "unknown_stage"
        case .alreadyOnStage: "already_on_stage"
        case .unknownTemplate: "unknown_template"
        case .unknownRoadmapStatus: "unknown_roadmap_status"
        case .partnerNotChosen: "partner_not_chosen"
        case .notAPartner: "not_a_partner"
        case .partnerMentorsBusy: "partner_mentors_in_pairs"
        case .nominationBusy: "nomination_in_pairs"
        case .unknownDocument: "not_found"
        }
    }

    var russianMessage: String {
        switch self {
        case .unknownStage: "Выберите этап от 1 до 7."
        case .alreadyOnStage: "Программа уже на этом этапе."
        case .unknownTemplate: "Выберите шаблон дорожной карты: schoolPlan (школьный план) или collegePlan (план колледжа)."
        case .unknownRoadmapStatus: "Статус мероприятия: запланировано (planned), выполняется (inProgress) или выполнено (done); «просрочено» система ставит сама."
        case .partnerNotChosen: "Выберите организацию-партнёра из списка."
        case .notAPartner: "Такой организации нет среди партнёров программы."
        case .partnerMentorsBusy(let partner):
            "Наставники организации «\(partner)» уже предложены в пары или работают в парах программы: сначала завершите или отклоните эти пары."
        case .nominationBusy(let mentor):
            "\(mentor) уже в проекте пар, предложении или паре программы: отозвать кандидатуру нельзя. Если нужно, попросите куратора программы отклонить предложение или завершить пару."
        case .unknownDocument: "Такого документа программы нет."
        }
    }
}
