import Fluent
import Foundation

/// The program's completion (seed 003, the second and third levels), one function per change,
/// shared by the completion page and `/api/v1/organizations/…/programs/…/incentives`: incentives
/// and their order, nominations, the closing events, and a mentee's move to the long-term
/// mentor base. Each checks its input, then writes the change and its audit entry in one
/// transaction. The caller has authorized the program (`formPairs`).
enum CompletionService {
    /// An incentive for a mentor of the program (errors keyed `mentor`, `kind`, `reason`, `awardedOn`).
    @discardableResult
    static func awardIncentive(mentorID: UUID?, kind: String, reason: String, awardedOn: String, in organization: Organization, program: Program,
                               by actor: AuditActor, on db: any Database) async throws -> Incentive {
        try await db.transaction { tx in
            if let mentorID { try await requireConsenting(.mentor, mentorID, on: tx) }
            let incentive = try await Incentives.award(mentorID: mentorID, kind: kind, reason: reason, awardedOn: awardedOn,
                                                       organizationID: organization.requireID(), program: program, by: actor.name, on: tx)
            try await actor.record(.incentiveAwarded, organizationID: organization.id, objectType: "incentive", objectID: incentive.id,
                                   details: "\(incentive.mentor.fullName): \(incentive.kind.russianName)", on: tx)
            return incentive
        }
    }

    /// The signed order «О поощрении» (`orderNumber`, `orderOn`) on every incentive not yet in an
    /// order; returns how many it took. An order that finds none is refused, so a second order
    /// sent at once does not claim the first one's incentives.
    @discardableResult
    static func fixIncentiveOrder(_ values: [String: String], program: Program, by actor: AuditActor, on db: any Database) async throws -> Int {
        // The same rule for the order's number and date as the pairs' order.
        let order = try OrderClaim.Order(number: values["orderNumber"] ?? "", date: values["orderOn"] ?? "")
        let number = order.number, date = order.date
        let organizationID = program.$organization.id
        let fixed = try await OrderClaim.claim(Incentive.schema, programID: program.requireID(), number: number, date: date, on: db) { count, tx in
            try await actor.record(.incentiveOrderFixed, organizationID: organizationID, objectType: "program", objectID: program.id,
                                   details: "Приказ № \(number) от \(date.russian): поощрений \(count)", on: tx)
        }
        guard fixed > 0 else { throw PairWorkError.incentivesAlreadyOrdered(number: number) }
        return fixed
    }

    /// «Наставник года», «Лучшая пара» or the curator's own title (`title` / `customTitle`) for a
    /// mentor (`mentorID`) or a pair (`pairingID`) of the program, with `year` and `note`.
    @discardableResult
    static func addNomination(_ values: [String: String], in organization: Organization, program: Program, by actor: AuditActor,
                              on db: any Database) async throws -> Nomination {
        var errors: [String: String] = [:]
        let custom = (values["customTitle"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let title = custom.isEmpty ? (values["title"] ?? "") : custom
        if title.isEmpty { errors["title"] = "Выберите номинацию или впишите свою." } else if title.count > 200 { errors["customTitle"] = "Не более 200 знаков." }
        var mentor = try await programMentor(values["mentorID"], program: program, on: db)
        var pairingID: UUID?
        if let id = (values["pairingID"] ?? "").isEmpty ? nil : UUID(uuidString: values["pairingID"]!) {
            if let pairing = try await Pairing.query(on: db).filter(\.$id == id).filter(\.$program.$id == program.requireID())
                .filter(\.$status ~~ [.formed, .finished]).with(\.$mentor).first() {
                pairingID = id
                mentor = pairing.mentor
            } else {
                errors["pairingID"] = "Выберите пару этой программы."
            }
        }
        if mentor == nil && errors["pairingID"] == nil { errors["mentorID"] = "Выберите наставника или пару." }
        let year = Int(values["year"] ?? "")
        if year == nil || !(2000...2100).contains(year!) { errors["year"] = "Укажите год." }
        guard errors.isEmpty, let mentor, let year else { throw AppError.validation(errors) }
        let nomination = Nomination()
        nomination.organizationID = try organization.requireID()
        nomination.$program.id = try program.requireID()
        nomination.title = title
        nomination.$mentor.id = try mentor.requireID()
        nomination.pairingID = pairingID
        nomination.year = year
        nomination.note = String((values["note"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(1000))
        nomination.createdByName = actor.name
        return try await db.transaction { tx in
            try await requireConsenting(.mentor, mentor.requireID(), on: tx)
            try await nomination.create(on: tx)
            try await actor.record(.nominationAdded, organizationID: organization.id, objectType: "nomination", objectID: nomination.id,
                                   details: "\(title): \(mentor.fullName)", on: tx)
            return nomination
        }
    }

    /// The group reflection meeting or the public event (`eventKind`, `heldOn`, `participants`,
    /// `eventSummary`, `place`).
    @discardableResult
    static func recordClosingEvent(_ values: [String: String], in organization: Organization, program: Program, by actor: AuditActor,
                                   on db: any Database) async throws -> ClosingEvent {
        var errors: [String: String] = [:]
        let kind = ClosingEventKind(rawValue: values["eventKind"] ?? "")
        if kind == nil { errors["eventKind"] = "Выберите вид мероприятия." }
        let day = CalendarDay(iso: values["heldOn"] ?? "")
        if day == nil { errors["heldOn"] = "Укажите дату." }
        let participants = Int((values["participants"] ?? "").trimmingCharacters(in: .whitespaces))
        if participants == nil || !(1...100_000).contains(participants!) { errors["participants"] = "Сколько было участников?" }
        let summary = (values["eventSummary"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if summary.isEmpty { errors["eventSummary"] = "Коротко: как прошло, что решили, кого наградили." } else if summary.count > 4000 { errors["eventSummary"] = "Не более 4000 знаков." }
        guard errors.isEmpty, let kind, let day, let participants else { throw AppError.validation(errors) }
        let event = ClosingEvent()
        event.$program.id = try program.requireID()
        event.kind = kind
        event.heldOn = day.iso
        event.place = String((values["place"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(300))
        event.participants = participants
        event.summary = summary
        event.writtenByName = actor.name
        return try await db.transaction { tx in
            try await event.create(on: tx)
            try await actor.record(.closingEventRecorded, organizationID: organization.id, objectType: "program", objectID: program.id,
                                   details: kind.russianName, on: tx)
            return event
        }
    }

    /// A mentee who answered at the final meeting that they want to mentor becomes a candidate of
    /// the long-term mentor base (404 for anyone else); moving twice finds the same row.
    static func moveToLongTermBase(_ menteeID: UUID, in organization: Organization, program: Program, by actor: AuditActor,
                                   on db: any Database) async throws -> (mentee: Mentee, mentor: Mentor, created: Bool) {
        try await db.transaction { tx in
            guard let (mentee, pairing) = try await ProgramCompletion.longTermCandidate(menteeID, programID: program.requireID(), on: tx) else {
                throw AppError.notFound
            }
            // One row per person even when two tabs move the same mentee; none for a mentee who withdrew the consent.
            try await requireConsenting(.mentee, mentee.requireID(), on: tx)
            let (mentor, created) = try await PairCompletion.moveToLongTermBase(mentee, form: pairing.form, on: tx)
            try await actor.record(.movedToLongTermBase, organizationID: organization.id, objectType: "mentor", objectID: mentor.id,
                                   details: mentee.fullName, on: tx)
            return (mentee, mentor, created)
        }
    }

    /// The person's row lock (the one a withdrawal of consent takes first), in the change's
    /// transaction, and a refusal when the person withdrew the consent: nothing new about them.
    private static func requireConsenting(_ kind: BaseKind, _ id: UUID, on db: any Database) async throws {
        guard try await Consents.lockStillConsenting(kind: kind, id: id, on: db) else { throw PairWorkError.consentWithdrawn }
    }

    /// The program's mentor with this id, if the mentor has a pair in the program.
    static func programMentor(_ value: String?, program: Program, on db: any Database) async throws -> Mentor? {
        guard let id = value.flatMap(UUID.init(uuidString:)),
              try await ProgramCompletion.isProgramMentor(id, programID: program.requireID(), on: db) else { return nil }
        return try await Mentor.find(id, on: db)
    }
}
