import Fluent
import Vapor

extension PairSpaceController {
    /// POST /pairs/:pairingID/rhythm/acknowledge — the curator takes a warning as seen, with a
    /// note why it can wait (`warning`, `anchor`, `note`); back to the rhythm page.
    @Sendable func acknowledgeWarning(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        guard access.role == .curator else { throw AppError.forbidden }
        let pairing = access.pairing
        let back = "/orgs/\(pairing.organizationID)/programs/\(pairing.$program.id)/rhythm"
        let values = try req.formValues()
        let meetings = try await PairMeeting.query(on: req.db).filter(\.$pairing.$id == pairing.requireID()).all()
        let reflections = meetings.isEmpty ? [] : try await MeetingReflection.query(on: req.db).filter(\.$meeting.$id ~~ meetings.map { $0.id! }).all()
        let agreement = try await PairAgreement.query(on: req.db).filter(\.$pairing.$id == pairing.requireID()).first()
        let rhythm = PairRhythm.assess(meetings, formedAt: pairing.formedAt, form: pairing.form, reflections: reflections,
                                       agreedPerMonth: agreement?.meetingsPerMonth, agreedOn: agreement.flatMap { CalendarDay(iso: $0.agreedOn) },
                                       isWorking: pairing.status == .formed,
                                       acknowledged: try await RhythmAcknowledgements.keys(pairingID: pairing.requireID(), on: req.db))
        do {
            if let row = try await RhythmAcknowledgements.acknowledge(values, pairing: pairing, current: rhythm, by: req.principal?.fullName ?? "", on: req.db) {
                try await req.audit(.rhythmWarningAcknowledged, organizationID: pairing.organizationID, objectType: "pairing", objectID: pairing.id,
                                    details: row.warning)
            }
        } catch AppError.validation(let errors) {
            return req.redirect(to: back + "#pair-\(pairing.id!)", flash: FlashMessage(.error, errors.values.sorted().joined(separator: " ")))
        }
        return req.redirect(to: back + "#pair-\(pairing.id!)", flash: FlashMessage(.success, "Предупреждение снято, заметка сохранена."))
    }
}
