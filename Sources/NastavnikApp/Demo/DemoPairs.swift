import Fluent
import Foundation
import MentorMatching

/// The demo school's program at stage 5: the curator ran the matching over the selected mentors,
/// sent the proposal, and the first pair has both sides' consent, so «Пары и группы», «Мои пары»
/// and the home page all have something to show.
enum DemoPairs {
    static func create(curatorName: String, on db: any Database) async throws {
        guard let program = try await Program.query(on: db).filter(\.$name == "Учитель – учитель").first(),
              try await MentorSelection.query(on: db).filter(\.$program.$id == program.requireID()).filter(\.$decision == .selected).count() > 0 else {
            return
        }
        let weights = ScoringWeights.standard.with(.form, weight: 8, required: true)
        let run = try await MatchingRunner.run(program: program, settings: .init(weights: weights, objective: .maxMatchedThenScore, previousPairs: .avoid),
                                               actorName: curatorName, on: db)
        guard run.matchedCount > 0 else { return }
        try await PairingProposals.send(programID: program.requireID(), on: db)
        guard let first = try await PairingMember.query(on: db).filter(\.$programID == program.requireID()).with(\.$pairing).first() else { return }
        for side in [PairingAnswers.Side.mentor, .mentee] {
            _ = try await PairingAnswers.answer(first, side: side, answer: .accepted, note: "после личной встречи", on: db)
        }
        try await DemoPairWork.create(pairingID: first.$pairing.id, on: db)
    }
}
