import Fluent
import Foundation

/// A minor does not agree to a pair alone (issue 16): the child's own «согласен» is recorded as
/// a wish, and the mentee's side is agreed only by a linked legal representative in the app, or
/// by the curator recording the representative's signed paper or words.
extension PairingAnswers {
    /// Who gives the mentee's side's answer.
    enum Respondent: Sendable, Equatable {
        /// The mentee, on «Мои пары».
        case mentee
        /// A legal representative linked to the child, on «Мои дети».
        case guardian(userID: UUID)
        /// The curator or the administration, from a paper or in person.
        case staff
    }

    static let paperAgreementNote = "со слов законного представителя / по бумажному согласию"
    static let minorWishNote = "наставляемый согласен сам; нужно согласие законного представителя"
    static let guardianAppNote = "законный представитель в личном кабинете"

    /// The answer and note to store for this side; `.pending` with the wish's note when a minor
    /// accepted alone. A representative answers only for the mentee's side of their own child.
    static func effectiveAnswer(_ answer: PairingAnswer, note: String?, side: Side, respondent: Respondent,
                                mentee: Mentee, on db: any Database) async throws -> (PairingAnswer, String?) {
        switch respondent {
        case .guardian(let userID):
            guard side == .mentee, try await GuardianLinks.represents(userID: userID, mentee: mentee, on: db) else { throw AppError.notFound }
            return (answer, guardianAppNote)
        case .mentee:
            guard side == .mentee, mentee.isMinor, answer == .accepted else { return (answer, note) }
            return (.pending, minorWishNote)
        case .staff:
            guard side == .mentee, mentee.isMinor, answer == .accepted else { return (answer, note) }
            let own = note.flatMap { $0 == "отмечено куратором" ? nil : $0 }
            return (answer, own.map { "\(paperAgreementNote): \($0)" } ?? paperAgreementNote)
        }
    }
}
