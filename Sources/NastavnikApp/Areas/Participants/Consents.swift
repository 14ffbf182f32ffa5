import Fluent
import Vapor

/// Recording and withdrawing consents (152-FZ), and what follows from them.
enum Consents {
    /// The version of the consent text printed by `ConsentForm`; a new wording gets a new version.
    static let currentTextVersion = "2026-1"

    struct Input {
        var purpose: ConsentPurpose
        var givenOn: Date
        var givenByName: String
        var byGuardian: Bool
        var guardianRelation: String?
        var textVersion: String = Consents.currentTextVersion
    }

    enum Problem: Error, AppErrorConvertible {
        case minorNeedsGuardian
        case alreadyGiven
        case subjectAnonymized

        var status: HTTPResponseStatus { .unprocessableEntity }
        var code: String { "consent" }
        var russianMessage: String {
            switch self {
            case .minorNeedsGuardian: "Наставляемый несовершеннолетний: согласие даёт законный представитель. Отметьте это и укажите его ФИО."
            case .alreadyGiven: "Такое согласие уже действует."
            case .subjectAnonymized: "Данные человека обезличены после отзыва согласия: новые согласия не принимаются, внесите человека в базу заново."
            }
        }
    }

    /// Records a consent and, for processing, marks the person as processable.
    static func record(_ input: Input, kind: BaseKind, subjectID: UUID, organizationID: UUID, isMinor: Bool,
                       anonymized: Bool, by principal: Principal, on db: any Database) async throws -> ConsentRecord {
        // Paper entered by staff, a representative in the app and a withdrawal take turns on the
        // person's row, so the check below and the insert see every other's result.
        try await lockSubject(kind: kind, id: subjectID, on: db)
        let anonymizedNow = try await isAnonymized(kind: kind, id: subjectID, on: db)
        if anonymized || anonymizedNow { throw Problem.subjectAnonymized }
        if isMinor && !input.byGuardian && input.purpose == .processing { throw Problem.minorNeedsGuardian }
        let active = try await ConsentRecord.query(on: db)
            .filter(\.$subjectKind == kind).filter(\.$subjectID == subjectID)
            .filter(\.$purpose == input.purpose).filter(\.$withdrawnAt == nil).count()
        if active > 0 { throw Problem.alreadyGiven }
        let record = ConsentRecord()
        record.organizationID = organizationID
        record.subjectKind = kind
        record.subjectID = subjectID
        record.purpose = input.purpose
        record.givenOn = input.givenOn
        record.textVersion = input.textVersion
        record.givenByName = input.givenByName
        record.givenByGuardian = input.byGuardian
        record.guardianRelation = input.guardianRelation
        record.recordedByID = principal.userID
        try await record.save(on: db)
        if input.purpose == .processing { try await setConsentState(.valid, kind: kind, subjectID: subjectID, on: db) }
        return record
    }

    /// A paper consent as staff enter it: on the card's form or through the API.
    struct PaperEntry: Sendable {
        var purpose: String?
        var givenOn: String?
        var givenByName: String?
        var byGuardian: Bool
        var guardianRelation: String?
    }

    /// Records a signed paper consent the curator enters, with its audit entry in the same
    /// transaction. Field errors name the form's fields; a minor's processing consent needs the
    /// legal representative (`Problem.minorNeedsGuardian`), as in the representative's own app.
    static func recordPaper(_ entry: PaperEntry, for subject: ConsentSubject, by actor: AuditActor, on db: any Database) async throws -> ConsentRecord {
        var errors: [String: String] = [:]
        let purpose = entry.purpose.flatMap(ConsentPurpose.init(rawValue:))
        if purpose == nil { errors["purpose"] = "Выберите, на что дано согласие." }
        let givenOn = FieldParsing.trimmedOrNil(entry.givenOn).flatMap(FieldParsing.date)
        if givenOn == nil || givenOn! > Date() { errors["givenOn"] = "Дата подписания — в виде ДД.ММ.ГГГГ, не позже сегодняшнего дня." }
        let givenBy = FieldParsing.trimmedOrNil(entry.givenByName) ?? (entry.byGuardian ? "" : subject.fullName)
        if givenBy.isEmpty { errors["givenByName"] = "Укажите ФИО законного представителя, подписавшего согласие." }
        guard errors.isEmpty, let purpose, let givenOn else { throw AppError.validation(errors) }
        guard let principal = actor.principal else { throw AppError.notSignedIn }
        return try await db.transaction { tx in
            let record = try await record(
                .init(purpose: purpose, givenOn: givenOn, givenByName: givenBy, byGuardian: entry.byGuardian,
                      guardianRelation: FieldParsing.trimmedOrNil(entry.guardianRelation)),
                kind: subject.kind, subjectID: subject.id, organizationID: subject.organizationID, isMinor: subject.isMinor,
                anonymized: subject.anonymized, by: principal, on: tx)
            try await actor.record(.consentGiven, organizationID: subject.organizationID, objectType: subject.kind.rawValue, objectID: subject.id,
                                   details: purpose.russianName, on: tx)
            return record
        }
    }

    /// A consent withdrawn, and what its withdrawal removed.
    struct Withdrawal: Sendable {
        let purpose: ConsentPurpose
        let removed: [String]
    }

    /// Staff withdraw a consent of a person of their organization (the card's button or the API),
    /// with the audit entry in the withdrawal's transaction. A consent withdrawn already (by a
    /// second tab, the representative, a parallel request) is `consentWithdrawnAlready`, and
    /// nothing is done or recorded twice.
    static func withdrawByStaff(consentID: UUID?, of subject: ConsentSubject, by actor: AuditActor, on db: any Database) async throws -> Withdrawal {
        guard let principal = actor.principal else { throw AppError.notSignedIn }
        guard let consentID, let record = try await ConsentRecord.query(on: db)
            .filter(\.$id == consentID).filter(\.$subjectKind == subject.kind).filter(\.$subjectID == subject.id)
            .filter(\.$organizationID == subject.organizationID).first() else { throw AppError.notFound }
        guard record.isActive else { throw ParticipantsError.consentWithdrawnAlready }
        let removed = try await db.transaction { tx -> [String]? in
            guard let removed = try await withdraw(record, by: principal, on: tx) else { return nil }
            try await actor.record(.consentWithdrawn, organizationID: subject.organizationID, objectType: subject.kind.rawValue, objectID: subject.id,
                                   details: WithdrawalReport.details(purpose: record.purpose, removed: removed), on: tx)
            return removed
        }
        guard let removed else { throw ParticipantsError.consentWithdrawnAlready }
        return Withdrawal(purpose: record.purpose, removed: removed)
    }

    static func lockSubject(kind: BaseKind, id: UUID, on db: any Database) async throws {
        try await RowLock.lock(kind == .mentee ? Mentee.schema : Mentor.schema, id: id, on: db)
    }

    private static func isAnonymized(kind: BaseKind, id: UUID, on db: any Database) async throws -> Bool {
        switch kind {
        case .mentee: try await Mentee.find(id, on: db)?.anonymizedAt != nil
        case .mentor: try await Mentor.find(id, on: db)?.anonymizedAt != nil
        }
    }

    /// Withdraws a consent. Withdrawing the processing consent ends the person's participation
    /// (`ConsentWithdrawal`) and anonymizes their personal data, keeping the row (form, requests,
    /// status, organization) so the statistics that counted them stay right. Returns what was
    /// removed, for the page, or nil when the consent was withdrawn already (by a second tab, the
    /// representative, a parallel request): then nothing was done and the caller writes no audit
    /// entry. Run it in one transaction with the audit entry.
    @discardableResult
    static func withdraw(_ given: ConsentRecord, by principal: Principal, on db: any Database) async throws -> [String]? {
        // Two withdrawals (the curator's and the representative's) or a withdrawal and a new paper
        // consent at once: the person's row orders them, and a consent already withdrawn stays so.
        try await lockSubject(kind: given.subjectKind, id: given.subjectID, on: db)
        guard let record = try await ConsentRecord.find(given.id, on: db), record.withdrawnAt == nil else { return nil }
        record.withdrawnAt = Date()
        record.withdrawnByID = principal.userID
        try await record.save(on: db)
        given.withdrawnAt = record.withdrawnAt
        given.withdrawnByID = record.withdrawnByID
        var removed: [String] = []
        var sides: [ConsentWithdrawal.Side] = []
        // A case that tells this person's story leaves the public pages at once.
        if record.purpose == .processing || record.purpose == .publicationCases {
            sides = try await ConsentWithdrawal.lockPairs(kind: record.subjectKind, subjectID: record.subjectID, on: db)
            let taken = try await CasePublication.takeDown(subjectKind: record.subjectKind, subjectID: record.subjectID,
                                                           reason: "Участник отозвал согласие на публикацию", on: db)
            if taken > 0 { removed.append("Кейсы с участием человека сняты с публикации (\(taken)).") }
        }
        guard record.purpose == .processing else { return removed }
        let organizationID = record.organizationID
        switch record.subjectKind {
        case .mentee:
            guard let mentee = try await Mentee.find(record.subjectID, on: db), mentee.anonymizedAt == nil else { return removed }
            var identity = try await ConsentWithdrawal.identity(lastName: mentee.lastName, firstName: mentee.firstName, middleName: mentee.middleName,
                                                                userID: mentee.$user.id, on: db)
            let account = mentee.$user.id
            removed += try await ConsentWithdrawal.endParticipation(menteeID: record.subjectID, by: principal, on: db)
            // Before the texts: an unlinked copy card would count as a live namesake there.
            let copies = try await anonymizeLongTermCopies(of: mentee, by: principal, on: db)
            removed += copies.lines
            // The person stays a mentor here, on the same account, with a consent of their own: their
            // name is not taken out of the organization's texts and their account stays open
            // (without the account, the kept card counts as another person bearing the name).
            if copies.accountKept { identity.userID = nil }
            removed += try await ConsentWithdrawal.removeTexts(of: identity, kind: .mentee, subjectID: record.subjectID, sides: sides, on: db)
            removed += try await ConsentWithdrawal.removePairWork(kind: .mentee, subjectID: record.subjectID, sides: sides, on: db)
            removed += try await ConsentWithdrawal.removeRecords(kind: .mentee, subjectID: record.subjectID, on: db)
            let files = try await ImportRetention.deletePending(naming: mentee.lastName, mentee.firstName, kind: .mentee, organizationID: organizationID, on: db)
            anonymize(mentee)
            mentee.status = .left
            mentee.consentState = .withdrawn
            try await mentee.save(on: db)
            removed.insert("В базе наставляемых: ФИО, дата рождения, телефон, эл. почта, законный представитель и его телефон, описание запроса.", at: 0)
            // A count, not the files' names: these lines go into the journal, which is kept, and a
            // file is often named after a class list or the person («Иванов А. анкета.xlsx»).
            if !files.isEmpty { removed.append("Неподтверждённые файлы импорта, где был человек: \(files.count).") }
            if let userID = identity.userID { removed += try await ConsentWithdrawal.closeAccount(userID: userID, organizationID: organizationID, on: db) }
            if copies.accountKept, let account {
                try await RoleAssignment.query(on: db).filter(\.$user.$id == account).filter(\.$organization.$id == organizationID)
                    .filter(\.$role == .mentee).delete()
                removed.append("Роль наставляемого снята; учётная запись осталась: ею пользуется карточка в базе наставников с отдельным согласием.")
            }
        case .mentor:
            guard let mentor = try await Mentor.find(record.subjectID, on: db), mentor.anonymizedAt == nil else { return removed }
            let identity = try await ConsentWithdrawal.identity(lastName: mentor.lastName, firstName: mentor.firstName, middleName: mentor.middleName,
                                                                userID: mentor.$user.id, on: db)
            removed += try await ConsentWithdrawal.endParticipation(mentorID: record.subjectID, by: principal, on: db)
            removed += try await ConsentWithdrawal.removeTexts(of: identity, kind: .mentor, subjectID: record.subjectID, sides: sides, on: db)
            removed += try await ConsentWithdrawal.removePairWork(kind: .mentor, subjectID: record.subjectID, sides: sides, on: db)
            removed += try await ConsentWithdrawal.removeRecords(kind: .mentor, subjectID: record.subjectID, on: db)
            let files = try await ImportRetention.deletePending(naming: mentor.lastName, mentor.firstName, kind: .mentor, organizationID: organizationID, on: db)
            anonymize(mentor)
            mentor.status = .left
            mentor.consentState = .withdrawn
            try await mentor.save(on: db)
            removed.insert("В базе наставников: ФИО, дата рождения, телефон, эл. почта, компетенции, опыт, интересы, время встреч, место работы и должность.", at: 0)
            // A count, not the files' names: these lines go into the journal, which is kept, and a
            // file is often named after a class list or the person («Иванов А. анкета.xlsx»).
            if !files.isEmpty { removed.append("Неподтверждённые файлы импорта, где был человек: \(files.count).") }
            if let userID = identity.userID { removed += try await ConsentWithdrawal.closeAccount(userID: userID, organizationID: organizationID, on: db) }
        }
        // The signer's name on the consent records is personal data too; the dates stay as proof.
        for other in try await ConsentRecord.query(on: db)
            .filter(\.$subjectKind == record.subjectKind).filter(\.$subjectID == record.subjectID).all() {
            other.givenByName = "обезличено"
            if other.withdrawnAt == nil { other.withdrawnAt = Date(); other.withdrawnByID = principal.userID }
            try await other.save(on: db)
        }
        removed.append("Имя подписавшего в согласиях; остальные согласия тоже отозваны.")
        return removed
    }

    /// What stays after the withdrawal, said on the card under the list of what was removed.
    /// Said when a withdrawal finds the consent withdrawn already (a double click, two people at once).
    static let alreadyWithdrawn = "Согласие уже отозвано."

    static let keptForStatistics = "Для статистики остались без имени: форма наставничества, запросы, возраст, статус «выбыл», пара в счёте завершённых, оценки анкет."

    static func anonymize(_ mentee: Mentee) {
        let label = "№ " + String((mentee.id?.uuidString ?? "").prefix(8))
        if let birthDate = mentee.birthDate, mentee.age == nil { mentee.age = FieldParsing.age(birthDate: birthDate) }
        mentee.lastName = "Обезличено"
        mentee.firstName = label
        mentee.middleName = nil
        mentee.birthDate = nil
        mentee.requestNote = nil
        mentee.guardianName = nil
        mentee.guardianPhone = nil
        mentee.phone = nil
        mentee.email = nil
        mentee.$user.id = nil
        mentee.searchKey = ""
        mentee.anonymizedAt = Date()
    }

    /// What became of the «бывший наставляемый» cards copied from a withdrawing mentee.
    struct LongTermCopies {
        var lines: [String] = []
        /// A kept copy uses the mentee's account: the account stays, only the mentee's role goes.
        var accountKept = false
    }

    /// The card «бывший наставляемый» that `PairCompletion.moveToLongTermBase` copied from this
    /// mentee holds only what the withdrawn consent covered until the mentor base's own consent is
    /// given: it is anonymized with the mentee. A copy with its own processing consent stays: the
    /// person agreed to the mentor base separately, and withdraws that consent on that card.
    /// The copy is found by its link to the mentee (M042); one copied before that link, by the
    /// name and birth date it was copied with, and only if not another account's.
    static func anonymizeLongTermCopies(of mentee: Mentee, by principal: Principal, on db: any Database) async throws -> LongTermCopies {
        let menteeID = try mentee.requireID()
        var legacy = PairCompletion.copiesBeforeTheLink(of: mentee, on: db).filter(\.$anonymizedAt == nil)
        legacy = mentee.birthDate.map { legacy.filter(\.$birthDate == $0) } ?? legacy.filter(\.$birthDate == nil)
        let linked = try await Mentor.query(on: db).filter(\.$sourceMenteeID == menteeID).filter(\.$anonymizedAt == nil).all(\.$id)
        let named = try await legacy.all().filter { $0.$user.id == nil || $0.$user.id == mentee.$user.id }.compactMap(\.id)
        var result = LongTermCopies()
        var anonymized = 0, kept = 0
        // Locked in one order, then read again: a consent recorded on the copy meanwhile is seen.
        for id in Set(linked + named).sorted() {
            try await lockSubject(kind: .mentor, id: id, on: db)
            guard let copy = try await Mentor.find(id, on: db), copy.anonymizedAt == nil else { continue }
            let ownConsent = try await ConsentRecord.query(on: db).filter(\.$subjectKind == .mentor).filter(\.$subjectID == id)
                .filter(\.$purpose == .processing).filter(\.$withdrawnAt == nil).count()
            if ownConsent > 0 {
                kept += 1
                if let account = mentee.$user.id, copy.$user.id == account { result.accountKept = true }
                continue
            }
            _ = try await ConsentWithdrawal.endParticipation(mentorID: id, by: principal, on: db)
            _ = try await ConsentWithdrawal.removeRecords(kind: .mentor, subjectID: id, on: db)
            anonymize(copy)
            copy.status = .left
            try await copy.save(on: db)
            anonymized += 1
        }
        if anonymized > 0 {
            result.lines.append("Карточка в долгосрочной базе наставников («бывший наставляемый»), созданная из этих данных без отдельного согласия, обезличена.")
        }
        if kept > 0 { result.lines.append("Карточка в базе наставников осталась: на неё дано отдельное согласие; его отзывают в ней.") }
        return result
    }

    static func anonymize(_ mentor: Mentor) {
        mentor.lastName = "Обезличено"
        mentor.firstName = "№ " + String((mentor.id?.uuidString ?? "").prefix(8))
        mentor.middleName = nil
        mentor.birthDate = nil
        mentor.competencies = nil
        mentor.lifeExperience = nil
        mentor.interests = nil
        mentor.meetingTimes = nil
        mentor.workplace = nil
        mentor.position = nil
        mentor.phone = nil
        mentor.email = nil
        mentor.$user.id = nil
        mentor.longTerm = false
        mentor.searchKey = ""
        mentor.anonymizedAt = Date()
    }

    private static func setConsentState(_ state: ConsentState, kind: BaseKind, subjectID: UUID, on db: any Database) async throws {
        switch kind {
        case .mentee:
            try await Mentee.query(on: db).filter(\.$id == subjectID).set(\.$consentState, to: state).update()
        case .mentor:
            try await Mentor.query(on: db).filter(\.$id == subjectID).set(\.$consentState, to: state).update()
        }
    }
}

/// A mentee or a mentor, as far as consents need to know: loaded by the id in the URL within the
/// organization, so another organization's person is not found.
struct ConsentSubject: Sendable {
    let kind: BaseKind
    let id: UUID
    let organizationID: UUID
    let fullName: String
    let birthDate: Date?
    let className: String?
    let isMinor: Bool
    let anonymized: Bool
    let mentee: Mentee?
    let mentor: Mentor?

    var path: String { SiteRoute.Bases.of(kind).show.path(organizationID, id) }

    static func load(_ kind: BaseKind, _ id: UUID?, organizationID: UUID, on db: any Database) async throws -> ConsentSubject {
        switch kind {
        case .mentee:
            let m = try await ParticipantBases.mentee(id, organizationID: organizationID, on: db)
            return ConsentSubject(kind: kind, id: try m.requireID(), organizationID: organizationID, fullName: m.fullName, birthDate: m.birthDate,
                                  className: m.className, isMinor: m.isMinor, anonymized: m.anonymizedAt != nil, mentee: m, mentor: nil)
        case .mentor:
            let m = try await ParticipantBases.mentor(id, organizationID: organizationID, on: db)
            return ConsentSubject(kind: kind, id: try m.requireID(), organizationID: organizationID, fullName: m.fullName, birthDate: m.birthDate,
                                  className: nil, isMinor: m.isMinor, anonymized: m.anonymizedAt != nil, mentee: nil, mentor: m)
        }
    }
}
