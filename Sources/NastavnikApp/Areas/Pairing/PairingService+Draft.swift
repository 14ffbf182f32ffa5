import Fluent
import Foundation
import MentorMatching

/// Scheme 1 «по анкетам»: the matching run with the curator's weights, the edits of its draft and
/// sending it to both sides. Every edit takes the program's draft lock first (`lockDraft`).
extension PairingService {
    // MARK: Matching

    /// One criterion's weight as typed or sent; `weight` is nil when what was typed is not a whole number.
    struct WeightInput: Sendable {
        var weight: Int?
        var required: Bool
    }

    /// The curator's settings of a run: weights by criterion code (nil: the standard ones), the
    /// objective and what to do with the previous cycle's pairs (nil: the defaults).
    struct MatchingInput: Sendable {
        var weights: [String: WeightInput]?
        var objective: String?
        var previousPairs: String?
    }

    /// The settings a run may use, or why not. Weight errors are keyed `weights.<criterion>`.
    static func matchingSettings(_ input: MatchingInput) throws -> MatchingRunner.Settings {
        var errors: [String: String] = [:]
        var weights = ScoringWeights.standard
        if let given = input.weights {
            var settings: [Criterion: CriterionSetting] = [:]
            for key in given.keys.sorted() {
                guard let criterion = Criterion(rawValue: key) else {
                    errors["weights.\(key)"] = "Неизвестный критерий «\(key)»; допустимы: \(Criterion.allCases.map(\.rawValue).joined(separator: ", "))."
                    continue
                }
                guard let weight = given[key]?.weight, (0...10).contains(weight) else {
                    errors["weights.\(key)"] = "Вес критерия «\(criterion.russianName)» — целое число от 0 до 10."
                    continue
                }
                settings[criterion] = CriterionSetting(weight: weight, required: given[key]?.required ?? false)
            }
            if errors.isEmpty && settings.values.allSatisfy({ $0.weight == 0 && !$0.required }) { throw PairingError.weightsAllZero }
            weights = ScoringWeights(settings)
        }
        let objective = input.objective.map { MatchingObjective(rawValue: $0) } ?? .maxMatchedThenScore
        if objective == nil || objective == .stable {
            errors["objective"] = "Цель подбора: \(MatchingObjective.maxMatchedThenScore.rawValue) (сначала как можно больше пар) или \(MatchingObjective.maxScore.rawValue) (только лучше всего подходящие)."
        }
        let previous = MatchingRunner.PreviousPairs(rawValue: input.previousPairs ?? MatchingRunner.PreviousPairs.avoid.rawValue)
        if previous == nil {
            errors["previousPairs"] = "Пары прошлого цикла: " + MatchingRunner.PreviousPairs.allCases.map(\.rawValue).joined(separator: ", ") + "."
        }
        guard errors.isEmpty, let objective, let previous else { throw AppError.validation(errors) }
        return MatchingRunner.Settings(weights: weights, objective: objective, previousPairs: previous)
    }

    /// Matching by questionnaires: replaces the program's unsent draft with the optimum for these settings.
    static func runMatching(_ input: MatchingInput, program: Program, by actor: AuditActor, on db: any Database) async throws -> (run: MatchingRun, settings: MatchingRunner.Settings) {
        let settings = try matchingSettings(input)
        let run = try await db.transaction { tx in
            let run = try await MatchingRunner.run(program: program, settings: settings, actorName: actor.principal?.fullName ?? "", on: tx)
            try await actor.record(.matchingRun, organizationID: program.$organization.id, objectType: "program", objectID: program.id,
                                   details: "пар: \(run.matchedCount) из \(run.menteeCount), наставников: \(run.mentorCount)", on: tx)
            return run
        }
        return (run, settings)
    }

    // MARK: Editing the draft

    /// Runs one edit of the draft after the draft lock, with its audit entry, in one transaction.
    private static func editDraft(_ program: Program, details: String, by actor: AuditActor, on db: any Database,
                                  _ edit: @escaping @Sendable (any Database) async throws -> Void) async throws {
        let programID = try program.requireID()
        try await db.transaction { tx in
            // The draft is locked first, and everything the edit reads comes after (`lockDraft`).
            try await PairingProposals.lockDraft(programID: programID, on: tx)
            try await edit(tx)
            try await actor.record(.pairingProposalEdited, organizationID: program.$organization.id, objectType: "program", objectID: programID,
                                   details: details, on: tx)
        }
    }

    /// A mentee leaves the draft and returns to the list without a mentor.
    static func removeFromDraft(memberID: UUID, program: Program, by actor: AuditActor, on db: any Database) async throws {
        try await editDraft(program, details: "убран наставляемый", by: actor, on: db) { tx in
            try await PairingProposals.remove(try await PairingProposals.member(memberID, programID: program.requireID(), on: tx), on: tx)
        }
    }

    /// A draft member moves to another mentor with a free seat.
    static func reassign(memberID: UUID, mentorID: UUID?, program: Program, by actor: AuditActor, on db: any Database) async throws {
        try await editDraft(program, details: "другой наставник", by: actor, on: db) { tx in
            let member = try await PairingProposals.member(memberID, programID: program.requireID(), on: tx)
            let mentor = try await mentor(mentorID, organizationID: program.$organization.id, on: tx)
            try await PairingProposals.reassign(member, to: mentor, program: program, actorName: actor.principal?.fullName ?? "", on: tx)
        }
    }

    /// Two draft members exchange mentors.
    static func swap(_ first: UUID?, _ second: UUID?, program: Program, by actor: AuditActor, on db: any Database) async throws {
        guard let first, let second, first != second else { throw PairingError.sameMentee }
        try await editDraft(program, details: "обмен наставниками", by: actor, on: db) { tx in
            let programID = try program.requireID()
            try await PairingProposals.swap(try await PairingProposals.member(first, programID: programID, on: tx),
                                            try await PairingProposals.member(second, programID: programID, on: tx),
                                            program: program, on: tx)
        }
    }

    /// A mentee without a mentor added to the draft by hand.
    static func addToDraft(menteeID: UUID?, mentorID: UUID?, program: Program, by actor: AuditActor, on db: any Database) async throws {
        try await editDraft(program, details: "добавлена пара вручную", by: actor, on: db) { tx in
            let organizationID = program.$organization.id
            let mentee = try await mentee(menteeID, organizationID: organizationID, on: tx)
            let mentor = try await mentor(mentorID, organizationID: organizationID, on: tx)
            try await PairingProposals.addToDraft(mentee: mentee, mentor: mentor, program: program, actorName: actor.principal?.fullName ?? "", on: tx)
        }
    }

    /// The draft goes to both sides for their consent. Returns how many pairings went out (0: the draft was empty).
    static func send(program: Program, by actor: AuditActor, on db: any Database) async throws -> Int {
        let programID = try program.requireID()
        return try await db.transaction { tx in
            let count = try await PairingProposals.send(programID: programID, on: tx)
            if count > 0 {
                try await actor.record(.pairingProposalSent, organizationID: program.$organization.id, objectType: "program", objectID: programID,
                                       details: "пар и групп: \(count)", on: tx)
            }
            return count
        }
    }
}
