import Fluent
import Foundation

extension Consents {
    /// Takes the person's row lock — the one a withdrawal of consent takes first — and answers
    /// whether the person is still there, not anonymized (an id of nobody is left to the caller's
    /// own check). A write about a person (a measurement, a selection interview, an incentive)
    /// calls it first in its own transaction and refuses when it answers false: a withdrawal at
    /// the same moment then either commits before the check, which sees it, or waits for the
    /// write and clears what it wrote, as it clears everything else.
    static func lockStillConsenting(kind: BaseKind, id: UUID, on db: any Database) async throws -> Bool {
        try await lockSubject(kind: kind, id: id, on: db)
        switch kind {
        case .mentee: return try await Mentee.query(on: db).filter(\.$id == id).filter(\.$anonymizedAt != nil).count() == 0
        case .mentor: return try await Mentor.query(on: db).filter(\.$id == id).filter(\.$anonymizedAt != nil).count() == 0
        }
    }
}
