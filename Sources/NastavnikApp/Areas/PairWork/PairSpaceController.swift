import Fluent
import Vapor

/// A pair's (or group's) space, seen by its mentor, its mentees and the curator: one page with
/// the meetings in seed 003's sequence and each side's reflection, the goal map and the diary,
/// the rules and results, the final meeting — and the calendar file. The page's forms are
/// answered by the controllers of each concept (`PairMeetingsController`, `PairGoalsController`,
/// `PairProgressController`, `PairClosureController`, `RhythmController`), all over
/// `PairWorkService`; the view model is in `PairSpaceController+Model.swift`.
struct PairSpaceController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.PairSpace.show, use: show)
        routes.on(SiteRoute.PairSpace.calendar, use: calendar)
    }

    /// GET /pairs/:pairingID
    @Sendable func show(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        return try await Self.page(req, access: access, form: FormState(values: ["status": "planned", "format": "inPerson", "on": CalendarDay.today().iso]))
    }

    /// GET /pairs/:pairingID/meetings.ics
    @Sendable func calendar(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        let meetings = try await PairMeeting.query(on: req.db).filter(\.$pairing.$id == access.pairing.requireID()).sort(\.$on).all()
        let text = MeetingCalendar.ics(meetings, title: "Наставничество: \(access.pairing.mentor.fullName)")
        return DocumentResponse.file(Data(text.utf8), type: DocumentResponse.calendarType, fileName: "Встречи пары.ics")
    }

    /// The pair's page with `anchor` («#goals»), where its actions lead back.
    static func path(_ access: PairAccess, _ anchor: String = "") -> String { SiteRoute.PairSpace.show.path(access.pairing.id!) + anchor }

    /// The pair's page drawn again with what was typed and the fields' messages (422).
    static func again(_ req: Request, _ access: PairAccess, _ values: [String: String], _ errors: [String: String]) async throws -> Response {
        try await page(req, access: access, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
    }

    /// Runs a form of the pair's page and goes back to `back` with its success message; field
    /// errors draw the page again with what was typed (422), everything else is thrown.
    static func submit(_ req: Request, _ access: PairAccess, _ values: [String: String], back: String,
                       _ action: () async throws -> String) async throws -> Response {
        do {
            return req.redirect(to: back, flash: FlashMessage(.success, try await action()))
        } catch AppError.validation(let errors) {
            return try await again(req, access, values, errors)
        }
    }

    /// Runs a small inline form's action and goes back to `back` with its success message. A
    /// refusal the person can act on — a field's message or a rule the page says beside the form
    /// (`PairWorkError.staysOnPage`) — comes back as the flash; anything else is the error page
    /// (404, 403, a finished pair's 409).
    static func act(_ req: Request, back: String, _ action: () async throws -> String) async throws -> Response {
        do {
            return req.redirect(to: back, flash: FlashMessage(.success, try await action()))
        } catch AppError.validation(let errors) {
            return req.redirect(to: back, flash: FlashMessage(.error, errors.values.sorted().joined(separator: " ")))
        } catch let error as PairWorkError where error.staysOnPage {
            return req.redirect(to: back, flash: FlashMessage(.error, error.russianMessage))
        }
    }
}
