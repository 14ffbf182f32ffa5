import Fluent
import Foundation
import SQLKit

/// The weekly reminders that wait on a person outside the pairs: a consent to the processing of
/// personal data the bases still lack (mentees and mentors alike, as the curator's home page counts
/// them), and a practice case the administration has not reviewed. Part of `Reminders.write`.
enum ConsentReminders {
    /// A case waits this many days after it was sent before the administration is reminded.
    static let caseReviewDays = 2

    /// People of the bases without a consent: an adult is reminded on their own account, a minor's
    /// linked legal representatives for the child (the child cannot give it). Once a week.
    static func write(today: CalendarDay, now: Date, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        struct Row: Decodable {
            let id: UUID
            let organization_id: UUID
            let user_id: UUID?
            let is_minor: Bool
            let organization: String
        }
        var written = 0
        for base in [BaseKind.mentee, .mentor] {
            let table = base == .mentee ? Mentee.schema : Mentor.schema
            // The home page's condition (`CuratorTasks`): everyone in the base who has not left.
            let rows = try await sql.raw("""
                SELECT b.id, b.organization_id, b.user_id, b.is_minor, o.short_name AS organization
                FROM \(ident: table) b JOIN organizations o ON o.id = b.organization_id
                WHERE b.consent_state = 'missing' AND b.status <> 'left' AND b.anonymized_at IS NULL
                """).all(decoding: Row.self)
            let minors = rows.filter(\.is_minor).map(\.id)
            let guardians = base == .mentee ? try await Reminders.representatives(menteeIDs: minors, on: sql)
                                            : try await Reminders.representatives(mentorIDs: minors, on: sql)
            let week = Self.week(today)
            for row in rows {
                let people = row.is_minor ? guardians[row.id] ?? [] : row.user_id.map { [$0] } ?? []
                let role = base == .mentee ? "участвовать в программе наставничества" : "быть наставником в программе наставничества"
                let message = row.is_minor
                    ? NotificationMessage(
                        kind: .consentMissing, title: "Нужно ваше согласие за ребёнка для «\(row.organization)»",
                        body: "«\(row.organization)» ждёт согласия законного представителя на обработку персональных данных ребёнка: "
                            + "без него ребёнок не может \(role). Оформите его у куратора наставничества.",
                        link: SiteRoute.MyChildren.index.path(), organizationID: row.organization_id)
                    : NotificationMessage(
                        kind: .consentMissing, title: "Нужно ваше согласие на обработку данных для «\(row.organization)»",
                        body: "Чтобы \(role) «\(row.organization)», нужно согласие на обработку персональных данных. "
                            + "Оформите его у куратора наставничества.",
                        link: SiteRoute.People.participation.path(), organizationID: row.organization_id)
                written += try await Notifications.notify(people, message, dedupeKey: { "consent:\(row.id):\(week):\($0)" }, now: now, on: db)
            }
        }
        return written
    }

    /// Cases sent for review more than `caseReviewDays` ago and still waiting: the organization's
    /// administration (who may approve publications) is reminded once a week per case.
    static func casesAwaitingReview(today: CalendarDay, now: Date, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        struct Row: Decodable {
            let id: UUID
            let organization_id: UUID
            let updated_at: Date?
            let program: String
        }
        let rows = try await sql.raw("""
            SELECT c.id, c.organization_id, c.updated_at, p.name AS program
            FROM \(ident: PracticeCase.schema) c JOIN \(ident: Program.schema) p ON p.id = c.program_id
            WHERE c.status = \(bind: CaseStatus.submitted.rawValue) AND c.updated_at < \(bind: now.addingTimeInterval(-Double(caseReviewDays) * 86_400))
            """).all(decoding: Row.self)
        guard !rows.isEmpty else { return 0 }
        struct Approver: Decodable { let organization_id: UUID; let user_id: UUID }
        var approvers: [UUID: [UUID]] = [:]
        for approver in try await sql.raw("""
            SELECT organization_id, user_id FROM \(ident: RoleAssignment.schema)
            WHERE role IN (\(AccessPolicy.roles(for: .approvePublications).map { SQLQueryString("\(bind: $0.rawValue)") }.joined(separator: ", ")))
              AND organization_id IS NOT NULL
            """).all(decoding: Approver.self) {
            approvers[approver.organization_id, default: []].append(approver.user_id)
        }
        let week = Self.week(today)
        var written = 0
        for row in rows {
            let since = row.updated_at.map { " с \(LetterText.day($0))" } ?? ""
            written += try await Notifications.notify(approvers[row.organization_id] ?? [], NotificationMessage(
                kind: .caseSubmitted, title: "Кейс программы «\(row.program)» всё ещё ждёт согласования",
                body: "Кейс программы наставничества «\(row.program)» ждёт решения администрации\(since). "
                    + "Проверьте его и опубликуйте или верните куратору на странице «Кейсы организации».",
                link: SiteRoute.Cases.list.path(row.organization_id), organizationID: row.organization_id),
                dedupeKey: { "case:\(row.id):\(week):\($0)" }, now: now, on: db)
        }
        return written
    }

    /// The Monday of the day's week: a weekly reminder's key.
    static func week(_ today: CalendarDay) -> String {
        today.adding(days: -((CalendarDay.weekday(today) + 5) % 7)).iso
    }
}
