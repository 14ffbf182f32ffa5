import Fluent
import Vapor

/// «Новый учебный год» (issue 18, item 5): the classes of the mentee base with the proposed step,
/// the preview of what changes, the step itself and its undo.
struct AcademicYearAdvanceController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Participants.academicYear, use: show)
        routes.on(SiteRoute.Participants.academicYearPreview, use: preview)
        routes.on(SiteRoute.Participants.academicYearApply, use: apply)
        routes.on(SiteRoute.Participants.academicYearUndo, use: undo)
    }

    struct Page: Encodable {
        struct Row: Encodable {
            let index: Int
            let className: String
            let people: Int
            let inWorkingPairs: Int
            let to: String
            let graduate: Bool
            /// The rule did not recognize the name: it stays unless the curator types another.
            let unknown: Bool
            /// Pupil or student mentors of the class, who move with it.
            var mentors = 0
        }
        struct PreviewRow: Encodable {
            let from: String
            let to: String
            let graduate: Bool
            let people: Int
            let inWorkingPairs: Int
            var mentors = 0
        }
        struct Preview: Encodable {
            let rows: [PreviewRow]
            let unchanged: [String]
            let merges: [String]
            let moved: Int
            let graduated: Int
        }
        struct Step: Encodable {
            let id: UUID
            let year: String
            let createdAt: Date?
            let createdBy: String
            let changed: Int
            let undoneAt: Date?
            let mayUndo: Bool
        }
        let organizationID: UUID
        let years: [SelectOption]
        let rows: [Row]
        var preview: Preview? = nil
        let history: [Step]
        /// «Класс», «Группа», «Подразделение» and the page's opening words by the organization (issue 20, item 3).
        var group = GroupLabels(.schoolClass)
        var intro = AcademicYearAdvanceController.intro(.school)
    }

    /// GET /orgs/:organizationID/academic-year
    @Sendable func show(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let classes = try await AcademicYearAdvancing.classes(organizationID: organization.requireID(), on: req.db)
        var values: [String: String] = ["year": String(AcademicYearAdvancing.targetYear().startYear)]
        for (index, row) in classes.enumerated() {
            values["class-\(index)"] = row.className
            switch AcademicYearAdvancePlan.proposal(for: row.className) {
            case .rename(let next): values["to-\(index)"] = next
            case .graduate: values["to-\(index)"] = row.className; values["graduate-\(index)"] = "1"
            case .unknown: values["to-\(index)"] = row.className
            }
        }
        return try await page(req, organization: organization, classes: classes, form: FormState(values: values))
    }

    private func page(_ req: Request, organization: Organization, classes: [AcademicYearAdvancing.ClassRow], form: FormState,
                      preview: Page.Preview? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let organizationID = try organization.requireID()
        let target = AcademicYearAdvancing.targetYear()
        let chosen = form.values["year"] ?? String(target.startYear)
        let rows = classes.enumerated().map { index, row in
            Page.Row(index: index, className: row.className, people: row.people, inWorkingPairs: row.inWorkingPairs,
                     to: form.values["to-\(index)"] ?? row.className, graduate: form.values["graduate-\(index)"] == "1",
                     unknown: AcademicYearAdvancePlan.proposal(for: row.className) == .unknown, mentors: row.mentors)
        }
        return try await req.page(
            "participants/academic_year", title: "Новый учебный год",
            breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)), .init("База наставляемых", SiteRoute.Bases.mentees.index.path(organizationID)),
                          .init("Новый учебный год")],
            organization: organization, form: form, status: status,
            content: Page(organizationID: organizationID,
                          years: [target, target.adding(1)].map { SelectOption(String($0.startYear), $0.title, selected: String($0.startYear) == chosen) },
                          rows: rows, preview: preview, history: try await history(organizationID: organizationID, on: req.db),
                          group: GroupLabels.of(organization.kind), intro: Self.intro(organization.kind))
        )
    }

    /// What the step does, in the words of the organization's kind.
    static func intro(_ kind: OrganizationKind) -> String {
        let rest = "уходят из действующей базы, но их карточки, пары и ответы остаются в истории и в показателях своих лет. Сначала посмотрите, что изменится; сделанный переход можно отменить."
        // Pupil and student mentors move with their class or group (issue 18, item 5); each kind says it in its own words.
        switch GroupWord.of(kind) {
        case .schoolClass:
            return "Классы базы наставляемых переходят на год вперёд одним шагом: 7Б становится 8Б. Ученики-наставники, у которых в карточке указан класс, переходят и выпускаются вместе с ними. Выпускники (11 класс) " + rest
        case .studentGroup:
            return "Группы базы наставляемых переходят на год вперёд одним шагом: группа ТМ-21 (2 курс) становится ТМ-31. Студенты-наставники, у которых в карточке указана группа, переходят и выпускаются вместе с ними. Выпускники (последний курс) " + rest
        case .department:
            return "Наставляемые, у которых указан курс или год обучения, переходят на год вперёд одним шагом; подразделения остаются как есть. Наставники, у которых указан курс, переходят вместе с ними. Выпускники " + rest
        }
    }

    private func history(organizationID: UUID, on db: any Database) async throws -> [Page.Step] {
        let steps = try await AcademicYearAdvance.query(on: db).filter(\.$organization.$id == organizationID)
            .with(\.$createdBy).sort(\.$createdAt, .descending).range(0..<10).all()
        let latestActive = steps.filter { $0.undoneAt == nil }.max { $0.academicYear < $1.academicYear }?.id
        var result: [Page.Step] = []
        for step in steps {
            let changed = try await AcademicYearChange.query(on: db).filter(\.$advance.$id == step.requireID()).count()
                + AcademicYearMentorChange.query(on: db).filter(\.$advance.$id == step.requireID()).count()
            result.append(Page.Step(id: try step.requireID(), year: AcademicYear(startYear: step.academicYear).title, createdAt: step.createdAt,
                                    createdBy: step.createdBy.shortName, changed: changed, undoneAt: step.undoneAt,
                                    mayUndo: step.id == latestActive))
        }
        return result
    }

    /// Reads the form; on a mistake re-renders it with the typed values (422).
    private func read(_ req: Request, organization: Organization) async throws
        -> (classes: [AcademicYearAdvancing.ClassRow], values: [String: String], moves: [AcademicYearAdvancePlan.Move], year: AcademicYear?, errors: [String: String]) {
        let classes = try await AcademicYearAdvancing.classes(organizationID: organization.requireID(), on: req.db)
        let values = try req.content.decode([String: String].self)
        var (moves, errors) = AcademicYearAdvancePlan.moves(from: values, existing: Set(classes.map(\.className)))
        let target = AcademicYearAdvancing.targetYear()
        let year = values["year"].flatMap(Int.init).map(AcademicYear.init(startYear:)).flatMap { [target, target.adding(1)].contains($0) ? $0 : nil }
        if year == nil { errors["year"] = "Выберите учебный год." }
        if !moves.contains(where: \.changes) && errors.isEmpty { errors["year"] = "Ни один класс не меняется: укажите новые названия или выпуск." }
        moves.sort { AcademicYearAdvancing.classOrder($0.from, $1.from) }
        return (classes, values, moves, year, errors)
    }

    /// POST /orgs/:organizationID/academic-year/preview — what the step would change; nothing is written.
    @Sendable func preview(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let (classes, values, moves, _, errors) = try await read(req, organization: organization)
        guard errors.isEmpty else {
            return try await page(req, organization: organization, classes: classes, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
        let byName = Dictionary(uniqueKeysWithValues: classes.map { ($0.className, $0) })
        let changing = moves.filter(\.changes)
        let rows = changing.map { move in
            Page.PreviewRow(from: move.from, to: move.to, graduate: move.graduate, people: byName[move.from]?.people ?? 0,
                            inWorkingPairs: byName[move.from]?.inWorkingPairs ?? 0, mentors: byName[move.from]?.mentors ?? 0)
        }
        let preview = Page.Preview(rows: rows, unchanged: moves.filter { !$0.changes }.map(\.from),
                                   merges: AcademicYearAdvancePlan.merges(moves),
                                   moved: rows.filter { !$0.graduate }.reduce(0) { $0 + $1.people + $1.mentors },
                                   graduated: rows.filter(\.graduate).reduce(0) { $0 + $1.people + $1.mentors })
        return try await page(req, organization: organization, classes: classes, form: FormState(values: values), preview: preview)
    }

    /// POST /orgs/:organizationID/academic-year — the step, in one transaction.
    @Sendable func apply(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let organizationID = try organization.requireID()
        let (classes, values, moves, year, errors) = try await read(req, organization: organization)
        guard errors.isEmpty, let year else {
            return try await page(req, organization: organization, classes: classes, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
        let summary: AcademicYearAdvancing.Summary
        do {
            summary = try await AcademicYearAdvancing.apply(moves, into: year, organizationID: organizationID, by: req.requirePrincipal(), on: req.db)
        } catch let failure as AcademicYearAdvancing.Failure {
            return try await page(req, organization: organization, classes: classes,
                                  form: FormState(values: values, errors: ["year": Self.message(failure)]), status: .conflict)
        }
        let moved = RussianPlural.count(summary.moved, "человек переведён", "человека переведены", "человек переведены")
        let graduated = RussianPlural.count(summary.graduated, "выпускник вышел", "выпускника вышли", "выпускников вышли")
        return req.redirect(to: SiteRoute.Participants.academicYear.path(organizationID),
                            flash: FlashMessage(.success, "Переход в \(year.title) учебный год сделан: \(moved), \(graduated) из действующей базы. Его можно отменить ниже."))
    }

    struct UndoForm: Content { var advanceID: String? }

    /// POST /orgs/:organizationID/academic-year/undo — the latest step, named in the form so that a
    /// second click never undoes the step before it.
    @Sendable func undo(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let organizationID = try organization.requireID()
        guard let id = try req.content.decode(UndoForm.self).advanceID.flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        let back = SiteRoute.Participants.academicYear.path(organizationID)
        do {
            let summary = try await AcademicYearAdvancing.undo(id, organizationID: organizationID, by: req.requirePrincipal(), on: req.db)
            var message = "Переход отменён: классы и статусы возвращены (\(RussianPlural.count(summary.restored, "карточка", "карточки", "карточек")))."
            if !summary.keptNames.isEmpty {
                message += " Изменённые после перехода оставлены как есть: \(summary.keptNames.joined(separator: ", "))."
            }
            return req.redirect(to: back, flash: FlashMessage(summary.keptNames.isEmpty ? .success : .warning, message))
        } catch let failure as AcademicYearAdvancing.Failure {
            return req.redirect(to: back, flash: FlashMessage(.error, Self.message(failure)))
        }
    }

    static func message(_ failure: AcademicYearAdvancing.Failure) -> String {
        switch failure {
        case .alreadyAdvanced(let year): "Переход в \(year.title) учебный год уже сделан. Чтобы сделать его иначе, сначала отмените прежний."
        case .laterStepExists: "Есть переход в более поздний учебный год: сначала отмените его."
        case .alreadyUndone: "Этот переход уже отменён."
        case .nothingToChange: "Ни один класс не меняется: укажите новые названия или выпуск."
        }
    }
}
