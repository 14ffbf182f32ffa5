import Foundation

/// The Mentor Match pages' content: the new meeting's form (`pairing/mentor_match_new`) and the
/// session's timetable and wishes (`pairing/mentor_match`).
extension MentorMatchController {
    struct PersonOption: Encodable {
        let id: UUID
        let name: String
        let detail: String
        let checked: Bool
    }

    struct NewPage: Encodable {
        let organizationID: UUID
        let programID: UUID
        let mentors: [PersonOption]
        let mentees: [PersonOption]
        /// The search among the mentees without a mentor: a big school has thousands, a meeting a few dozen.
        var candidates = CandidateListView()
    }

    struct MeetingCell: Encodable {
        let mentor: String
        let mentee: String
    }

    struct RoundRow: Encodable {
        let number: Int
        let time: String
        let meetings: [MeetingCell]
        let resting: String
    }

    struct WishRow: Encodable {
        let kind: String
        let id: UUID
        let name: String
        let choices: [[SelectOption]]
    }

    struct PairRow: Encodable {
        let mentee: String
        let mentor: String
    }

    struct ShowPage: Encodable {
        let organizationID: UUID
        let programID: UUID
        let sessionID: UUID
        let heldOn: String
        let startsAt: String
        let place: String
        let slotMinutes: Int
        let roundCount: Int
        let totalMinutes: Int
        let rounds: [RoundRow]
        let droppedCount: Int
        let menteeWishes: [WishRow]
        let mentorWishes: [WishRow]
        let wishCount: Int
        let coinciding: [PairRow]
        let pairsFormed: Bool
    }

    static func minutes(_ time: String) -> Int {
        let parts = time.split(separator: ":").compactMap { Int($0) }
        return parts.count == 2 ? parts[0] * 60 + parts[1] : 0
    }

    static func clock(_ minutes: Int) -> String {
        String(format: "%02d:%02d", (minutes / 60) % 24, minutes % 60)
    }
}
