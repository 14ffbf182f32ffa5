import Foundation

/// The rhythm page's view model: every working pair of the program with its warnings, those
/// acknowledged with their notes.
extension RhythmController {
    struct RhythmRow: Encodable {
        let pairingID: UUID
        let mentorName: String
        let mentees: String
        let form: String
        let rhythm: PairRhythm
        let openConcerns: Int
        let asksIntervention: Bool
        /// The warnings with their acknowledgement forms, and those acknowledged with the note.
        let open: [PairRhythm.Warning]
        let acknowledged: [AcknowledgedWarning]
    }

    struct AcknowledgedWarning: Encodable {
        let text: String
        let note: String
        let by: String
        let on: String
    }

    struct Page: Encodable {
        let organizationID: UUID
        let programID: UUID
        let programName: String
        let rows: [RhythmRow]
        let warningCount: Int
        /// Pairs more than 14 days without a meeting, by the home page's query (`RhythmQueries.stalePairRows`).
        var staleCount = 0
    }
}
