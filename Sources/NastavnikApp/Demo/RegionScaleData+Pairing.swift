import Fluent
import Foundation
import SQLKit

extension RegionScaleData {
    /// The largest school at pairing time, as its curator meets it (issue 21): a paper processing
    /// consent for every card whose base says it is valid (the legal representative's for a minor)
    /// and the school's mentors selected in its current program, so the pairs, proposal and
    /// matching pages have thousands of candidates to count and page, and the matching has
    /// mentors to run with.
    static func prepareForPairing(organizationID: UUID, on sql: any SQLDatabase) async throws {
        struct Person: Decodable { let id: UUID; let is_minor: Bool }
        struct ProgramRow: Decodable { let id: UUID }
        let now = Date()
        for kind in [BaseKind.mentee, .mentor] {
            let people = try await sql.select().column("id").column("is_minor")
                .from(kind == .mentee ? Mentee.schema : Mentor.schema)
                .where("organization_id", .equal, organizationID).where("consent_state", .equal, ConsentState.valid.rawValue)
                .all(decoding: Person.self)
            for start in stride(from: 0, to: people.count, by: 1_000) {
                try await insert(sql, into: ConsentRecord.schema, columns: [
                    "id", "organization_id", "subject_kind", "subject_id", "purpose", "given_on", "text_version", "given_by_name",
                    "given_by_guardian", "recorded_by_id", "created_at",
                ], rows: people[start..<min(start + 1_000, people.count)].map { person in
                    [UUID(), organizationID, kind.rawValue, person.id, ConsentPurpose.processing.rawValue, now, Consents.currentTextVersion,
                     person.is_minor ? "Законный представитель" : "Сам участник", person.is_minor, UUID(), now]
                })
            }
        }
        guard let program = try await sql.select().column("id").from(Program.schema)
            .where("organization_id", .equal, organizationID).where("stage", .equal, ProgramStage.pairWork.rawValue)
            .first(decoding: ProgramRow.self) else { return }
        let mentors = try await sql.select().column("id").column("is_minor").from(Mentor.schema)
            .where("organization_id", .equal, organizationID).where("status", .in, [MentorStatus.selected, .trained, .active].map(\.rawValue))
            .all(decoding: Person.self)
        try await insert(sql, into: MentorSelection.schema, columns: ["id", "program_id", "mentor_id", "decision", "decided_at", "decided_by", "created_at", "updated_at"],
                         rows: mentors.map { [UUID(), program.id, $0.id, SelectionDecision.selected.rawValue, now, "Генератор", now, now] })
    }
}
