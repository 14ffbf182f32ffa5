import Fluent
import Foundation

/// A minor does not agree to a pair alone (issue 16): the child's own «согласен» is recorded as
/// a wish, and the mentee's side is agreed only by a linked legal representative in the app, or
/// by the curator recording the representative's signed paper or words. From 14 the child's own
/// agreement is needed as well (`AgreementRule`), whoever records it.
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
    /// 14–17: the representative agreed first, the child has not yet.
    static let guardianWaitsForMenteeNote = "законный представитель согласен; нужно согласие самого наставляемого"
    static let guardianWaitsForMentorNote = "законный представитель согласен; нужно согласие самого наставника"
    /// 14–17: the child agreed after the representative.
    static let bothAgreedNote = "согласны и законный представитель (в личном кабинете), и сам участник"

    static func wishNote(_ side: Side) -> String { side == .mentee ? minorWishNote : minorMentorWishNote }
    static func guardianWaitsNote(_ side: Side) -> String { side == .mentee ? guardianWaitsForMenteeNote : guardianWaitsForMentorNote }

    /// Who must agree for this side of the pair (`AgreementRule`, the one rule).
    static func parties(side: Side, mentee: Mentee, mentor: Mentor) -> AgreementRule.Parties {
        side == .mentee ? AgreementRule.whoMustAgree(for: mentee) : AgreementRule.whoMustAgree(for: mentor)
    }

    /// The answer and note to store for this side, given the side's note so far (`current`):
    /// `.pending` with a note saying who has agreed while someone `AgreementRule` requires has not.
    /// A representative answers only for their own child's side.
    static func effectiveAnswer(_ answer: PairingAnswer, note: String?, side: Side, respondent: Respondent, current: String? = nil,
                                mentee: Mentee, mentor: Mentor, on db: any Database) async throws -> (PairingAnswer, String?) {
        let parties = parties(side: side, mentee: mentee, mentor: mentor)
        switch respondent {
        case .guardian(let userID):
            let represents = side == .mentee ? try await GuardianLinks.represents(userID: userID, mentee: mentee, on: db)
                                             : try await GuardianLinks.represents(userID: userID, mentee: mentor, on: db)
            // An adult answers alone, whatever links remain from their childhood.
            guard represents, parties.needsGuardian else { throw AppError.notFound }
            // For 14–17 the child's own «согласен» is needed as well, before or after.
            if answer == .accepted, parties.needsPerson, current != wishNote(side) { return (.pending, guardianWaitsNote(side)) }
            return (answer, guardianAppNote)
        case .mentee, .mentor:
            guard parties.needsGuardian, answer == .accepted else { return (answer, note) }
            if parties == .guardianAndPerson, current == guardianWaitsNote(side) { return (.accepted, bothAgreedNote) }
            return (.pending, wishNote(side))
        case .staff:
            guard parties.needsGuardian, answer == .accepted else { return (answer, note) }
            let own = note.flatMap { $0 == "отмечено куратором" ? nil : $0 }
            // For 14–17 one entry stands for the representative; the child's own agreement is the
            // other — given on their page before (the wish), or by the representative in the app
            // and then recorded by the curator, or recorded by the curator a second time.
            if parties == .guardianAndPerson, current != wishNote(side), current != guardianWaitsNote(side) {
                return (.pending, guardianWaitsNote(side))
            }
            return (answer, own.map { "\(paperAgreementNote): \($0)" } ?? paperAgreementNote)
        }
    }
}
