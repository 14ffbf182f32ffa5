import Fluent
import Foundation
@testable import NastavnikApp
import SQLKit
import Testing
import Vapor

/// A withdrawal in one organization of an account another organization still uses: the tables
/// that know their organization only through their program, and the letters to the person.
extension ConsentWithdrawalTests {
    /// The tables reached through `program_id` → `programs.organization_id`, with the column that
    /// names the person.
    static let programColumns: [(String, String)] = [
        (SearchNote.schema, "written_by_name"), (SearchNote.schema, "support"), (MentorSelection.schema, "decided_by"),
        (MentorSelection.schema, "interviewer"), (StageTransition.schema, "actor_name"), (TrainingSession.schema, "trainer_name"),
        (ProgramTeamMember.schema, "full_name"), (SwotItem.schema, "written_by_name"), (SwotItem.schema, "text"),
        (RoadmapItem.schema, "responsible"), (RoadmapItem.schema, "note"), (MatchingRun.schema, "created_by_name"),
    ]

    /// Rows of `program` that name the person: she wrote a search note, decided a selection and
    /// interviewed, moved the program to a stage, trained its mentors, is on its team, wrote a SWOT
    /// line and answers for a roadmap event, ran the matching; and a letter about it waits for her.
    static func nameInProgramRows(_ app: Application, program: Program, organization: Organization, userID: UUID, name: String) async throws {
        let programID = program.id!
        let mentee = try await PairingFixtures.mentee(app, organization: organization, lastName: "Ребёнок", age: 19)
        let note = SearchNote()
        note.programID = programID
        note.$mentee.id = mentee.id!
        note.support = "Беседу провела \(name)"
        note.writtenByName = name
        try await note.create(on: app.db)
        let candidate = try await PairingFixtures.mentor(app, organization: organization, lastName: "Кандидатова")
        let selection = MentorSelection(programID: programID, mentorID: candidate.id!, decision: .selected)
        selection.decidedBy = name
        selection.decidedAt = Date()
        selection.interviewer = name
        try await selection.create(on: app.db)
        try await StageTransition(programID: programID, from: .mentorSelection, to: .pairing, at: Date(), actorID: userID, actorName: name, openItems: 0)
            .create(on: app.db)
        let training = TrainingSession(programID: programID)
        training.kind = .primary
        training.topic = "Роль наставника"
        training.heldOn = "2026-10-01"
        training.format = .seminar
        training.trainerName = name
        training.trainerKind = .internal
        training.materials = ""
        try await training.create(on: app.db)
        try await ProgramTeamMember(programID: programID, fullName: name, isCurator: false, responsibility: "Обучение наставников", position: 0)
            .create(on: app.db)
        let swot = SwotItem()
        swot.$program.id = programID
        swot.quadrant = .strength
        swot.text = "Опытный наставник: \(name)"
        swot.source = ""
        swot.writtenByName = name
        try await swot.create(on: app.db)
        try await RoadmapItem(programID: programID, position: 0, title: "Обучение наставников", stage: .mentorSelection, contour: .internal,
                              deadline: .unset, expectedResult: "", responsible: name, document: "", note: "Проводит \(name)").create(on: app.db)
        let run = MatchingRun()
        run.$program.id = programID
        run.weights = "{}"
        run.objective = "sum"
        run.previousPairs = "avoid"
        run.menteeCount = 0
        run.mentorCount = 0
        run.matchedCount = 0
        run.totalScore = 0
        run.milliseconds = 1
        run.createdByName = name
        try await run.create(on: app.db)
        // A letter to her caused by this organization's notification, still waiting to go out.
        try await Notifications.notify([userID], NotificationMessage(kind: .pairProposed, title: "Программа «\(program.name)»",
                                                                     body: "Вас ждут в программе «\(program.name)»", link: "/me/pairs",
                                                                     organizationID: organization.id), on: app.db)
    }

    /// How many of the program's rows in `programColumns` still hold `name`.
    static func rowsNaming(_ name: String, program: Program, app: Application) async throws -> [String] {
        let sql = try #require(app.db as? any SQLDatabase)
        struct Count: Decodable { let n: Int }
        var found: [String] = []
        for (table, column) in programColumns {
            let count = try await sql.raw("""
                SELECT COUNT(*) AS n FROM \(ident: table) WHERE program_id = \(bind: program.id!) AND \(ident: column) LIKE \(bind: "%" + name + "%")
                """).first(decoding: Count.self)?.n ?? 0
            if count > 0 { found.append("\(table).\(column)") }
        }
        return found
    }

    /// The letters waiting for the person, by the organization that caused them.
    static func letters(to userID: UUID, from organizationID: UUID?, app: Application) async throws -> Int {
        try await OutboxMessage.query(on: app.db).filter(\.$userID == userID).filter(\.$organizationID == organizationID).count()
    }
}
