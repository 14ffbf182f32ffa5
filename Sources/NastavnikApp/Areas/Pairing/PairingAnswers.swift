import Fluent
import Foundation

/// Each side's consent to a proposed pair. The pair forms only when both accept and, for a
/// minor, a guardian's processing consent is on file; a decline returns the mentee to the search.
enum PairingAnswers {
    enum Side: String, Codable, CaseIterable, Sendable {
        case mentee, mentor
    }

    /// What happened to the pair after this answer.
    enum Outcome: Equatable, Sendable {
        case waiting, formed, declined
    }

    /// Call it inside a transaction, before anything else is read there (`RowLock`).
    static func answer(_ given: PairingMember, side: Side, answer: PairingAnswer, note: String?, by respondent: Respondent = .staff,
                       on db: any Database) async throws -> Outcome {
        guard answer != .pending else { throw AppError.validation(["answer": "Выберите: согласен или отказывается."]) }
        // Both sides may answer at the same moment: the pair's row is locked and the member read
        // again, so the later answer sees the earlier one and forms the pair.
        try await RowLock.lock(Pairing.schema, id: given.$pairing.id, on: db)
        guard let member = try await PairingMember.query(on: db).filter(\.$id == given.requireID()).with(\.$pairing).first() else {
            throw AppError.notFound
        }
        defer {
            given.menteeAnswer = member.menteeAnswer
            given.mentorAnswer = member.mentorAnswer
            given.menteeAnswerNote = member.menteeAnswerNote
            given.mentorAnswerNote = member.mentorAnswerNote
        }
        let pairing = member.pairing
        guard pairing.status == .proposed || pairing.status == .formed else {
            throw pairing.status == .draft ? PairingError.proposalNotSent : PairingError.pairAlready(pairing.status)
        }
        guard !member.isDeclined, !member.isAgreed else { throw PairingError.bothAnswered }
        guard let mentee = try await Mentee.find(member.$mentee.id, on: db), let mentor = try await Mentor.find(pairing.$mentor.id, on: db) else {
            throw AppError.notFound
        }
        // A minor's own acceptance waits for the legal representative (PairingAnswers+Minors).
        let current = side == .mentee ? member.menteeAnswerNote : member.mentorAnswerNote
        let (answer, note) = try await effectiveAnswer(answer, note: note, side: side, respondent: respondent, current: current,
                                                       mentee: mentee, mentor: mentor, on: db)
        if answer == .pending {
            switch side {
            case .mentee where member.menteeAnswer == .pending: member.menteeAnswerNote = note; try await member.save(on: db)
            case .mentor where member.mentorAnswer == .pending: member.mentorAnswerNote = note; try await member.save(on: db)
            default: break
            }
            return .waiting
        }
        if answer == .accepted {
            // Consents are checked again: one may have been withdrawn since the proposal.
            let consents = try await PairingCandidates.consentsBySubject(ids: [mentee.requireID(), mentor.requireID()], on: db)
            let problems = PairingEligibility.problems(mentee: mentee, consents: consents[mentee.id!] ?? [])
                + PairingEligibility.problems(mentor: mentor, consents: consents[mentor.id!] ?? [])
            if !problems.isEmpty { throw PairingError.cannotForm(problems: problems) }
        }
        switch side {
        case .mentee:
            member.menteeAnswer = answer
            member.menteeAnswerNote = note
        case .mentor:
            member.mentorAnswer = answer
            member.mentorAnswerNote = note
        }
        member.answeredAt = Date()
        // A declined place is free again: the child may be proposed to someone else.
        member.holdsPlace = !member.isDeclined
        try await member.save(on: db)

        if member.isDeclined {
            if mentee.status == .candidate { mentee.status = .inBase; try await mentee.save(on: db) }
            let members = try await PairingMember.query(on: db).filter(\.$pairing.$id == pairing.requireID()).all()
            if members.allSatisfy(\.isDeclined) {
                pairing.status = .declined
                try await pairing.save(on: db)
            }
            return .declined
        }
        guard member.isAgreed else { return .waiting }
        mentee.status = .inPair
        try await mentee.save(on: db)
        if mentor.status != .active { mentor.status = .active; try await mentor.save(on: db) }
        if pairing.status != .formed {
            pairing.status = .formed
            pairing.formedAt = Date()
            try await pairing.save(on: db)
        }
        // A new pair, or one more mentee of a group: the indicators count them in this transaction.
        try await IndicatorCountsTable.refresh(pairings: [pairing.requireID()], on: db)
        return .formed
    }
}
