import Fluent
import Vapor

/// What happened, as the audit log names it. Areas add their own actions here, so the log page
/// can say each in Russian.
public enum AuditAction: String, Sendable, CaseIterable {
    case signIn = "auth.signIn"
    case signInFailed = "auth.signInFailed"
    case signOut = "auth.signOut"
    case passwordChanged = "auth.passwordChanged"
    case notificationSettingsChanged = "notifications.settingsChanged"
    case invitationCreated = "accounts.invitationCreated"
    case invitationAccepted = "accounts.invitationAccepted"
    case invitationSheetIssued = "accounts.invitationSheetIssued"
    case invitationMailed = "accounts.invitationMailed"
    case roleOffered = "accounts.roleOffered"
    case roleOfferAccepted = "accounts.roleOfferAccepted"
    case roleOfferDeclined = "accounts.roleOfferDeclined"
    case academicYearAdvanced = "bases.academicYearAdvanced"
    case academicYearUndone = "bases.academicYearUndone"
    case roleGranted = "accounts.roleGranted"
    case roleRevoked = "accounts.roleRevoked"
    case apiTokenCreated = "accounts.apiTokenCreated"
    case apiTokenRevoked = "accounts.apiTokenRevoked"
    case firstAdministratorCreated = "accounts.firstAdministratorCreated"
    case demoCreated = "system.demoCreated"
    case menteeCreated = "bases.menteeCreated"
    case menteeUpdated = "bases.menteeUpdated"
    case menteeViewed = "bases.menteeViewed"
    case mentorCreated = "bases.mentorCreated"
    case mentorUpdated = "bases.mentorUpdated"
    case mentorViewed = "bases.mentorViewed"
    case consentGiven = "bases.consentGiven"
    case consentWithdrawn = "bases.consentWithdrawn"
    case baseImported = "bases.imported"
    case baseExported = "bases.exported"
    case requestKindAdded = "bases.requestKindAdded"
    case guardianLinked = "bases.guardianLinked"
    case guardianUnlinked = "bases.guardianUnlinked"
    case regionCreated = "territory.regionCreated"
    case municipalityCreated = "territory.municipalityCreated"
    case organizationCreated = "territory.organizationCreated"
    case questionnaireCreated = "questionnaires.created"
    case questionnaireEdited = "questionnaires.edited"
    case questionnairePublished = "questionnaires.published"
    case questionnaireAssigned = "questionnaires.assigned"
    case questionnaireAttached = "questionnaires.attachedToProgram"
    case questionnaireMeasurementSet = "questionnaires.measurementSet"
    case answersSubmitted = "questionnaires.answersSubmitted"
    case answersRead = "questionnaires.answersRead"
    case answersExported = "questionnaires.answersExported"
    case programCreated = "programs.created"
    case programUpdated = "programs.updated"
    case programStageChanged = "programs.stageChanged"
    case checklistItemMarked = "programs.checklistItemMarked"
    case roadmapGenerated = "programs.roadmapGenerated"
    case roadmapItemAdded = "programs.roadmapItemAdded"
    case roadmapItemUpdated = "programs.roadmapItemUpdated"
    case programDocumentIssued = "programs.documentIssued"
    case matchingRun = "pairs.matchingRun"
    case pairingProposalEdited = "pairs.proposalEdited"
    case pairingProposalSent = "pairs.proposalSent"
    case pairingProposed = "pairs.proposed"
    case pairingAnswered = "pairs.answered"
    case pairingFixedByOrder = "pairs.fixedByOrder"
    case mentorMatchScheduled = "pairs.mentorMatchScheduled"
    case mentorMatchWishesSaved = "pairs.mentorMatchWishes"
    case searchNoteSaved = "pairs.searchNote"
    case pairMeetingRecorded = "pairWork.meeting"
    case selectionCandidatesAdded = "selection.candidatesAdded"
    case interviewRecorded = "selection.interviewRecorded"
    case mentorTestRecorded = "selection.testRecorded"
    case selectionDecided = "selection.decided"
    case registryOrderIssued = "selection.registryOrderIssued"
    case trainingSessionAdded = "training.sessionAdded"
    case trainingSessionUpdated = "training.sessionUpdated"
    case trainingSessionDeleted = "training.sessionDeleted"
    case trainingAttendanceMarked = "training.attendanceMarked"
    case trainingRuleChanged = "training.ruleChanged"
    case mentorTrained = "training.mentorTrained"
    case pairAgreementSaved = "pairWork.agreement"
    case pairResultAdded = "pairWork.result"
    case pairConcernRaised = "pairWork.concernRaised"
    case pairConcernAnswered = "pairWork.concernAnswered"
    case pairConcernHandled = "pairWork.concernHandled"
    case rhythmWarningAcknowledged = "pairWork.rhythmAcknowledged"
    case meetingReflectionSaved = "pairWork.reflection"
    case pairGoalSaved = "pairWork.goal"
    case pairDiaryWritten = "pairWork.diary"
    case pairWishAdded = "pairWork.wish"
    case involvementTargetSet = "home.involvementTarget"
    case finalAnswersSaved = "completion.finalAnswers"
    case pairClosed = "completion.pairClosed"
    case movedToLongTermBase = "completion.movedToLongTermBase"
    case incentiveAwarded = "completion.incentiveAwarded"
    case incentiveOrderFixed = "completion.incentiveOrderFixed"
    case nominationAdded = "completion.nomination"
    case closingEventRecorded = "completion.closingEvent"
    case yearFiguresSaved = "monitoring.yearFigures"
    case swotEdited = "monitoring.swot"
    case impactViewed = "monitoring.impactViewed"
    case impactMeasured = "monitoring.impactMeasured"
    case ownScaleChanged = "monitoring.ownScale"
    case caseSaved = "publications.caseSaved"
    case caseSubmitted = "publications.caseSubmitted"
    case casePublished = "publications.casePublished"
    case caseTakenDown = "publications.caseTakenDown"
    case caseReturned = "publications.caseReturned"
    case contestChanged = "contest.changed"
    case programPartnerAdded = "programs.partnerAdded"
    case programPartnerRemoved = "programs.partnerRemoved"
    case partnerMentorsNominated = "partners.mentorsNominated"
    case partnerNominationWithdrawn = "partners.nominationWithdrawn"

    public var russianName: String {
        switch self {
        case .signIn: "Вход в систему"
        case .signInFailed: "Неудачная попытка входа"
        case .signOut: "Выход из системы"
        case .passwordChanged: "Смена пароля"
        case .notificationSettingsChanged: "Настройки уведомлений"
        case .invitationCreated: "Создано приглашение"
        case .invitationAccepted: "Приглашение принято"
        case .invitationSheetIssued: "Выданы ссылки-приглашения списком"
        case .invitationMailed: "Ссылка-приглашение отправлена по почте"
        case .roleOffered: "Предложена роль в организации"
        case .roleOfferAccepted: "Предложение роли принято"
        case .roleOfferDeclined: "Предложение роли отклонено"
        case .academicYearAdvanced: "Переход в новый учебный год"
        case .academicYearUndone: "Отменён переход в новый учебный год"
        case .roleGranted: "Назначена роль"
        case .roleRevoked: "Снята роль"
        case .apiTokenCreated: "Создан API-токен"
        case .apiTokenRevoked: "Отозван API-токен"
        case .firstAdministratorCreated: "Создан первый администратор"
        case .demoCreated: "Созданы демонстрационные данные"
        case .menteeCreated: "Добавлен наставляемый"
        case .menteeUpdated: "Изменены данные наставляемого"
        case .menteeViewed: "Просмотр карточки наставляемого"
        case .mentorCreated: "Добавлен наставник"
        case .mentorUpdated: "Изменены данные наставника"
        case .mentorViewed: "Просмотр карточки наставника"
        case .consentGiven: "Внесено согласие"
        case .consentWithdrawn: "Отозвано согласие"
        case .baseImported: "Импорт в базу"
        case .baseExported: "Выгрузка базы"
        case .requestKindAdded: "Добавлен запрос в перечень"
        case .guardianLinked: "Законный представитель связан с ребёнком"
        case .guardianUnlinked: "Законный представитель отвязан от ребёнка"
        case .regionCreated: "Добавлен регион"
        case .municipalityCreated: "Добавлено муниципальное образование"
        case .organizationCreated: "Добавлена организация"
        case .questionnaireCreated: "Создана анкета"
        case .questionnaireEdited: "Изменена анкета"
        case .questionnairePublished: "Опубликована версия анкеты"
        case .questionnaireAssigned: "Анкета отправлена людям"
        case .questionnaireAttached: "Анкета отнесена к программе"
        case .questionnaireMeasurementSet: "Анкета отмечена как измерение"
        case .answersSubmitted: "Отправлены ответы на анкету"
        case .answersRead: "Просмотрены ответы на анкету"
        case .answersExported: "Выгружены ответы на анкету"
        case .programCreated: "Создана программа наставничества"
        case .programUpdated: "Изменена программа наставничества"
        case .programStageChanged: "Программа переведена на другой этап"
        case .checklistItemMarked: "Отмечен пункт этапа"
        case .roadmapGenerated: "Дорожная карта заполнена по шаблону"
        case .roadmapItemAdded: "Добавлено мероприятие дорожной карты"
        case .roadmapItemUpdated: "Изменено мероприятие дорожной карты"
        case .programDocumentIssued: "Сформирован документ программы"
        case .matchingRun: "Подбор пар по анкетам"
        case .pairingProposalEdited: "Изменение предложения пар"
        case .pairingProposalSent: "Отправка предложения пар сторонам"
        case .pairingProposed: "Предложение пары"
        case .pairingAnswered: "Ответ на предложение пары"
        case .pairingFixedByOrder: "Закрепление пар приказом"
        case .mentorMatchScheduled: "Назначение встречи «Mentor Match»"
        case .mentorMatchWishesSaved: "Пожелания после быстрых встреч"
        case .searchNoteSaved: "Заметка о поиске наставника"
        case .pairMeetingRecorded: "Встреча пары"
        case .selectionCandidatesAdded: "Наставники включены в отбор"
        case .interviewRecorded: "Записано собеседование с наставником"
        case .mentorTestRecorded: "Записано тестирование наставника"
        case .selectionDecided: "Принято решение по отбору наставника"
        case .registryOrderIssued: "Сформирован приказ об утверждении реестра наставников"
        case .trainingSessionAdded: "Добавлено занятие обучения наставников"
        case .trainingSessionUpdated: "Изменено занятие обучения наставников"
        case .trainingSessionDeleted: "Удалено занятие обучения наставников"
        case .trainingAttendanceMarked: "Отмечено посещение обучения"
        case .trainingRuleChanged: "Изменено правило «обучен»"
        case .mentorTrained: "Наставник обучен"
        case .pairAgreementSaved: "Правила взаимодействия пары"
        case .pairResultAdded: "Промежуточный результат пары"
        case .pairConcernRaised: "Обращение к куратору"
        case .pairConcernAnswered: "Ответ куратора на обращение"
        case .pairConcernHandled: "Обращение отмечено решённым"
        case .rhythmWarningAcknowledged: "Предупреждение о ритме встреч снято с заметкой"
        case .meetingReflectionSaved: "Сохранена рефлексия после встречи"
        case .pairGoalSaved: "Цель пары записана или отмечено продвижение"
        case .pairDiaryWritten: "Запись в дневнике пары"
        case .pairWishAdded: "Желание добавлено в таблицу пары"
        case .involvementTargetSet: "Целевая доля вовлечённых обучающихся"
        case .finalAnswersSaved: "Ответы итоговой встречи"
        case .pairClosed: "Решение о завершении или продолжении пары"
        case .movedToLongTermBase: "Перевод в долгосрочную базу наставников"
        case .incentiveAwarded: "Поощрение наставника"
        case .incentiveOrderFixed: "Приказ о поощрении"
        case .nominationAdded: "Номинация"
        case .closingEventRecorded: "Итоговое мероприятие программы"
        case .yearFiguresSaved: "Сведения о численности за учебный год"
        case .swotEdited: "Изменена таблица SWOT"
        case .impactViewed: "Просмотр измерений участников"
        case .impactMeasured: "Записаны измерения участника"
        case .ownScaleChanged: "Изменены свои шкалы измерений"
        case .caseSaved: "Сохранён кейс практики"
        case .caseSubmitted: "Кейс отправлен на согласование"
        case .casePublished: "Кейс опубликован"
        case .caseTakenDown: "Кейс снят с публикации"
        case .caseReturned: "Кейс возвращён на доработку"
        case .contestChanged: "Конкурс «Быть учителем!»"
        case .programPartnerAdded: "Организация названа партнёром программы"
        case .programPartnerRemoved: "Организация исключена из партнёров программы"
        case .partnerMentorsNominated: "Партнёр выдвинул наставников в программу"
        case .partnerNominationWithdrawn: "Партнёр отозвал кандидатуру наставника"
        }
    }

    /// The Russian name of a stored action, or the code itself for an action this version does not know.
    public static func russianName(of code: String) -> String {
        AuditAction(rawValue: code)?.russianName ?? code
    }
}

/// Writes audit records. Every area calls this for state changes and sensitive reads.
public enum Audit {
    public static func record(
        _ action: AuditAction, by principal: Principal?, organizationID: UUID? = nil,
        objectType: String? = nil, objectID: UUID? = nil, details: String? = nil,
        ip: String? = nil, on db: any Database
    ) async throws {
        let entry = AuditEntry(
            at: Date(), actorID: principal?.userID, actorName: principal?.fullName ?? "Система",
            organizationID: organizationID, action: action.rawValue, objectType: objectType,
            objectID: objectID?.uuidString, details: details, ip: ip
        )
        try await entry.save(on: db)
    }
}

/// Who acts and from where: what a service needs to write the audit entry of its change inside
/// the change's own transaction, without seeing the HTTP request.
public struct AuditActor: Sendable {
    public let principal: Principal?
    public let ip: String?
    /// The change came through `/api/v1` (an integrator's token), not a page: the journal says so,
    /// so a token's work can be told from a person's.
    public let viaAPI: Bool

    public init(principal: Principal?, ip: String?, viaAPI: Bool = false) {
        self.principal = principal
        self.ip = ip
        self.viaAPI = viaAPI
    }

    /// Scheduled work and commands: recorded as «Система».
    public static let system = AuditActor(principal: nil, ip: nil)

    /// Records `action` by this actor on `db`, which is the transaction of the change it records.
    public func record(
        _ action: AuditAction, organizationID: UUID? = nil, objectType: String? = nil,
        objectID: UUID? = nil, details: String? = nil, on db: any Database
    ) async throws {
        try await Audit.record(
            action, by: principal, organizationID: organizationID, objectType: objectType,
            objectID: objectID, details: viaAPI ? Self.markedAPI(details) : details, ip: ip, on: db
        )
    }

    /// «… (API)», once, whether or not the service already wrote it.
    static func markedAPI(_ details: String?) -> String {
        guard let details, !details.isEmpty else { return "API" }
        return details.contains("API") ? details : details + " (API)"
    }
}

extension Request {
    /// The person making this request, for services that audit inside their transaction.
    public var auditActor: AuditActor {
        AuditActor(principal: principal, ip: clientAddress, viaAPI: url.path.hasPrefix("/api/"))
    }

    /// Records an action by the person making this request.
    public func audit(
        _ action: AuditAction, organizationID: UUID? = nil, objectType: String? = nil,
        objectID: UUID? = nil, details: String? = nil, on database: (any Database)? = nil
    ) async throws {
        try await Audit.record(
            action, by: principal, organizationID: organizationID, objectType: objectType,
            objectID: objectID, details: details, ip: clientAddress, on: database ?? db
        )
    }
}
