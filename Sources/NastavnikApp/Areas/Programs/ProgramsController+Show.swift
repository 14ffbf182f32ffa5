import Fluent
import Vapor

extension ProgramsController {
    struct ShowPage: Encodable {
        struct Member: Encodable { let name: String; let responsibility: String }
        struct StageView: Encodable {
            let number: Int
            let name: String
            let isCurrent: Bool
            let isPast: Bool
            let items: [StageChecklist.Entry]
            let openCount: Int
        }
        struct Move: Encodable { let number: Int; let name: String; let openCount: Int; let confirm: String }
        struct Transition: Encodable { let at: Date; let from: Int; let to: Int; let actor: String; let openItems: Int }

        let organizationID: UUID
        let programID: UUID
        let name: String
        let forms: String
        let roleModels: [String]
        let goals: String
        let expectedResults: String
        let period: String
        let partners: [String]
        let curators: [Member]
        let team: [Member]
        let stage: Int
        let stageName: String
        let health: String
        let stages: [StageView]
        let next: Move?
        let previous: Move?
        let overdue: [RoadmapRow]
        let roadmapTotal: Int
        let roadmapDone: Int
        let transitions: [Transition]
        let canManage: Bool
        /// Selection and training pages are for the curator, administration and psychologist.
        let canSelectMentors: Bool
        /// The program's questionnaires, for those who send them (`ProgramSurveys`).
        let surveys: ProgramSurveys.Summary?
    }

    /// GET /orgs/:organizationID/programs/:programID
    @Sendable func show(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .viewPrograms)
        let organizationID = try organization.requireID(), programID = try program.requireID()
        let today = CalendarDay.today()
        let evidence = req.application.checklistEvidence
        let checklist = try await StageChecklist.load(program, evidence: evidence, on: req.db)
        let team = try await program.$team.query(on: req.db).sort(\.$position).all()
        let roadmap = try await RoadmapItem.query(on: req.db).filter(\.$program.$id == programID).sort(\.$position).all()
        let rows = RoadmapRow.rows(roadmap, today: today)
        let summary = try await ProgramSummary.summary(program, kind: organization.kind, evidence: evidence, today: today, on: req.db)
        let transitions = try await StageTransition.query(on: req.db).filter(\.$program.$id == programID).sort(\.$at, .descending).range(..<20).all()

        let stages = ProgramStage.allCases.map { stage in
            let items = checklist.entries(of: stage)
            return ShowPage.StageView(number: stage.rawValue, name: stage.russianName, isCurrent: stage == program.stage,
                                      isPast: stage < program.stage, items: items, openCount: items.filter { !$0.isDone }.count)
        }
        let openNow = checklist.openItems(upTo: program.stage).count
        let next = program.stage.next.map { stage in
            ShowPage.Move(number: stage.rawValue, name: stage.russianName, openCount: openNow,
                          confirm: openNow == 0 ? "Перевести программу на этап \(stage.rawValue)?"
                              : "Не выполнено пунктов: \(openNow). Всё равно перевести программу на этап \(stage.rawValue)?")
        }
        let previous = ProgramStage(rawValue: program.stage.rawValue - 1).map { stage in
            ShowPage.Move(number: stage.rawValue, name: stage.russianName, openCount: 0, confirm: "Вернуть программу на этап \(stage.rawValue)?")
        }
        let members = { (curator: Bool) in team.filter { $0.isCurator == curator }.map { ShowPage.Member(name: $0.fullName, responsibility: $0.responsibility) } }
        return try await req.page(
            "programs/show", title: program.name,
            breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)),
                          .init("Программы", SiteRoute.Programs.index.path(organizationID)), .init(program.name)],
            organization: organization,
            content: ShowPage(
                organizationID: organizationID, programID: programID, name: program.name,
                forms: program.forms.map { $0.russianName(in: organization.kind) }.joined(separator: ", "), roleModels: program.roleModels.map(\.russianName),
                goals: program.goals, expectedResults: program.expectedResults, period: program.periodText,
                partners: try await ProgramPartners.partners(of: program, on: req.db).map { "\($0.name) (на платформе)" } + program.partnerList,
                curators: members(true), team: members(false), stage: program.stage.rawValue, stageName: program.stage.russianName,
                health: summary.healthName, stages: stages, next: next, previous: previous,
                overdue: rows.filter(\.isOverdue), roadmapTotal: rows.count, roadmapDone: rows.filter { $0.status == RoadmapStatus.done.rawValue }.count,
                transitions: transitions.map { .init(at: $0.at, from: $0.fromStage.rawValue, to: $0.toStage.rawValue, actor: $0.actorName, openItems: $0.openItems) },
                canManage: req.may(.managePrograms, in: organization),
                canSelectMentors: req.may(.selectMentors, in: organization),
                surveys: req.may(.manageQuestionnaires, in: organization) ? try await ProgramSurveys.summary(program, on: req.db) : nil))
    }
}

/// A roadmap item as pages, exports and the API show it, numbered in order.
struct RoadmapRow: Encodable, Sendable {
    let id: UUID
    let number: Int
    let title: String
    let stage: Int
    let stageName: String
    let contour: String
    let deadline: String
    let academicYear: String?
    let expectedResult: String
    let responsible: String
    let document: String
    let status: String
    let statusName: String
    let isOverdue: Bool
    let note: String

    static func rows(_ items: [RoadmapItem], today: CalendarDay) -> [RoadmapRow] {
        items.enumerated().compactMap { index, item in
            guard let id = item.id else { return nil }
            let status = item.status(today: today)
            return RoadmapRow(id: id, number: index + 1, title: item.title, stage: item.stage.rawValue, stageName: item.stage.russianName,
                              contour: item.contour.russianName, deadline: item.deadlineText, academicYear: item.academicYear,
                              expectedResult: item.expectedResult, responsible: item.responsible, document: item.document,
                              status: status.rawValue, statusName: status.russianName, isOverdue: status == .overdue, note: item.note)
        }
    }
}
