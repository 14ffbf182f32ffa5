import Fluent
import Foundation
import SQLKit

/// `PairRhythm`'s two warnings a curator acts on — more than 14 days without a meeting, feedback
/// forms not filled within three days — counted by the database for a whole organization, by
/// program, leaving out working pairs only and the warnings the curator acknowledged. The same
/// rule as `PairRhythm.assess`, said in SQL (a test compares them).
enum RhythmQueries {
    /// Where the stale pairs are looked for: one organization (the home page), one program (the
    /// rhythm page), or every organization (the morning's reminders).
    enum Scope: Sendable {
        case organization(UUID), program(UUID), everywhere

        fileprivate func condition(_ alias: String) -> SQLQueryString {
            switch self {
            case .organization(let id): " AND \(ident: alias).organization_id = \(bind: id)"
            case .program(let id): " AND \(ident: alias).program_id = \(bind: id)"
            case .everywhere: ""
            }
        }
    }

    /// The one rule of «more than `PairRhythm.maximumGapDays` days without a meeting» in SQL: formed
    /// pairs whose last held meeting (or forming, without one) is older than that, and whose warning
    /// for that occurrence the curator has not acknowledged. Columns `pairing_id`, `program_id`,
    /// `organization_id`, `mentor_id`, `formed_at`, `last_held` (NULL without a held meeting).
    /// The home page counts these rows, the rhythm page shows their count, the reminders write to them.
    static func stalePairRows(_ scope: Scope, today: CalendarDay) -> SQLQueryString {
        let lastAllowed = today.adding(days: -PairRhythm.maximumGapDays).iso
        // Formed on a day before `lastAllowed`: before that day's Moscow midnight.
        let formedBefore = today.adding(days: -PairRhythm.maximumGapDays).date.addingTimeInterval(-12 * 3600)
        return """
            SELECT pg.id AS pairing_id, pg.program_id AS program_id, pg.organization_id AS organization_id, pg.mentor_id AS mentor_id,
                   pg.formed_at AS formed_at, h.last_held AS last_held
            FROM \(ident: Pairing.schema) pg
            LEFT JOIN (SELECT m.pairing_id AS pairing_id, MAX(m.\(ident: "on")) AS last_held
                       FROM \(ident: PairMeeting.schema) m JOIN \(ident: Pairing.schema) w ON w.id = m.pairing_id
                       WHERE w.status = 'formed' AND m.status = 'held'\(scope.condition("w"))
                       GROUP BY m.pairing_id) h ON h.pairing_id = pg.id
            WHERE pg.status = 'formed'\(scope.condition("pg"))
              AND ((h.last_held IS NOT NULL AND h.last_held < \(bind: lastAllowed))
                   OR (h.last_held IS NULL AND pg.formed_at < \(bind: formedBefore)))
              AND NOT EXISTS (SELECT 1 FROM \(ident: RhythmAcknowledgement.schema) a
                              WHERE a.pairing_id = pg.id AND a.warning = 'gap' AND a.anchor = COALESCE(h.last_held, ''))
            """
    }

    /// `stalePairRows` counted by program: columns `program_id`, `n`.
    static func stalePairs(_ scope: Scope, today: CalendarDay) -> SQLQueryString {
        "SELECT s.program_id AS program_id, COUNT(*) AS n FROM (" + stalePairRows(scope, today: today) + ") s GROUP BY s.program_id"
    }

    /// Formed pairs with a held meeting older than `PairRhythm.feedbackDays` days that lacks the
    /// mentor's or the mentees' form; acknowledged by the latest such meeting's day.
    static func lateFeedback(organizationID: UUID, today: CalendarDay) -> SQLQueryString {
        let heldBefore = today.adding(days: -PairRhythm.feedbackDays).iso
        return """
            SELECT late.program_id AS program_id, COUNT(*) AS n
            FROM (SELECT m.pairing_id AS pairing_id, w.program_id AS program_id, MAX(m.\(ident: "on")) AS latest
                  FROM \(ident: PairMeeting.schema) m JOIN \(ident: Pairing.schema) w ON w.id = m.pairing_id
                  WHERE w.organization_id = \(bind: organizationID) AND w.status = 'formed' AND m.status = 'held'
                    AND m.\(ident: "on") < \(bind: heldBefore)
                    AND (NOT EXISTS (SELECT 1 FROM \(ident: MeetingReflection.schema) r WHERE r.meeting_id = m.id AND r.side = 'mentor')
                         OR NOT EXISTS (SELECT 1 FROM \(ident: MeetingReflection.schema) r WHERE r.meeting_id = m.id AND r.side = 'mentee'))
                  GROUP BY m.pairing_id, w.program_id) late
            WHERE NOT EXISTS (SELECT 1 FROM \(ident: RhythmAcknowledgement.schema) a
                              WHERE a.pairing_id = late.pairing_id AND a.warning = 'feedback' AND a.anchor = late.latest)
            GROUP BY late.program_id
            """
    }
}
