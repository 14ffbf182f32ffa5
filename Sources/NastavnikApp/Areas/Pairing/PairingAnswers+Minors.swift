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
        /// The mentor, on «Мои пары» (a pupil or student mentor may be a minor too).
        case mentor
        /// A legal representative linked to the child, on «Мои дети».
        case guardian(userID: UUID)
        /// The curator or the administration, from a paper or in person.
        case staff
    }

    static let paperAgreementNote = "со слов законного представителя / по бумажному согласию"
    static let minorWishNote = "наставляемый согласен сам; нужно согласие законного представителя"
    static let minorMentorWishNote = "наставник согласен сам; нужно согласие законного представителя"
    static let guardianAppNote = "законный представитель в личном кабинете"

    /// The answer and note to store for this side; `.pending` with the wish's note when a minor
    /// accepted alone. A representative answers only for the mentee's side of their own child.
    static func effectiveAnswer(_ answer: PairingAnswer, note: String?, side: Side, respondent: Respondent,
                                mentee: Mentee, mentor: Mentor, on db: any Database) async throws -> (PairingAnswer, String?) {
        // The same rule for either side: the one who answers for it is a minor or not.
        let minor = side == .mentee ? mentee.isMinor : mentor.isMinor
        switch respondent {
        case .guardian(let userID):
            let represents = side == .mentee ? try await GuardianLinks.represents(userID: userID, mentee: mentee, on: db)
                                             : try await GuardianLinks.represents(userID: userID, mentee: mentor, on: db)
            guard represents else { throw AppError.notFound }
            return (answer, guardianAppNote)
        case .mentee, .mentor:
            guard minor, answer == .accepted else { return (answer, note) }
            return (.pending, side == .mentee ? minorWishNote : minorMentorWishNote)
        case .staff:
            guard minor, answer == .accepted else { return (answer, note) }
            let own = note.flatMap { $0 == "отмечено куратором" ? nil : $0 }
            return (answer, own.map { "\(paperAgreementNote): \($0)" } ?? paperAgreementNote)
        }
    }
}
