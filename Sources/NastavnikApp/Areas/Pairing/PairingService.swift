import Fluent
import Foundation

/// The operations of pair formation (stage 5), one function each, shared by the pages
/// (`PairsController` and the controllers beside it, `MentorMatchController`, `MyPairsController`)
/// and the API (`PairsAPIController`), so the two cannot disagree. Each validates what was typed
/// or sent, then runs one transaction holding the rule (`PairingProposals`, `PairingAnswers`,
/// `MatchingRunner`, `MentorMatchSessions`), its audit entry, its notifications and the stored
/// indicator counts. Refusals are `PairingError` or `AppError.validation` with Russian messages.
enum PairingService {
    // MARK: Who is proposed

    /// A mentee of the program's organization, chosen on a form (`field`) or sent by the API.
    static func mentee(_ id: UUID?, organizationID: UUID, field: String = "mentee", on db: any Database) async throws -> Mentee {
        guard let id else { throw AppError.validation([field: "Выберите наставляемого."]) }
        guard let mentee = try await Mentee.query(on: db).filter(\.$id == id).filter(\.$organization.$id == organizationID).first() else {
            throw AppError.validation([field: "Такого наставляемого нет в базе организации."])
        }
        return mentee
    }

    /// A mentor of the organization or one a partner put forward to its programs.
    static func mentor(_ id: UUID?, organizationID: UUID, field: String = "mentor", on db: any Database) async throws -> Mentor {
        guard let id else { throw AppError.validation([field: "Выберите наставника."]) }
        guard let mentor = try await Mentor.query(on: db).filter(\.$id == id).filter(ProgramPartners.organizationMentorCondition(organizationID)).first() else {
            throw AppError.validation([field: "Такого наставника нет в базе организации."])
        }
        return mentor
    }

    // MARK: The curator's proposal after a meeting

    /// A pair proposed after a meeting, as typed on the page or sent to the API.
    struct ProposalInput: Sendable {
        var menteeID: UUID?
        var mentorID: UUID?
        var scheme: String
        var meetingOn: String
        var meetingNote: String
    }

    /// The schemes a curator proposes by hand; matching by questionnaires and Mentor Match have their own operations.
    static let meetingSchemes: [PairingScheme] = [.curatorProposal, .openDay, .personalMeeting]

    /// The curator proposes a mentor to a mentee after a meeting; the pair goes to both sides at once.
    static func propose(_ input: ProposalInput, program: Program, by actor: AuditActor, on db: any Database) async throws -> PairingMember {
        var errors: [String: String] = [:]
        let scheme = PairingScheme(rawValue: input.scheme).flatMap { meetingSchemes.contains($0) ? $0 : nil }
        if scheme == nil { errors["scheme"] = "Выберите, после какой встречи предлагается пара." }
        let dayText = input.meetingOn.trimmingCharacters(in: .whitespaces)
        let day = CalendarDay(iso: dayText)
        if day == nil { errors["meetingOn"] = "Укажите дату встречи." }
        let note = input.meetingNote.trimmingCharacters(in: .whitespacesAndNewlines)
        if scheme == .openDay && note.isEmpty { errors["meetingNote"] = "Запишите отзыв наставляемого о дне открытых дверей." }
        if note.count > 2000 { errors["meetingNote"] = "Не более 2000 знаков." }
        guard errors.isEmpty, let scheme else { throw AppError.validation(errors) }
        let organizationID = program.$organization.id
        let mentee = try await mentee(input.menteeID, organizationID: organizationID, on: db)
        let mentor = try await mentor(input.mentorID, organizationID: organizationID, on: db)
        return try await db.transaction { tx in
            // The proposal locks the mentee's and the mentor's rows first (`RowLock`).
            let member = try await PairingProposals.propose(mentee: mentee, mentor: mentor, program: program,
                                                            meeting: .init(scheme: scheme, heldOn: day, note: note),
                                                            actorName: actor.principal?.fullName ?? "", on: tx)
            try await actor.record(.pairingProposed, organizationID: organizationID, objectType: "pairing", objectID: member.$pairing.id,
                                   details: scheme.russianName, on: tx)
            return member
        }
    }

    // MARK: Answers

    /// The curator records a side's answer given on paper or in person. Returns the member as it
    /// stands after the answer and what became of the pair.
    static func answer(memberID: UUID, side: PairingAnswers.Side, answer: PairingAnswer, note: String?, program: Program,
                       by actor: AuditActor, on db: any Database) async throws -> (member: PairingMember, outcome: PairingAnswers.Outcome) {
        let note = FieldParsing.trimmedOrNil(note) ?? "отмечено куратором"
        // Read before the transaction: the answer locks the pair first (`RowLock`).
        let member = try await PairingProposals.member(memberID, programID: program.requireID(), on: db)
        let outcome = try await db.transaction { tx in
            let outcome = try await PairingAnswers.answer(member, side: side, answer: answer, note: note, on: tx)
            try await actor.record(.pairingAnswered, organizationID: program.$organization.id, objectType: "pairingMember", objectID: memberID,
                                   details: "\(side.rawValue): \(answer.russianName), \(note)", on: tx)
            return outcome
        }
        return (member, outcome)
    }

    /// What a participant's own answer led to, for the words of the page.
    struct OwnAnswer: Sendable {
        var outcome: PairingAnswers.Outcome
        /// The person needs a legal representative's agreement (a minor).
        var needsGuardian: Bool
    }

    /// The side of the pair the signed-in person answers for, with the member; anyone else's pair is not found.
    static func ownSide(memberID: UUID, by actor: AuditActor, on db: any Database) async throws -> (member: PairingMember, side: PairingAnswers.Side, needsGuardian: Bool) {
        guard let userID = actor.principal?.userID,
              let member = try await PairingMember.query(on: db).filter(\.$id == memberID).with(\.$pairing).with(\.$mentee).first() else {
            throw AppError.notFound
        }
        if member.mentee.$user.id == userID {
            return (member, .mentee, AgreementRule.whoMustAgree(for: member.mentee).needsGuardian)
        }
        if let mentor = try await Mentor.find(member.pairing.$mentor.id, on: db), mentor.$user.id == userID {
            return (member, .mentor, AgreementRule.whoMustAgree(for: mentor).needsGuardian)
        }
        throw AppError.notFound
    }

    /// A mentee or a mentor answers on «Мои пары», only for their own side. A minor's own «согласен»
    /// waits for the legal representative (`PairingAnswers+Minors`).
    static func answerOwn(memberID: UUID, answer: PairingAnswer, by actor: AuditActor, on db: any Database) async throws -> OwnAnswer {
        // Read before the transaction: the answer locks the pair first (`RowLock`).
        let (member, side, needsGuardian) = try await ownSide(memberID: memberID, by: actor, on: db)
        let outcome = try await db.transaction { tx in
            let outcome = try await PairingAnswers.answer(member, side: side, answer: answer, note: "ответ в личном кабинете",
                                                          by: side == .mentee ? .mentee : .mentor, on: tx)
            try await actor.record(.pairingAnswered, organizationID: member.pairing.organizationID, objectType: "pairingMember", objectID: memberID,
                                   details: "\(side.rawValue): \(answer.russianName), в личном кабинете", on: tx)
            return outcome
        }
        return OwnAnswer(outcome: outcome, needsGuardian: needsGuardian)
    }

    /// The pair's member whose side `side` the signed-in representative answers for: the child's
    /// (the mentee's side, or the mentor's when the child is the pair's minor mentor). Anyone else's pair is not found.
    static func representedSide(memberID: UUID, side: PairingAnswers.Side, by actor: AuditActor, on db: any Database) async throws -> PairingMember {
        guard let userID = actor.principal?.userID,
              let member = try await PairingMember.query(on: db).filter(\.$id == memberID).with(\.$pairing).with(\.$mentee).first() else {
            throw AppError.notFound
        }
        let represents = switch side {
        case .mentee: try await GuardianLinks.represents(userID: userID, mentee: member.mentee, on: db)
        case .mentor: try await Mentor.find(member.pairing.$mentor.id, on: db).asyncMap {
            try await GuardianLinks.represents(userID: userID, mentee: $0, on: db)
        } ?? false
        }
        guard represents else { throw AppError.notFound }
        return member
    }

    /// A linked legal representative answers for their child's side on «Мои дети». Returns the
    /// member as it stands after the answer (its notes say who still has to agree) and the outcome.
    static func answerAsGuardian(memberID: UUID, side: PairingAnswers.Side, answer: PairingAnswer, by actor: AuditActor,
                                 on db: any Database) async throws -> (member: PairingMember, outcome: PairingAnswers.Outcome) {
        // Read before the transaction: the answer locks the pair first (`RowLock`).
        let member = try await representedSide(memberID: memberID, side: side, by: actor, on: db)
        let userID = actor.principal?.userID ?? UUID()
        let outcome = try await db.transaction { tx in
            let outcome = try await PairingAnswers.answer(member, side: side, answer: answer, note: nil, by: .guardian(userID: userID), on: tx)
            try await actor.record(.pairingAnswered, organizationID: member.pairing.organizationID, objectType: "pairingMember", objectID: memberID,
                                   details: "\(side.rawValue): \(answer.russianName), \(PairingAnswers.guardianAppNote)", on: tx)
            return outcome
        }
        return (member, outcome)
    }

    // MARK: Support while the search goes on

    /// The curator's note on the support a mentee without a mentor gets meanwhile.
    static func saveSearchNote(menteeID: UUID, support given: String, program: Program, by actor: AuditActor, on db: any Database) async throws {
        let organizationID = program.$organization.id
        guard try await Mentee.query(on: db).filter(\.$id == menteeID).filter(\.$organization.$id == organizationID).first() != nil else {
            throw AppError.notFound
        }
        let support = given.trimmingCharacters(in: .whitespacesAndNewlines)
        guard support.count <= 2000 else { throw AppError.badRequest("Заметка длиннее 2000 знаков.") }
        let programID = try program.requireID()
        try await db.transaction { tx in
            let note = try await SearchNote.query(on: tx).filter(\.$programID == programID).filter(\.$mentee.$id == menteeID).first() ?? {
                let note = SearchNote()
                note.programID = programID
                note.$mentee.id = menteeID
                return note
            }()
            note.support = support
            note.writtenByName = actor.principal?.fullName ?? ""
            try await note.save(on: tx)
            try await actor.record(.searchNoteSaved, organizationID: organizationID, objectType: "mentee", objectID: menteeID, on: tx)
        }
    }

    // MARK: The order

    /// Records the signed order's number and date on the program's formed pairs no order fixed yet.
    /// Returns how many it fixed: 0 when none was left (another order was entered just now).
    static func fixByOrder(number: String, date: String, program: Program, by actor: AuditActor, on db: any Database) async throws -> (fixed: Int, order: OrderClaim.Order) {
        let order = try OrderClaim.Order(number: number, date: date)
        // Claimed once whatever arrives at once (issue 16 follow-up), as the incentives order is.
        let fixed = try await OrderClaim.claim(Pairing.schema, programID: program.requireID(), number: order.number, date: order.date,
                                               status: PairingStatus.formed.rawValue, stampsUpdate: true, on: db) { count, tx in
            try await actor.record(.pairingFixedByOrder, organizationID: program.$organization.id, objectType: "program", objectID: program.id,
                                   details: "приказ № \(order.number) от \(order.date.russian), пар и групп: \(count)", on: tx)
        }
        return (fixed, order)
    }
}
