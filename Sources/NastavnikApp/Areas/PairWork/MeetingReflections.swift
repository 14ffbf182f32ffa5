import Fluent
import Foundation
import SQLKit

/// Each side's reflection after a held meeting (seed 003): the questions the meeting asks, and
/// saving them so that a second send never silently replaces the first. A new reflection is
/// written once; changing it is an explicit edit that carries the version it started from.
enum MeetingReflections {
    /// One question of a meeting's reflection and the column its answer is kept in.
    struct Question: Sendable, Equatable {
        let field: String
        let text: String
    }

    /// The trial meeting asks its own four questions («Пробная рабочая встреча», seed 003, as the
    /// built-in questionnaire «Пробная рабочая встреча: рефлексия» has them); every other meeting
    /// the four of «Рефлексия после встречи» after «Приблизились ли мы сегодня к цели?».
    static func questions(for kind: MeetingKind) -> [Question] {
        if kind == .trial {
            let template = QuestionnaireTemplate.trialMeeting.definition.questions
            func text(_ id: String, _ fallback: String) -> String { template.first { $0.id == id }?.text ?? fallback }
            return [
                Question(field: "wentWell", text: text("q1", "Что получилось?")),
                Question(field: "liked", text: text("q2", "Что понравилось?")),
                Question(field: "madePossibleBy", text: text("q3", "Благодаря чему стало возможно достичь результата?")),
                Question(field: "toChange", text: text("q4", "Что в следующий раз можно будет сделать по-другому?")),
            ]
        }
        return [
            Question(field: "wentWell", text: "Что сегодня получилось хорошо?"),
            Question(field: "toChange", text: "Что стоит изменить в следующий раз?"),
            Question(field: "feeling", text: "Как я сейчас себя чувствую?"),
            Question(field: "nextSteps", text: "Что нужно сделать к следующей встрече?"),
        ]
    }

    /// «Приблизились ли мы сегодня к цели?» — not at the trial meeting, where no goal is set yet.
    static func asksCloserToGoal(_ kind: MeetingKind) -> Bool { kind != .trial }

    /// The saved answer to one question.
    static func answer(_ reflection: MeetingReflection, _ field: String) -> String {
        switch field {
        case "wentWell": reflection.wentWell
        case "toChange": reflection.toChange
        case "feeling": reflection.feeling
        case "nextSteps": reflection.nextSteps
        case "liked": reflection.liked ?? ""
        case "madePossibleBy": reflection.madePossibleBy ?? ""
        default: ""
        }
    }

    /// What a form sent, checked: the answer to «приблизились ли» where the meeting asks it, and
    /// texts of at most 2000 characters.
    static func parse(_ values: [String: String], kind: MeetingKind) throws -> (CloserToGoal, [String: String]) {
        let closer: CloserToGoal
        if asksCloserToGoal(kind) {
            guard let answer = CloserToGoal(rawValue: values["closerToGoal"] ?? ""), answer != .notAsked else {
                throw AppError.validation(["closerToGoal": "Ответьте, приблизились ли вы сегодня к цели."])
            }
            closer = answer
        } else {
            closer = .notAsked
        }
        var texts: [String: String] = [:]
        for question in questions(for: kind) {
            texts[question.field] = (values[question.field] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if texts.values.contains(where: { $0.count > 2000 }) { throw AppError.validation(["wentWell": "Каждый ответ — не более 2000 знаков."]) }
        if !asksCloserToGoal(kind) && texts.values.allSatisfy(\.isEmpty) {
            throw AppError.validation(["wentWell": "Ответьте хотя бы на один вопрос рефлексии."])
        }
        return (closer, texts)
    }

    /// Saves a side's reflection. Without `version` it is the first one: refused when the side has
    /// written one already (the partial unique indexes of M034 decide when two arrive at once).
    /// With `version` it edits the saved one only if nobody changed it since that version.
    static func save(on meeting: PairMeeting, side: BaseKind, memberID: UUID?, values: [String: String], by name: String,
                     on db: any Database) async throws {
        guard meeting.status == .held else { throw PairWorkError.reflectionBeforeMeeting }
        let (closer, texts) = try parse(values, kind: meeting.kind)
        let meetingID = try meeting.requireID()
        let version = Int((values["version"] ?? "").trimmingCharacters(in: .whitespaces))
        var query = MeetingReflection.query(on: db).filter(\.$meeting.$id == meetingID).filter(\.$side == side)
        query = memberID.map { query.filter(\.$memberID == $0) } ?? query.filter(\.$memberID == nil)
        let saved = try await query.first()
        guard let version else {
            if saved != nil { throw PairWorkError.reflectionAlreadySaved }
            let reflection = MeetingReflection()
            reflection.$meeting.id = meetingID
            reflection.side = side
            reflection.memberID = memberID
            reflection.closerToGoal = closer
            reflection.wentWell = texts["wentWell"] ?? ""
            reflection.toChange = texts["toChange"] ?? ""
            reflection.feeling = texts["feeling"] ?? ""
            reflection.nextSteps = texts["nextSteps"] ?? ""
            reflection.liked = texts["liked"]
            reflection.madePossibleBy = texts["madePossibleBy"]
            reflection.writtenByName = name
            reflection.version = 1
            do {
                try await reflection.create(on: db)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                throw PairWorkError.reflectionAlreadySaved
            }
            return
        }
        guard let saved, let sql = db as? any SQLDatabase else { throw PairWorkError.reflectionChangedMeanwhile }
        let rows = try await sql.raw("""
            UPDATE \(ident: MeetingReflection.schema)
            SET closer_to_goal = \(bind: closer.rawValue), went_well = \(bind: texts["wentWell"] ?? saved.wentWell),
                to_change = \(bind: texts["toChange"] ?? saved.toChange), feeling = \(bind: texts["feeling"] ?? saved.feeling),
                next_steps = \(bind: texts["nextSteps"] ?? saved.nextSteps), liked = \(bind: texts["liked"] ?? saved.liked),
                made_possible_by = \(bind: texts["madePossibleBy"] ?? saved.madePossibleBy), written_by_name = \(bind: name),
                version = \(bind: version + 1)
            WHERE id = \(bind: try saved.requireID()) AND COALESCE(version, 1) = \(bind: version) RETURNING id
            """).all()
        if rows.isEmpty { throw PairWorkError.reflectionChangedMeanwhile }
    }
}
