import Fluent
import Vapor

/// The pair's meetings on its page: planning or recording one, marking it held or cancelled,
/// and each side's reflection after it. Thin adapters over `PairWorkService`.
struct PairMeetingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.PairSpace.addMeeting, use: addMeeting)
        routes.on(SiteRoute.PairSpace.updateMeeting, use: updateMeeting)
        routes.on(SiteRoute.PairSpace.reflect, use: reflect)
    }

    /// POST /pairs/:pairingID/meetings — plan a meeting or record one that took place.
    @Sendable func addMeeting(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        let values = try req.formValues()
        return try await PairSpaceController.submit(req, access, values, back: PairSpaceController.path(access)) {
            let meeting = try await PairWorkService.planMeeting(values, in: access, by: req.auditActor, on: req.db)
            return meeting.status == .held ? "Встреча записана." : "Встреча запланирована."
        }
    }

    /// POST /pairs/:pairingID/meetings/:meetingID — mark a planned meeting held (`status=held`,
    /// with what was done in `summary`) or cancelled (`status=cancelled`).
    @Sendable func updateMeeting(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        let meetingID = try req.objectID("meetingID")
        let values = try req.formValues()
        let summary = values["summary"] ?? ""
        return try await PairSpaceController.act(req, back: PairSpaceController.path(access)) {
            let meeting = switch MeetingStatus(rawValue: values["status"] ?? "") {
            case .held: try await PairWorkService.recordMeeting(meetingID, summary: summary, in: access, by: req.auditActor, on: req.db)
            case .cancelled: try await PairWorkService.cancelMeeting(meetingID, note: summary, in: access, by: req.auditActor, on: req.db)
            case .planned, nil: throw PairWorkError.meetingOutcomeMissing
            }
            return "Встреча: \(meeting.status.russianName.lowercased())."
        }
    }

    /// POST /pairs/:pairingID/meetings/:meetingID/reflection — the mentor's or a mentee's answers.
    @Sendable func reflect(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        let meetingID = try req.objectID("meetingID")
        let values = try req.formValues()
        return try await PairSpaceController.act(req, back: PairSpaceController.path(access, "#meeting-\(meetingID)")) {
            try await PairWorkService.saveReflection(values, on: meetingID, in: access, by: req.auditActor, on: req.db)
            return (values["version"] ?? "").isEmpty ? "Рефлексия сохранена." : "Изменения в рефлексии сохранены."
        }
    }
}
