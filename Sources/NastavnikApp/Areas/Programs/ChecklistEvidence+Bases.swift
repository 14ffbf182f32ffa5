import Fluent
import SQLKit

extension ChecklistEvidence {
    /// What the mentee and mentor bases show for a program: the mentee base is formed when a
    /// mentee of one of the program's forms has stated a request; the mentor base, when a
    /// mentor works in one of its forms.
    static let baseFacts: Source = { program, db in
        let organizationID = program.$organization.id
        var facts = Set<ChecklistFact>()
        let mentees = try await Mentee.query(on: db).filter(\.$organization.$id == organizationID)
            .filter(\.$form ~~ program.forms).filter(\.$anonymizedAt == nil).filter(\.$requestCodes != "").count()
        if mentees > 0 { facts.insert(.menteeBaseFormed) }
        // Forms are a bit mask on mentors; both databases understand `&`.
        if let sql = db as? any SQLDatabase {
            let row = try await sql.raw("""
                SELECT COUNT(*) AS n FROM \(ident: Mentor.schema)
                WHERE organization_id = \(bind: organizationID) AND (forms_mask & \(bind: MentoringForm.mask(program.forms))) <> 0
                """).first()
            if try row?.decode(column: "n", as: Int.self) ?? 0 > 0 { facts.insert(.mentorBaseFormed) }
        }
        return facts
    }
}
