import Fluent
import Foundation

/// Who may be put into a pair in a program now: its mentees still without a place and its
/// selected mentors with free seats, each with a valid processing consent (a guardian's for a
/// minor, `PairingEligibility`). The mentees are asked of the database (`eligibleMentees`; the
/// pages count and page them there); the mentors, a program's few dozen, are read here, and those
/// who may not be paired are listed with the reasons.
struct PairingCandidates: Sendable {
    struct Excluded: Encodable, Sendable {
        let kind: BaseKind
        let id: UUID
        let name: String
        let problems: [String]
    }

    var mentees: [Mentee]
    var mentors: [Mentor]
    /// Free seats of each mentor: capacity less the mentees already proposed to or working with them.
    var seats: [UUID: Int]
    /// Selected mentors who may not be paired, and why (the mentees are asked of the database:
    /// `excludedMentees`).
    var excluded: [Excluded]

    /// Pairings that hold a place: not declined, not finished.
    static let holdingStatuses: [PairingStatus] = [.draft, .proposed, .formed]

    /// Everyone at once, for the matching and a «Mentor Match» session; the pages use `mentorSide`
    /// and the counted, paged mentee queries instead. The mentees come in one query with only the
    /// columns the matching reads (`MatchingProfiles`, `QuestionnaireProfiles`, the draft's form)
    /// and their names: reading another field of these cards is a programming error Fluent stops.
    static func load(program: Program, on db: any Database) async throws -> PairingCandidates {
        let mentees = try await eligibleMentees(program, on: db)
            .field(\.$id).field(\.$organization.$id).field(\.$user.$id).field(\.$lastName).field(\.$firstName).field(\.$middleName)
            .field(\.$form).field(\.$className).field(\.$age).field(\.$birthDate).field(\.$isMinor).field(\.$requestCodes)
            .all()
        var result = try await mentorSide(program: program, on: db)
        result.mentees = mentees
        return result
    }

    /// The program's selected mentors with free seats, and those who may not be paired.
    static func mentorSide(program: Program, on db: any Database) async throws -> PairingCandidates {
        let programID = try program.requireID()
        let selectedIDs = try await MentorSelection.query(on: db)
            .filter(\.$program.$id == programID).filter(\.$decision == .selected).all().map(\.$mentor.id)
        let mentors = selectedIDs.isEmpty ? [] : try await Mentor.query(on: db)
            .filter(\.$id ~~ selectedIDs).filter(try ProgramPartners.mentorCondition(program))
            .filter(\.$anonymizedAt == nil).filter(\.$status !~ [.left, .resting])
            .sort(\.$lastName).sort(\.$firstName).all()
        let taken = try await takenSeats(mentorIDs: mentors.map { $0.id! }, on: db)

        let consents = try await consentsBySubject(ids: mentors.map { $0.id! }, on: db)
        var result = PairingCandidates(mentees: [], mentors: [], seats: [:], excluded: [])
        for mentor in mentors {
            let problems = PairingEligibility.problems(mentor: mentor, consents: consents[mentor.id!] ?? [])
            let seats = mentor.capacity - (taken[mentor.id!] ?? 0)
            if !problems.isEmpty {
                result.excluded.append(.init(kind: .mentor, id: mentor.id!, name: mentor.fullName, problems: problems))
            } else if seats > 0 {
                result.mentors.append(mentor)
                result.seats[mentor.id!] = seats
            }
        }
        return result
    }

    /// Mentees with a place in one of the program's pairings that is not declined.
    static func placedMentees(programID: UUID, on db: any Database) async throws -> Set<UUID> {
        let pairingIDs = try await Pairing.query(on: db).filter(\.$program.$id == programID)
            .filter(\.$status ~~ holdingStatuses).all(\.$id)
        guard !pairingIDs.isEmpty else { return [] }
        let members = try await PairingMember.query(on: db).filter(\.$pairing.$id ~~ pairingIDs).all()
        return Set(members.filter { !$0.isDeclined }.map { $0.$mentee.id })
    }

    /// Seats each mentor already gives, over all programs.
    static func takenSeats(mentorIDs: [UUID], on db: any Database) async throws -> [UUID: Int] {
        guard !mentorIDs.isEmpty else { return [:] }
        let pairings = try await Pairing.query(on: db).filter(\.$mentor.$id ~~ mentorIDs)
            .filter(\.$status ~~ holdingStatuses).with(\.$members).all()
        var taken: [UUID: Int] = [:]
        for pairing in pairings {
            taken[pairing.$mentor.id, default: 0] += pairing.members.filter { !$0.isDeclined }.count
        }
        return taken
    }

    static func consentsBySubject(ids: [UUID], on db: any Database) async throws -> [UUID: [ConsentRecord]] {
        var result: [UUID: [ConsentRecord]] = [:]
        // Chunks keep the statement under SQLite's limit of bound values.
        for start in stride(from: 0, to: ids.count, by: 5_000) {
            let chunk = Array(ids[start..<min(start + 5_000, ids.count)])
            for record in try await ConsentRecord.query(on: db).filter(\.$subjectID ~~ chunk).all() {
                result[record.subjectID, default: []].append(record)
            }
        }
        return result
    }
}
