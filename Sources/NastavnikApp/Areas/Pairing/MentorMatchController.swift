import Fluent
import MentorMatching
import Vapor

/// «Mentor Match» pages: scheduling the group meeting, its printable timetable of speed
/// meetings, entering the wishes from the cards (or taking them from the questionnaires), and
/// forming the pairs where wishes meet.
struct MentorMatchController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Pairs.mentorMatchNew, use: new)
        routes.on(SiteRoute.Pairs.mentorMatchCreate, use: create)
        routes.on(SiteRoute.Pairs.mentorMatch, use: show)
        routes.on(SiteRoute.Pairs.mentorMatchWishes, use: saveWishes)
        routes.on(SiteRoute.Pairs.mentorMatchImportWishes, use: importWishes)
        routes.on(SiteRoute.Pairs.mentorMatchForm, use: formPairs)
    }

    /// GET …/pairs/mentor-match/new
    @Sendable func new(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        return try await newPage(req, organization: organization, program: program,
                                 form: FormState(values: ["slotMinutes": "7", "startsAt": "15:00", "heldOn": CalendarDay.today().iso]), checkAll: true)
    }

    private func newPage(_ req: Request, organization: Organization, program: Program, form: FormState, checkAll: Bool = false,
                         status: HTTPResponseStatus = .ok) async throws -> Response {
        let candidates = try await PairingCandidates.mentorSide(program: program, on: req.db)
        let catalogue = try await RequestCatalogue.load(organizationID: organization.requireID(), on: req.db)
        // The mentees ticked before a refused send stay in the list, ticked, whatever the search shows.
        let ticked = form.values.keys.filter { $0.hasPrefix("mentee-") }.map { String($0.dropFirst("mentee-".count)) }
        let choices = try await MenteeChoices.load(req, program: program, catalogue: catalogue,
                                                   path: SiteRoute.Pairs.mentorMatchNew.path(organization.id!, program.id!), chosen: ticked, limit: 200)
        return try await req.page(
            "pairing/mentor_match_new", title: "Встреча «Mentor Match»",
            breadcrumbs: PairingPaths.belowPairs(organization, program, "Новая встреча «Mentor Match»"),
            organization: organization, form: form, status: status,
            content: NewPage(
                organizationID: try organization.requireID(), programID: try program.requireID(),
                mentors: candidates.mentors.map {
                    PersonOption(id: $0.id!, name: $0.fullName, detail: "мест: \(candidates.seats[$0.id!] ?? 0)",
                                 checked: checkAll || form.values["mentor-\($0.id!)"] != nil)
                },
                mentees: choices.mentees.map {
                    PersonOption(id: $0.id!, name: $0.fullName, detail: [$0.className, $0.form.russianName].compactMap { $0 }.joined(separator: ", "),
                                 checked: (checkAll && choices.view.found <= choices.mentees.count) || form.values["mentee-\($0.id!)"] != nil)
                },
                candidates: choices.view))
    }

    /// POST …/pairs/mentor-match
    @Sendable func create(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let values = try req.formValues()
        let ids = { (prefix: String) in values.keys.filter { $0.hasPrefix(prefix) }.compactMap { UUID(uuidString: String($0.dropFirst(prefix.count))) }.sorted { $0.uuidString < $1.uuidString } }
        do {
            let session = try await PairingService.scheduleSession(
                .init(heldOn: values["heldOn"] ?? "", startsAt: values["startsAt"] ?? "", place: values["place"] ?? "",
                      slotMinutes: values["slotMinutes"] ?? "", sessionMinutes: values["sessionMinutes"] ?? "",
                      mentorIDs: ids("mentor-"), menteeIDs: ids("mentee-")),
                program: program, by: req.auditActor, on: req.db)
            return req.redirect(to: SiteRoute.Pairs.mentorMatch.path(organization.id!, program.id!, try session.requireID()),
                                flash: FlashMessage(.success, "Встреча назначена. Распечатайте расписание раундов."))
        } catch {
            guard let refusal = PairingRefusal(error, values: values, field: "mentees") else { throw error }
            return try await newPage(req, organization: organization, program: program, form: refusal.form, status: refusal.status)
        }
    }

    /// GET …/pairs/mentor-match/:sessionID — the timetable to print and the wishes.
    @Sendable func show(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let session = try await MentorMatchSessions.find(req.parameters.get("sessionID", as: UUID.self), program: program, on: req.db)
        let (mentors, mentees) = try await MentorMatchSessions.people(session, on: req.db)
        let mentorName = Dictionary(uniqueKeysWithValues: mentors.map { ($0.id!.uuidString, $0.fullName) })
        let menteeName = Dictionary(uniqueKeysWithValues: mentees.map { ($0.id!.uuidString, $0.fullName) })
        let timetable = try await MentorMatchSessions.timetable(session, program: program, on: req.db)
        let start = Self.minutes(session.startsAt)
        let rounds = timetable.rounds.map { round in
            let busy = Set(round.meetings.map(\.mentee))
            return RoundRow(number: round.number, time: Self.clock(start + round.startMinute) + "–" + Self.clock(start + round.startMinute + timetable.slotMinutes),
                            meetings: round.meetings.map { MeetingCell(mentor: mentorName[$0.mentor] ?? "", mentee: menteeName[$0.mentee] ?? "") }
                                .sorted { $0.mentor < $1.mentor },
                            resting: mentees.filter { !busy.contains($0.id!.uuidString) }.map(\.fullName).joined(separator: ", "))
        }
        let wishes = try await MentorMatchSessions.wishes(session, on: req.db)
        let places = 3
        func rows(_ kind: BaseKind, choosers: [(UUID, String)], options: [(UUID, String)]) -> [WishRow] {
            choosers.map { id, name in
                let chosen = wishes[kind]?[id] ?? []
                return WishRow(kind: kind.rawValue, id: id, name: name, choices: (0..<places).map { place in
                    [SelectOption("", "—", selected: chosen.count <= place)]
                        + options.map { SelectOption($0.0.uuidString, $0.1, selected: chosen.count > place && chosen[place] == $0.0) }
                })
            }
        }
        let mentorPeople = mentors.map { ($0.id!, $0.fullName) }, menteePeople = mentees.map { ($0.id!, $0.fullName) }
        var coinciding: [PairRow] = []
        for mentee in mentees {
            guard let first = wishes[.mentee]?[mentee.id!]?.first, wishes[.mentor]?[first]?.first == mentee.id else { continue }
            coinciding.append(PairRow(mentee: mentee.fullName, mentor: mentorName[first.uuidString] ?? ""))
        }
        return try await req.page(
            "pairing/mentor_match", title: "Встреча «Mentor Match»",
            breadcrumbs: PairingPaths.belowPairs(organization, program, "«Mentor Match» \(CalendarDay(iso: session.heldOn)?.russian ?? "")"),
            organization: organization,
            content: ShowPage(
                organizationID: try organization.requireID(), programID: try program.requireID(), sessionID: try session.requireID(),
                heldOn: CalendarDay(iso: session.heldOn)?.russian ?? session.heldOn, startsAt: session.startsAt, place: session.place,
                slotMinutes: timetable.slotMinutes, roundCount: timetable.roundCount, totalMinutes: timetable.totalMinutes,
                rounds: rounds, droppedCount: timetable.droppedPairs.count,
                menteeWishes: rows(.mentee, choosers: menteePeople, options: mentorPeople),
                mentorWishes: rows(.mentor, choosers: mentorPeople, options: menteePeople),
                wishCount: (wishes[.mentee]?.count ?? 0) + (wishes[.mentor]?.count ?? 0),
                coinciding: coinciding, pairsFormed: session.pairsFormedAt != nil))
    }

    /// POST …/mentor-match/:sessionID/wishes — one person's choices from their card:
    /// `kind`, `personID`, `choice-1…3`.
    @Sendable func saveWishes(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        guard let sessionID = req.parameters.get("sessionID", as: UUID.self) else { throw AppError.notFound }
        let values = try req.formValues()
        guard let kind = BaseKind(rawValue: values["kind"] ?? ""), let person = values["personID"].flatMap(UUID.init(uuidString:)) else {
            throw AppError.badRequest("Не указано, чьи это пожелания.")
        }
        let chosen = (1...3).compactMap { values["choice-\($0)"].flatMap(UUID.init(uuidString:)) }
        try await PairingService.setWishes(sessionID: sessionID, chooser: kind, chooserID: person, chosen: chosen, program: program,
                                           by: req.auditActor, on: req.db)
        return req.redirect(to: SiteRoute.Pairs.mentorMatch.path(organization.id!, program.id!, sessionID) + "#wish-\(person)",
                            flash: FlashMessage(.success, "Пожелания сохранены."))
    }

    /// POST …/mentor-match/:sessionID/import-wishes — from the «Mentor Match» questionnaires.
    @Sendable func importWishes(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        guard let sessionID = req.parameters.get("sessionID", as: UUID.self) else { throw AppError.notFound }
        let count = try await PairingService.importWishes(sessionID: sessionID, program: program, by: req.auditActor, on: req.db)
        return req.redirect(to: SiteRoute.Pairs.mentorMatch.path(organization.id!, program.id!, sessionID),
                            flash: FlashMessage(count > 0 ? .success : .warning,
                                                count > 0 ? "Пожелания взяты из анкет: \(count) участников." : "Ни один участник встречи ещё не заполнил анкету «Mentor Match»."))
    }

    /// POST …/mentor-match/:sessionID/form — pairs where wishes meet go to both sides.
    @Sendable func formPairs(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let formed = try await PairingService.formMentorMatchPairs(sessionID: req.parameters.get("sessionID", as: UUID.self), program: program,
                                                                   by: req.auditActor, on: req.db)
        return req.redirect(to: SiteRoute.Pairs.index.path(organization.id!, program.id!),
                            flash: FlashMessage(.success, "Пары по взаимным пожеланиям: \(formed.proposed) (совпали первые выборы: \(formed.coinciding.count)); без пары остались \(formed.unmatched.count) — они в списке «Без наставника»."))
    }
}
