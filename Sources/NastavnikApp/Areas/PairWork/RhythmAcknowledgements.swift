import Fluent
import Foundation

/// The curator acknowledges a rhythm warning with a note (issue 19): it stops counting on the
/// home page and shows on the rhythm page as seen, with the note, until a new occurrence.
enum RhythmAcknowledgements {
    /// The acknowledged `PairRhythm.Warning.key`s of each pair, with their notes.
    static func notes(pairingIDs: [UUID], on db: any Database) async throws -> [UUID: [String: RhythmAcknowledgement]] {
        guard !pairingIDs.isEmpty else { return [:] }
        var result: [UUID: [String: RhythmAcknowledgement]] = [:]
        for row in try await RhythmAcknowledgement.query(on: db).filter(\.$pairing.$id ~~ pairingIDs).all() {
            result[row.$pairing.id, default: [:]][PairRhythm.Warning.key(row.warning, row.anchor)] = row
        }
        return result
    }

    static func keys(pairingID: UUID, on db: any Database) async throws -> Set<String> {
        Set(try await notes(pairingIDs: [pairingID], on: db)[pairingID]?.keys.map { $0 } ?? [])
    }

    /// Records the acknowledgement of a warning the pair has now. A second click (or a second
    /// tab) finds the unique index's row and changes nothing.
    @discardableResult
    static func acknowledge(_ values: [String: String], pairing: Pairing, current: PairRhythm, by name: String,
                            on db: any Database) async throws -> RhythmAcknowledgement? {
        guard pairing.status == .formed else { throw PairWorkError.rhythmNotKept }
        let kind = values["warning"] ?? "", anchor = values["anchor"] ?? ""
        guard let warning = current.findings.first(where: { $0.kind.rawValue == kind && $0.anchor == anchor }) else {
            // Acknowledged already, or the situation changed since the page was opened.
            return nil
        }
        let note = (values["note"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw AppError.validation(["note": "Напишите, почему предупреждение можно снять: например, «наставник на больничном до 15 декабря»."]) }
        guard note.count <= 1000 else { throw AppError.validation(["note": "Не более 1000 знаков."]) }
        let row = RhythmAcknowledgement()
        row.$pairing.id = try pairing.requireID()
        row.programID = pairing.$program.id
        row.warning = warning.kind.rawValue
        row.anchor = warning.anchor
        row.note = note
        row.acknowledgedByName = name
        do {
            try await row.create(on: db)
        } catch where RowLock.isUniqueViolation(error) {
            return nil
        }
        return row
    }
}
