import Fluent
import Foundation
import MentorMatching

/// Scheme 2, «Mentor Match» (seed 000): a group meeting of speed meetings, the timetable of
/// rounds, the wishes each side gives afterwards, and the pairs where wishes meet.
enum MentorMatchSessions {
    struct Draft: Sendable {
        var heldOn: CalendarDay
        var startsAt: String
        var place: String
        var slotMinutes: Int
        var sessionMinutes: Int?
        var mentorIDs: [UUID]
        var menteeIDs: [UUID]
    }

    static func validate(heldOn: String, startsAt: String, place: String, slotMinutes: String, sessionMinutes: String,
                         mentorIDs: [UUID], menteeIDs: [UUID]) -> Result<Draft, AppError> {
        var errors: [String: String] = [:]
        let day = CalendarDay(iso: heldOn)
        if day == nil { errors["heldOn"] = "Укажите дату встречи." }
        let time = startsAt.trimmingCharacters(in: .whitespaces)
        if time.range(of: #"^([01]?\d|2[0-3]):[0-5]\d$"#, options: .regularExpression) == nil { errors["startsAt"] = "Время начала — ЧЧ:ММ, например 15:30." }
        let slot = Int(slotMinutes.trimmingCharacters(in: .whitespaces))
        if slot == nil || !(5...10).contains(slot!) { errors["slotMinutes"] = "Одна встреча длится от 5 до 10 минут." }
        let trimmedSession = sessionMinutes.trimmingCharacters(in: .whitespaces)
        let session = trimmedSession.isEmpty ? nil : Int(trimmedSession)
        if !trimmedSession.isEmpty && (session == nil || session! < (slot ?? 5)) {
            errors["sessionMinutes"] = "Длительность всей встречи — целое число минут, не меньше одной встречи."
        }
        if mentorIDs.isEmpty { errors["mentors"] = "Отметьте наставников, которые придут на встречу." }
        if menteeIDs.isEmpty { errors["mentees"] = "Отметьте наставляемых, которые придут на встречу." }
        guard errors.isEmpty, let day, let slot else { return .failure(.validation(errors)) }
        return .success(Draft(heldOn: day, startsAt: time, place: place.trimmingCharacters(in: .whitespacesAndNewlines),
                              slotMinutes: slot, sessionMinutes: session, mentorIDs: mentorIDs, menteeIDs: menteeIDs))
    }

    /// Creates the session for people who are the program's candidates now.
    static func create(_ draft: Draft, program: Program, on db: any Database) async throws -> MentorMatchSession {
        let candidates = try await PairingCandidates.load(program: program, on: db)
        let mentorSet = Set(candidates.mentors.map { $0.id! }), menteeSet = Set(candidates.mentees.map { $0.id! })
        guard draft.mentorIDs.allSatisfy(mentorSet.contains), draft.menteeIDs.allSatisfy(menteeSet.contains) else {
            throw AppError.validation(["mentees": "Среди отмеченных есть люди, которых сейчас нельзя включить в пару (нет согласия, уже в паре или не отобраны)."])
        }
        let session = MentorMatchSession()
        session.$program.id = try program.requireID()
        session.heldOn = draft.heldOn.iso
        session.startsAt = draft.startsAt
        session.place = draft.place
        session.slotMinutes = draft.slotMinutes
        session.sessionMinutes = draft.sessionMinutes
        session.mentorIDs = draft.mentorIDs.map(\.uuidString).joined(separator: ",")
        session.menteeIDs = draft.menteeIDs.map(\.uuidString).joined(separator: ",")
        try await session.create(on: db)
        return session
    }

    /// A session of the program; 404 for anything else, even an id edited into the URL.
    static func find(_ id: UUID?, program: Program, on db: any Database) async throws -> MentorMatchSession {
        guard let id, let session = try await MentorMatchSession.query(on: db).filter(\.$id == id)
            .filter(\.$program.$id == program.requireID()).first() else {
            throw AppError.notFound
        }
        return session
    }

    /// The session's people, in the session's order; people who have since left are skipped.
    static func people(_ session: MentorMatchSession, on db: any Database) async throws -> (mentors: [Mentor], mentees: [Mentee]) {
        let mentors = Dictionary(uniqueKeysWithValues: try await Mentor.query(on: db).filter(\.$id ~~ session.mentors).all().map { ($0.id!, $0) })
        let mentees = Dictionary(uniqueKeysWithValues: try await Mentee.query(on: db).filter(\.$id ~~ session.mentees).all().map { ($0.id!, $0) })
        return (session.mentors.compactMap { mentors[$0] }.filter { $0.anonymizedAt == nil },
                session.mentees.compactMap { mentees[$0] }.filter { $0.anonymizedAt == nil })
    }

    /// Rounds in which every mentee meets every mentor once, nobody in two places at once, in the
    /// fewest rounds; with a session limit, the best-scored meetings are kept.
    static func timetable(_ session: MentorMatchSession, program: Program, on db: any Database) async throws -> SpeedMeetingTimetable {
        let (mentors, mentees) = try await people(session, on: db)
        // The same profiles as a run: the bases, the latest answers, requests by meaning.
        let inputs = try await MatchingProfiles.load(mentees: mentees, mentors: mentors, organizationID: program.$organization.id, on: db)
        let mentorProfiles = inputs.mentors.map(\.profile)
        let menteeProfiles = inputs.mentees.map(\.profile)
        // Every pair meets; scores only decide which meetings a short session keeps.
        let weights = try await PairingProposals.lastWeights(programID: program.requireID(), on: db)
        let scored = Dictionary(uniqueKeysWithValues: Compatibility.allowedScores(mentors: mentorProfiles, mentees: menteeProfiles, weights: weights,
                                                                                  terms: inputs.terms)
            .map { (IndexPair(mentee: $0.mentee, mentor: $0.mentor), $0.score) })
        var edges: [MatchingInstance.Edge] = []
        for (i, mentee) in menteeProfiles.enumerated() {
            for (j, mentor) in mentorProfiles.enumerated() {
                edges.append(.init(mentee: mentee.id, mentor: mentor.id, score: scored[IndexPair(mentee: i, mentor: j)] ?? 0))
            }
        }
        let instance = MatchingInstance(mentors: mentorProfiles.map { .init(id: $0.id, capacity: max($0.capacity, 1)) },
                                        mentees: menteeProfiles.map { .init(id: $0.id) }, edges: edges)
        do {
            return try instance.validated().timetable(slotMinutes: session.slotMinutes, sessionMinutes: session.sessionMinutes)
        } catch let error as InstanceError {
            throw AppError.badRequest(error.description)
        } catch let error as TimetableError {
            throw AppError.badRequest(error.description)
        }
    }

    /// Replaces one person's wishes: whom they would work with, first choice first.
    static func setWishes(_ session: MentorMatchSession, chooser: BaseKind, chooserID: UUID, chosen: [UUID], on db: any Database) async throws {
        let allowed = Set(chooser == .mentee ? session.mentors : session.mentees)
        let own = Set(chooser == .mentee ? session.mentees : session.mentors)
        guard own.contains(chooserID) else { throw AppError.notFound }
        var seen = Set<UUID>()
        let list = chosen.filter { allowed.contains($0) && seen.insert($0).inserted }
        try await MentorMatchWish.query(on: db).filter(\.$session.$id == session.requireID())
            .filter(\.$chooserKind == chooser).filter(\.$chooserID == chooserID).delete()
        for (index, id) in list.enumerated() {
            try await MentorMatchWish(sessionID: session.requireID(), chooserKind: chooser, chooserID: chooserID, chosenID: id, rank: index + 1).create(on: db)
        }
    }

    static func wishes(_ session: MentorMatchSession, on db: any Database) async throws -> [BaseKind: [UUID: [UUID]]] {
        let rows = try await MentorMatchWish.query(on: db).filter(\.$session.$id == session.requireID()).sort(\.$rank).all()
        var result: [BaseKind: [UUID: [UUID]]] = [.mentee: [:], .mentor: [:]]
        for row in rows { result[row.chooserKind, default: [:]][row.chooserID, default: []].append(row.chosenID) }
        return result
    }

    /// Takes the wishes people gave in the «Mentor Match» questionnaires (rankings of accounts),
    /// for participants who have an account. Returns how many people's wishes were taken.
    static func importWishes(_ session: MentorMatchSession, organizationID: UUID, on db: any Database) async throws -> Int {
        let (mentors, mentees) = try await people(session, on: db)
        let preferences = try await TypedAnswers.mentorMatchPreferences(organizationID: organizationID, on: db)
        let mentorByUser = Dictionary(mentors.compactMap { m in m.$user.id.map { ($0, m.id!) } }, uniquingKeysWith: { a, _ in a })
        let menteeByUser = Dictionary(mentees.compactMap { m in m.$user.id.map { ($0, m.id!) } }, uniquingKeysWith: { a, _ in a })
        var count = 0
        for mentee in mentees {
            guard let user = mentee.$user.id, let ranked = preferences[user] else { continue }
            try await setWishes(session, chooser: .mentee, chooserID: mentee.id!, chosen: ranked.compactMap { mentorByUser[$0] }, on: db)
            count += 1
        }
        for mentor in mentors {
            guard let user = mentor.$user.id, let ranked = preferences[user] else { continue }
            try await setWishes(session, chooser: .mentor, chooserID: mentor.id!, chosen: ranked.compactMap { menteeByUser[$0] }, on: db)
            count += 1
        }
        return count
    }

    struct Formed: Sendable {
        var proposed: Int
        var coinciding: [(mentee: UUID, mentor: UUID)]
        var unmatched: [UUID]
    }

    /// Pairs where wishes meet: the mentee-optimal stable matching with the mentors' free seats.
    /// The pairs go to both sides for consent like every other proposal.
    /// Call it inside a transaction: the session is locked first and read again, so a second
    /// click (or a second curator) waits for the first and then proposes only to those it left
    /// without a pair, instead of proposing the same children again from the same old reading.
    static func formPairs(_ given: MentorMatchSession, program: Program, actorName: String, on db: any Database) async throws -> Formed {
        try await RowLock.lock(MentorMatchSession.schema, id: given.requireID(), on: db)
        guard let session = try await MentorMatchSession.find(given.requireID(), on: db) else { throw AppError.notFound }
        let (allMentors, allMentees) = try await people(session, on: db)
        let candidates = try await PairingCandidates.load(program: program, on: db)
        let free = Set(candidates.mentees.map { $0.id! })
        let mentors = allMentors.filter { (candidates.seats[$0.id!] ?? 0) > 0 }
        let mentees = allMentees.filter { free.contains($0.id!) }
        let wishes = try await wishes(session, on: db)
        let mentorIndex = Dictionary(uniqueKeysWithValues: mentors.enumerated().map { ($1.id!, $0) })
        let menteeIndex = Dictionary(uniqueKeysWithValues: mentees.enumerated().map { ($1.id!, $0) })
        let problem = StableMatchingProblem(
            capacities: mentors.map { candidates.seats[$0.id!] ?? 0 },
            menteePreferences: mentees.map { (wishes[.mentee]?[$0.id!] ?? []).compactMap { mentorIndex[$0] } },
            mentorPreferences: mentors.map { (wishes[.mentor]?[$0.id!] ?? []).compactMap { menteeIndex[$0] } })
        let solution = problem.solve()

        var proposed = 0
        var unmatched: [UUID] = []
        for (i, mentee) in mentees.enumerated() {
            guard let j = solution.mentorOfMentee[i] else { unmatched.append(mentee.id!); continue }
            let rank = (wishes[.mentee]?[mentee.id!]?.firstIndex(of: mentors[j].id!) ?? 0) + 1
            _ = try await PairingProposals.propose(
                mentee: mentee, mentor: mentors[j], program: program,
                meeting: .init(scheme: .mentorMatch, heldOn: CalendarDay(iso: session.heldOn),
                               note: "Быстрые встречи; наставник — \(rank)-й выбор наставляемого"),
                actorName: actorName, on: db)
            proposed += 1
        }
        session.pairsFormedAt = Date()
        try await session.save(on: db)
        return Formed(proposed: proposed,
                      coinciding: solution.coincidingWishes.map { (mentee: mentees[$0.mentee].id!, mentor: mentors[$0.mentor].id!) },
                      unmatched: unmatched)
    }
}
