import Fluent
import Foundation

/// The end of a pair's cycle: each side's final answers and the decision that closes it.
extension PairWorkService {
    /// One side's final answers: a participant's own, or the curator's copy of a paper
    /// questionnaire for `side` (`mentor` or `mentee:<member id>`). Without `version` they are the
    /// first answers of that side; with it, an edit of the saved ones from that version.
    @discardableResult
    static func saveFinalAnswers(_ values: [String: String], side key: String?, version: Int?, in access: PairAccess, by actor: AuditActor,
                                 on db: any Database) async throws -> FinalAnswer {
        let (side, memberID) = try answerSide(access, key)
        let draft = try PairCompletion.parseAnswers(values).get()
        return try await db.transaction { tx in
            let answer = try await PairCompletion.saveAnswers(draft, in: access.pairing, side: side, memberID: memberID, version: version,
                                                              by: actor.name, on: tx)
            try await audit(.finalAnswersSaved, access, by: actor, objectType: "finalAnswer", objectID: answer.id,
                            details: version == nil ? nil : "Изменены", on: tx)
            return answer
        }
    }

    /// Whose final answers these are: the participant's own; the curator names the side.
    static func answerSide(_ access: PairAccess, _ value: String?) throws -> (BaseKind, UUID?) {
        if let own = access.ownSide { return own }
        if value == "mentor" { return (.mentor, nil) }
        guard let value, value.hasPrefix("mentee:"), let id = UUID(uuidString: String(value.dropFirst(7))),
              access.agreedMembers.contains(where: { $0.id == id }) else {
            throw AppError.validation(["answerSide": "Выберите, чьи это ответы."])
        }
        return (.mentee, id)
    }

    /// Closes the cycle (`decision`, `reason`, and for `continue` the new goal in the `next…`
    /// fields): the curator continues or finishes after the held final meeting; any side ends
    /// early with a reason. Two decisions at once: the second finds the pair closed.
    @discardableResult
    static func closePair(_ values: [String: String], in access: PairAccess, by actor: AuditActor, today: CalendarDay = .today(),
                          on db: any Database) async throws -> PairClosure {
        let decision = try PairCompletion.decision(values)
        return try await db.transaction { tx in
            let closure = try await PairCompletion.close(access.pairing, decision, role: access.role, by: actor.name,
                                                         userID: actor.principal?.userID, today: today, on: tx)
            try await audit(.pairClosed, access, by: actor, objectType: "pairing", objectID: closure.$pairing.id,
                            details: decision.decision.russianName, on: tx)
            return closure
        }
    }
}
