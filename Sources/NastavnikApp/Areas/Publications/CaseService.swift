import Fluent
import Vapor

/// Why a practice case refuses an operation; the page's message and the API's error body say the same.
enum CaseError: Error, Equatable, AppErrorConvertible {
    case pairNotFinished
    /// Files come after the text of the case is saved.
    case notSaved
    /// Someone in the pair has no consent to the case library (their names, for the curator).
    case consentsMissing([String])
    /// Checked again when the administration publishes.
    case consentMissingAtPublication
    case notSubmittedForPublication
    case notSubmittedForReturn
    /// Told to the second of two decisions made at once (or a double click).
    case decidedMeanwhile
    /// One case per pair (the unique `pairing_id` of M016): another first save won the race.
    case savedMeanwhile
    case fileNotFound
    /// Someone of the pair withdrew the consent to the processing of their data: the withdrawal
    /// emptied the case, and it takes no new text or file about the pair.
    case consentWithdrawn
    /// The form was read at an older version of the case: another save, or a consent withdrawal
    /// that cleared the case's texts, came in between.
    case changedMeanwhile

    var status: HTTPResponseStatus {
        switch self {
        case .fileNotFound: .notFound
        default: .conflict
        }
    }

    var code: String {
        switch self {
        case .pairNotFinished: "case_pair_not_finished"
        case .notSaved: "case_not_saved"
        case .consentsMissing, .consentMissingAtPublication: "case_consent_missing"
        case .notSubmittedForPublication, .notSubmittedForReturn: "case_not_submitted"
        case .decidedMeanwhile: "case_decided_meanwhile"
        case .savedMeanwhile: "case_saved_meanwhile"
        case .fileNotFound: "not_found"
        case .consentWithdrawn: "consent_withdrawn"
        case .changedMeanwhile: "case_changed_meanwhile"
        }
    }

    var russianMessage: String {
        switch self {
        case .pairNotFinished: "Кейс готовится по завершённой паре."
        case .notSaved: "Сначала сохраните текст кейса, потом прикладывайте фотографии и материалы."
        case .consentsMissing(let names):
            "Нет согласия на публикацию в библиотеке практик: \(names.joined(separator: ", ")). Оформите согласие в карточке участника (для несовершеннолетнего — от законного представителя)."
        case .consentMissingAtPublication: "Нет согласия на публикацию у участника пары: кейс не опубликован."
        case .notSubmittedForPublication: "Опубликовать можно кейс, отправленный куратором на согласование."
        case .notSubmittedForReturn: "Вернуть на доработку можно кейс, отправленный куратором на согласование."
        case .decidedMeanwhile: "Решение по кейсу уже принято: его только что опубликовали или вернули на доработку. Обновите страницу."
        case .savedMeanwhile: "Кейс этой пары только что сохранён в другой вкладке или другим куратором. Обновите страницу и внесите правки в сохранённый кейс."
        case .fileNotFound: "Файл не найден."
        case .consentWithdrawn:
            "Участник пары отозвал согласие на обработку персональных данных: материалы пары удалены, кейс больше не изменяется и к нему ничего не прикладывается."
        case .changedMeanwhile:
            "Пока вы редактировали кейс, его изменил другой сотрудник (или тексты кейса были удалены по отзыву согласия участника). Ваши правки не сохранены: сверьте их с тем, что сохранено сейчас, и сохраните ещё раз, если ваш вариант верный."
        }
    }
}

/// Every change of a practice case, for its pages and its API alike: the curator's draft, its
/// submission, the administration's decision, the take-down and the case's files. Each
/// validates, runs in one transaction and writes its audit entry in that transaction.
enum CaseService {
    /// The text of a case as the curator types it.
    struct CaseInput: Sendable {
        var title: String
        var topic: String
        var story: String
        var goal: String
        var whatWasDone: String
        var results: String
        var materials: String
        /// The case's version the form was read at (`PracticeCase.version`); nil saves over
        /// whatever is stored, as API clients that send none did before.
        var version: Int? = nil
    }

    /// A photo or a material as the page's form and the API's multipart body send it.
    struct FileUpload: Content {
        var caption: String?
        var file: File?

        var upload: (name: String?, data: Data) { (file?.filename, file.map { Data(buffer: $0.data) } ?? Data()) }
    }

    /// A case comes from a finished pair.
    static func requireFinished(_ pairing: Pairing) throws {
        guard pairing.status == .finished else { throw CaseError.pairNotFinished }
    }

    /// The case of a pair, if it was saved.
    static func practice(of pairing: Pairing, on db: any Database) async throws -> PracticeCase? {
        try await PracticeCase.query(on: db).filter(\.$pairingID == pairing.requireID()).first()
    }

    /// A case of the organization, or 404 (another organization's case is not found either).
    static func practice(_ id: UUID?, of organizationID: UUID, on db: any Database) async throws -> PracticeCase {
        guard let id, let practice = try await PracticeCase.query(on: db).filter(\.$id == id).filter(\.$organizationID == organizationID).first() else {
            throw AppError.notFound
        }
        return practice
    }

    /// A file of the case with its bytes, for the curator and the administration.
    static func file(_ id: UUID?, of practice: PracticeCase, on db: any Database) async throws -> CaseFile {
        guard let id, let file = try await CaseFile.query(on: db).filter(\.$id == id).filter(\.$practiceCase.$id == practice.requireID()).first() else {
            throw CaseError.fileNotFound
        }
        return file
    }

    /// Saves the draft of a finished pair's case; a waiting or published case goes back to draft,
    /// since any change needs the administration's approval again.
    static func save(_ input: CaseInput, for pairing: Pairing, by actor: AuditActor, on db: any Database) async throws -> PracticeCase {
        try requireFinished(pairing)
        var errors: [String: String] = [:]
        func text(_ key: String, _ value: String, required: String?, limit: Int = 6000) -> String {
            let value = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if value.isEmpty, let required { errors[key] = required } else if value.count > limit { errors[key] = "Не более \(limit) знаков." }
            return value
        }
        let title = text("title", input.title, required: "Назовите кейс.", limit: 200)
        let topic = CaseTopic(rawValue: input.topic)
        if topic == nil { errors["topic"] = "Выберите тему." }
        let story = text("story", input.story, required: "Расскажите историю пары.")
        let goal = text("goal", input.goal, required: "Какой была цель?")
        let done = text("whatWasDone", input.whatWasDone, required: "Что было сделано?")
        let results = text("results", input.results, required: "Каких результатов достигли?")
        let materials = text("materials", input.materials, required: nil, limit: 2000)
        if materials.split(whereSeparator: \.isNewline).contains(where: { !($0.hasPrefix("https://") || $0.hasPrefix("http://")) }) {
            errors["materials"] = "Каждая строка — ссылка, начинающаяся с https://."
        }
        guard errors.isEmpty, let topic else { throw AppError.validation(errors) }
        let organization = try await Organization.find(pairing.organizationID, on: db)
        do {
            return try await saveDraft(of: pairing, organization: organization, by: actor, version: input.version, on: db) { practice in
                practice.topic = topic
                practice.title = title
                practice.story = story
                practice.goal = goal
                practice.whatWasDone = done
                practice.results = results
                practice.materials = materials
            }
        } catch where RowLock.isUniqueViolation(error) {
            // The unique pairing_id keeps one case per pair, whatever got past the pair's lock.
            throw CaseError.savedMeanwhile
        }
    }

    private static func saveDraft(of pairing: Pairing, organization: Organization?, by actor: AuditActor, version expected: Int?, on db: any Database,
                                  fill: @escaping @Sendable (PracticeCase) -> Void) async throws -> PracticeCase {
        try await db.transaction { tx in
            // One case per pair: two first saves at once take turns on the pair's row, the second finds the first's case.
            // The same row a consent withdrawal locks before it clears the case: a save either
            // lands before the withdrawal (which then clears it) or sees the withdrawal here.
            try await RowLock.lock(Pairing.schema, id: pairing.requireID(), on: tx)
            // As `attach`: any member of the pair withdrawn refuses, a group pair's other members
            // included. The withdrawal cleared the whole case, not the one child's lines, and a
            // new text about the pair's work would tell that child's story again.
            try await requireNobodyWithdrew(pairing, on: tx)
            var existing = try await practice(of: pairing, on: tx)
            if let found = existing {
                // Raised only if still at the version the form was read at: a stale form (a second
                // tab, a colleague, a withdrawal that cleared the texts) changes nothing.
                guard try await CardVersion.bump(PracticeCase.schema, id: found.requireID(), expected: expected, on: tx) else {
                    throw CaseError.changedMeanwhile
                }
                existing = try await PracticeCase.find(found.requireID(), on: tx)
            } else if let expected, expected != 0 {
                // The form showed a saved case that is no longer there.
                throw CaseError.changedMeanwhile
            }
            let practice = existing ?? PracticeCase()
            if existing == nil { practice.version = 1 }
            practice.organizationID = pairing.organizationID
            practice.municipalityID = organization?.$municipality.id ?? UUID()
            practice.regionID = organization?.regionID ?? UUID()
            practice.programID = pairing.$program.id
            practice.pairingID = try pairing.requireID()
            practice.form = pairing.form
            fill(practice)
            if existing == nil || practice.status == .published || practice.status == .submitted { practice.status = .draft }
            practice.statusNote = existing?.statusNote ?? ""
            practice.writtenByName = actor.principal?.fullName ?? ""
            practice.updateSearchKey()
            try await practice.save(on: tx)
            try await actor.record(.caseSaved, organizationID: practice.organizationID, objectType: "case", objectID: practice.id, on: tx)
            return practice
        }
    }

    /// Sends the case to the administration, only with every participant's consent to publication.
    static func submit(_ pairing: Pairing, by actor: AuditActor, on db: any Database) async throws -> PracticeCase {
        try requireFinished(pairing)
        guard let practice = try await practice(of: pairing, on: db) else { throw AppError.notFound }
        try await db.transaction { tx in
            // Checked in the transaction that sends the case: a consent withdrawn at this moment
            // either is seen here or finds the case sent and takes it down.
            try await CasePublication.holdConsents(of: pairing, on: tx)
            let missing = try await CasePublication.participants(of: pairing, on: tx).filter { !$0.consented }
            guard missing.isEmpty else { throw CaseError.consentsMissing(missing.map(\.name)) }
            practice.status = .submitted
            practice.statusNote = ""
            try await practice.save(on: tx)
            try await Notifications.caseSubmitted(practice, on: tx)
            try await actor.record(.caseSubmitted, organizationID: practice.organizationID, objectType: "case", objectID: practice.id, on: tx)
        }
        return practice
    }

    /// The administration publishes a waiting case; consents are checked again.
    static func publish(_ practice: PracticeCase, by actor: AuditActor, on db: any Database) async throws {
        guard practice.status == .submitted, let pairing = try await Pairing.find(practice.pairingID, on: db) else {
            throw CaseError.notSubmittedForPublication
        }
        let title = practice.title
        let published = try await CaseDecision.decide(caseID: practice.requireID(), .published, on: db, first: { tx in
            // Before the claim and in its transaction, as `submit` does.
            try await CasePublication.holdConsents(of: pairing, on: tx)
            let missing = try await CasePublication.participants(of: pairing, on: tx).filter { !$0.consented }
            guard missing.isEmpty else { throw CaseError.consentMissingAtPublication }
        }) { tx in
            try await actor.record(.casePublished, organizationID: practice.organizationID, objectType: "case", objectID: practice.id, details: title, on: tx)
        }
        guard published else { throw CaseError.decidedMeanwhile }
    }

    /// The administration sends a waiting case back to the curator with what to fix; the comment
    /// stays on the case until it is sent again.
    static func returnForRevision(_ practice: PracticeCase, comment: String, by actor: AuditActor, on db: any Database) async throws {
        guard practice.status == .submitted else { throw CaseError.notSubmittedForReturn }
        let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !comment.isEmpty else { throw AppError.validation(["comment": "Напишите, что исправить в кейсе: комментарий увидит куратор."]) }
        guard comment.count <= 2000 else { throw AppError.validation(["comment": "Комментарий длиннее 2000 знаков: сократите его."]) }
        let note = "Возвращён на доработку \(RussianDate.dateTime(Date())), \(actor.principal?.fullName ?? "администрация"): \(comment)"
        let title = practice.title
        let returned = try await CaseDecision.decide(caseID: practice.requireID(), .returned(note: note), on: db) { tx in
            try await actor.record(.caseReturned, organizationID: practice.organizationID, objectType: "case", objectID: practice.id, details: title, on: tx)
        }
        guard returned else { throw CaseError.decidedMeanwhile }
    }

    /// The administration or the curator takes the case off the library.
    static func takeDown(_ practice: PracticeCase, by actor: AuditActor, on db: any Database) async throws {
        try await db.transaction { tx in
            practice.status = .takenDown
            practice.statusNote = "Снят: \(actor.principal?.fullName ?? "")"
            try await practice.save(on: tx)
            try await actor.record(.caseTakenDown, organizationID: practice.organizationID, objectType: "case", objectID: practice.id, on: tx)
        }
    }

    /// A change of a published or waiting case needs the administration's approval again.
    private static func backToDraft(_ practice: PracticeCase, on db: any Database) async throws {
        guard practice.status == .published || practice.status == .submitted else { return }
        practice.status = .draft
        try await practice.save(on: db)
    }

    /// Attaches a photo or a material to the saved case of a pair (`CaseFiles.attach`
    /// checks the photo consents and the count).
    static func attach(_ upload: (name: String?, data: Data), caption: String, to pairing: Pairing, by actor: AuditActor,
                       on db: any Database) async throws -> CaseFile {
        guard let practice = try await practice(of: pairing, on: db) else { throw CaseError.notSaved }
        guard !upload.data.isEmpty else { throw AppError.validation(["file": "Выберите файл: фотографию (jpg, png) или материал (pdf, docx, pptx, xlsx, odt)."]) }
        let file: AttachedFile
        switch AttachedFile.check(name: upload.name, data: upload.data) {
        case .success(let checked): file = checked
        case .failure(let rejection): throw AppError.validation(["file": rejection.message])
        }
        return try await db.transaction { tx in
            // The pair's row first, as a consent withdrawal takes it before removing the case's
            // files: a file is attached wholly before the removal or after it, with the consents
            // read after the lock.
            try await RowLock.lock(Pairing.schema, id: pairing.requireID(), on: tx)
            try await requireNobodyWithdrew(pairing, on: tx)
            let participants = try await CasePublication.participants(of: pairing, on: tx)
            let stored = try await CaseFiles.attach(file, caption: caption, to: practice, participants: participants, on: tx)
            try await backToDraft(practice, on: tx)
            try await actor.record(.caseSaved, organizationID: practice.organizationID, objectType: "caseFile", objectID: stored.id, details: stored.fileName, on: tx)
            return stored
        }
    }

    /// Refuses a file for a pair whose mentor or a mentee withdrew the processing consent (the
    /// card anonymized). Read after the pair's row lock, which the withdrawal takes before it
    /// removes the case's files and anonymizes the card in the same transaction: it either came
    /// first and is seen here, or waits and removes what this attached. No person's row lock
    /// here: the withdrawal takes the person's first and the pair's next, so the reverse would deadlock.
    static func requireNobodyWithdrew(_ pairing: Pairing, on db: any Database) async throws {
        let menteeIDs = try await PairingMember.query(on: db).filter(\.$pairing.$id == pairing.requireID()).all().map(\.$mentee.id)
        let mentor = try await Mentor.query(on: db).filter(\.$id == pairing.$mentor.id).filter(\.$anonymizedAt != nil).count()
        let mentees = menteeIDs.isEmpty ? 0 : try await Mentee.query(on: db).filter(\.$id ~~ menteeIDs).filter(\.$anonymizedAt != nil).count()
        guard mentor + mentees == 0 else { throw CaseError.consentWithdrawn }
    }

    /// Removes a file of the case; the case goes back to draft if it was waiting or published.
    static func deleteFile(_ fileID: UUID?, of pairing: Pairing, by actor: AuditActor, on db: any Database) async throws {
        guard let practice = try await practice(of: pairing, on: db) else { throw CaseError.notSaved }
        guard let fileID, let file = try await CaseFile.query(on: db).filter(\.$id == fileID).filter(\.$practiceCase.$id == practice.requireID())
            .field(\.$id).field(\.$fileName).first() else { throw CaseError.fileNotFound }
        try await db.transaction { tx in
            try await CaseFile.query(on: tx).filter(\.$id == fileID).delete()
            try await backToDraft(practice, on: tx)
            try await actor.record(.caseSaved, organizationID: practice.organizationID, objectType: "caseFile", objectID: fileID,
                                   details: "Удалён файл: \(file.fileName)", on: tx)
        }
    }
}
