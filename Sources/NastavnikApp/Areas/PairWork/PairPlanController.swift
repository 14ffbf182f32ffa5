import Fluent
import Vapor

/// «Индивидуальный план пары» as a DOCX (issue 20, item 4): the goals, the agreement and the
/// meetings the pair keeps in its space, laid out as the seeds' plan, for the pair and its
/// curator to print and sign.
struct PairPlanController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.PairSpace.plan, use: plan)
    }

    /// GET /pairs/:pairingID/plan.docx
    @Sendable func plan(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        let pairing = access.pairing
        let id = try pairing.requireID()
        let program = try await pairing.$program.get(on: req.db)
        let organization = try await program.$organization.get(on: req.db)
        let goals = try await PairGoal.query(on: req.db).filter(\.$pairing.$id == id).sort(\.$dueOn).all()
        let meetings = try await PairMeeting.query(on: req.db).filter(\.$pairing.$id == id).sort(\.$on).all()
        let agreement = try await PairAgreement.query(on: req.db).filter(\.$pairing.$id == id).first()
        let document = PairPlanDocument.document(
            organization: organization, program: program, pairing: pairing,
            mentees: access.agreedMembers.map(\.mentee), goals: goals, meetings: meetings, agreement: agreement)
        return try DocumentResponse.docx(document, fileName: "Индивидуальный план пары — \(pairing.mentor.fullName).docx")
    }
}

enum PairPlanDocument {
    static func document(organization: Organization, program: Program, pairing: Pairing, mentees: [Mentee],
                         goals: [PairGoal], meetings: [PairMeeting], agreement: PairAgreement?) -> DOCXDocument {
        let menteeNames = mentees.map { [$0.fullName, $0.className.map(GroupWord.of(organization.kind).label)].compactMap { $0 }.joined(separator: ", ") }
        var blocks: [DOCXDocument.Block] = [
            .text(organization.name, alignment: .center),
            .heading("ИНДИВИДУАЛЬНЫЙ ПЛАН РАБОТЫ НАСТАВНИЧЕСКОЙ \(mentees.count > 1 ? "ГРУППЫ" : "ПАРЫ")", level: 1),
            .text("Программа наставничества \(program.name.quoted()), форма «\(pairing.form.russianName(in: organization.kind))»", alignment: .center),
            .table(.init(header: ["", ""], rows: [
                ["Наставник", [pairing.mentor.fullName, pairing.mentor.position].compactMap { FieldParsing.trimmedOrNil($0) }.joined(separator: ", ")],
                [mentees.count > 1 ? "Наставляемые" : "Наставляемый", FieldParsing.trimmedOrNil(menteeNames.joined(separator: "; ")) ?? "—"],
                ["Срок программы", program.periodText],
            ], columnWidths: [3, 9])),
            .heading("1. Цели и ожидаемые результаты", level: 2),
        ]
        if goals.isEmpty {
            blocks.append(.text("Цели пара ставит на первой встрече и записывает в своём пространстве на платформе."))
        } else {
            blocks.append(.table(.init(
                header: ["Цель", "Желаемый результат", "Действия", "Показатель", "Срок"],
                rows: goals.map { [$0.title + "\n(" + $0.horizon.russianName.lowercased() + ")", $0.desiredResult, $0.actions, $0.indicator,
                                   CalendarDay(iso: $0.dueOn)?.russian ?? $0.dueOn] },
                columnWidths: [3, 3, 4, 3, 2])))
        }
        blocks.append(.heading("2. Договорённости", level: 2))
        if let agreement {
            blocks += [
                .text("Встречи: \(RussianPlural.count(agreement.meetingsPerMonth, "раз", "раза", "раз")) в месяц. \(agreement.communication)", alignment: .justify),
                .text("Конфиденциальность: \(agreement.confidentiality)", alignment: .justify),
                .text("Границы: \(agreement.boundaries)", alignment: .justify),
                .text("Договорились \(CalendarDay(iso: agreement.agreedOn)?.russian ?? agreement.agreedOn).", alignment: .left),
            ]
        } else {
            blocks.append(.text("Пара ещё не записала договорённости о встречах и общении."))
        }
        blocks.append(.heading("3. План встреч", level: 2))
        if meetings.isEmpty {
            blocks.append(.text("Встречи ещё не запланированы."))
        } else {
            blocks.append(.table(.init(
                header: ["№", "Дата", "Встреча", "Формат", "Итог"],
                rows: meetings.enumerated().map { index, meeting in
                    ["\(index + 1).", (CalendarDay(iso: meeting.on)?.russian ?? meeting.on) + (meeting.startsAt.isEmpty ? "" : ", \(meeting.startsAt)"),
                     "\(meeting.kind.russianName) — \(meeting.status.russianName.lowercased())", meeting.format.russianName, meeting.summary]
                },
                columnWidths: [1, 3, 4, 2, 6])))
        }
        blocks += [
            .text(" "),
            .text("Наставник ______________________ / \(pairing.mentor.shortName(.nominative)) /"),
            .text("Наставляемый ______________________ / \(mentees.map { $0.shortName(.nominative) }.joined(separator: ", ")) /"),
            .text("Куратор ______________________ / ______________________ /"),
        ]
        return DOCXDocument(blocks: blocks)
    }
}
