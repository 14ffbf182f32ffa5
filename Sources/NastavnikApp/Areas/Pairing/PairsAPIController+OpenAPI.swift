import MentorMatching
import Vapor

extension PairsAPIController {
    private static let base = "/api/v1/organizations/{organizationID}/programs/{programID}/pairings"
    private static var scope: [[String: Any]] {
        [OpenAPIDocument.uuidPathParameter("organizationID", "Идентификатор организации"),
         OpenAPIDocument.uuidPathParameter("programID", "Идентификатор программы")]
    }
    private static var sessionParameter: [String: Any] { OpenAPIDocument.uuidPathParameter("sessionID", "Идентификатор встречи «Mentor Match»") }

    /// Every operation of this controller, for the OpenAPI document.
    static var operations: [OpenAPIDocument.Operation] { [
        .init(method: .GET, path: base, summary: "Пары и группы программы (включая черновик предложения) и наставляемые без наставника",
              tag: "Пары и группы", requiresAuth: true, parameters: scope, responseSchema: OpenAPIDocument.ref("PairingList")),
        .init(method: .POST, path: base, summary: "Предложить пару после встречи (предложение куратора, день открытых дверей, личная встреча)",
              tag: "Пары и группы", requiresAuth: true, parameters: scope, responseSchema: OpenAPIDocument.ref("Pairing"),
              requestSchema: OpenAPIDocument.ref("PairingProposalInput"), successStatus: 201, mayConflict: true, refusals: PairingError.documented),
        .init(method: .POST, path: base + "/matching-runs", summary: "Подобрать пары по анкетам с весами критериев; результат — черновик предложения",
              tag: "Пары и группы", requiresAuth: true, parameters: scope, responseSchema: OpenAPIDocument.ref("MatchingRun"),
              requestSchema: OpenAPIDocument.ref("MatchingRunInput"), successStatus: 201, mayConflict: true, refusals: PairingError.documented),
        .init(method: .POST, path: base + "/send", summary: "Отправить черновик предложения сторонам на согласие",
              tag: "Пары и группы", requiresAuth: true, parameters: scope, responseSchema: OpenAPIDocument.ref("SentProposal")),
        .init(method: .POST, path: base + "/members/{memberID}/answer", summary: "Записать ответ стороны (согласие или отказ) на предложенную пару",
              tag: "Пары и группы", requiresAuth: true,
              parameters: scope + [OpenAPIDocument.uuidPathParameter("memberID", "Идентификатор места наставляемого в паре")],
              responseSchema: OpenAPIDocument.ref("PairingAnswerResult"), requestSchema: OpenAPIDocument.ref("PairingAnswerInput"), mayConflict: true, refusals: PairingError.documented),
        .init(method: .POST, path: base + "/mentor-match-sessions", summary: "Назначить встречу «Mentor Match» и получить расписание быстрых встреч",
              tag: "Пары и группы", requiresAuth: true, parameters: scope, responseSchema: OpenAPIDocument.ref("MentorMatchSession"),
              requestSchema: OpenAPIDocument.ref("MentorMatchSessionInput"), successStatus: 201),
        .init(method: .GET, path: base + "/mentor-match-sessions/{sessionID}/timetable", summary: "Расписание раундов быстрых встреч",
              tag: "Пары и группы", requiresAuth: true, parameters: scope + [sessionParameter], responseSchema: OpenAPIDocument.ref("MentorMatchSession")),
        .init(method: .POST, path: base + "/mentor-match-sessions/{sessionID}/wishes", summary: "Пожелания участника после встречи: с кем хотел бы работать, по порядку",
              tag: "Пары и группы", requiresAuth: true, parameters: scope + [sessionParameter], responseSchema: [:],
              requestSchema: OpenAPIDocument.ref("MentorMatchWishesInput"), successStatus: 204),
        .init(method: .POST, path: base + "/mentor-match-sessions/{sessionID}/pairs", summary: "Сформировать пары там, где пожелания совпадают (каждый назвал другого, с учётом мест у наставников)",
              tag: "Пары и группы", requiresAuth: true, parameters: scope + [sessionParameter], responseSchema: OpenAPIDocument.ref("MentorMatchPairs")),
    ] }

    static var schemas: [String: Any] {
        let string: [String: Any] = ["type": "string"]
        let uuid: [String: Any] = ["type": "string", "format": "uuid"]
        let integer: [String: Any] = ["type": "integer"]
        let answer: [String: Any] = ["type": "string", "enum": PairingAnswer.allCases.map(\.rawValue)]
        let criteria = Criterion.allCases.map(\.rawValue)
        return [
            "PairingMember": ["type": "object", "required": ["id", "menteeId", "menteeName", "explanation", "menteeAnswer", "mentorAnswer"], "properties": [
                "id": uuid, "menteeId": uuid, "menteeName": string, "score": ["type": "integer", "minimum": 0, "maximum": 100],
                "explanation": ["type": "array", "items": string], "menteeAnswer": answer, "mentorAnswer": answer,
            ]],
            "Pairing": ["type": "object", "required": ["id", "mentorId", "mentorName", "form", "scheme", "status", "repeatsPrevious", "members"], "properties": [
                "id": uuid, "mentorId": uuid, "mentorName": string,
                "form": ["type": "string", "enum": MentoringForm.allCases.map(\.rawValue)],
                "scheme": ["type": "string", "enum": PairingScheme.allCases.map(\.rawValue)],
                "status": ["type": "string", "enum": PairingStatus.allCases.map(\.rawValue)],
                "repeatsPrevious": ["type": "boolean"], "orderNumber": string, "orderOn": ["type": "string", "format": "date"],
                "members": ["type": "array", "items": OpenAPIDocument.ref("PairingMember")],
            ]],
            "PairingList": ["type": "object", "required": ["items", "unmatchedMenteeIds"], "properties": [
                "items": ["type": "array", "items": OpenAPIDocument.ref("Pairing")], "unmatchedMenteeIds": ["type": "array", "items": uuid],
            ]],
            "MatchingRunInput": ["type": "object", "properties": [
                "weights": ["type": "object", "description": "Критерии: \(criteria.joined(separator: ", ")). Все веса 0 без обязательного критерия — отказ 422 (weights_all_zero), как на странице",
                            "additionalProperties": ["type": "object", "required": ["weight"], "properties": [
                                "weight": ["type": "integer", "minimum": 0, "maximum": 10], "required": ["type": "boolean"]]]],
                "objective": ["type": "string", "enum": ["maxMatchedThenScore", "maxScore"]],
                "previousPairs": ["type": "string", "enum": MatchingRunner.PreviousPairs.allCases.map(\.rawValue)],
            ]],
            "MatchingRun": ["type": "object", "required": ["id", "menteeCount", "mentorCount", "matchedCount", "totalScore", "proposal", "unmatchedMenteeIds"], "properties": [
                "id": uuid, "menteeCount": integer, "mentorCount": integer, "matchedCount": integer, "totalScore": integer, "milliseconds": integer,
                "proposal": ["type": "array", "items": OpenAPIDocument.ref("Pairing")], "unmatchedMenteeIds": ["type": "array", "items": uuid],
                "weights": ["type": "object", "description": "Веса, с которыми получен черновик, по критериям",
                            "additionalProperties": ["type": "object", "properties": ["weight": integer, "required": ["type": "boolean"]]]],
                "weightsText": ["type": "string", "description": "Те же веса словами, как на странице пар"],
            ]],
            "SentProposal": ["type": "object", "required": ["sent"], "properties": ["sent": integer]],
            "PairingProposalInput": ["type": "object", "required": ["menteeId", "mentorId", "scheme", "meetingOn"], "properties": [
                "menteeId": uuid, "mentorId": uuid, "scheme": ["type": "string", "enum": ["curatorProposal", "openDay", "personalMeeting"]],
                "meetingOn": ["type": "string", "format": "date"], "meetingNote": string,
            ]],
            "PairingAnswerInput": ["type": "object", "required": ["side", "answer"], "properties": [
                "side": ["type": "string", "enum": ["mentee", "mentor"]], "answer": ["type": "string", "enum": ["accepted", "declined"]], "note": string,
            ]],
            "PairingAnswerResult": ["type": "object", "required": ["outcome", "member"], "properties": [
                "outcome": ["type": "string", "enum": ["waiting", "formed", "declined"]], "member": OpenAPIDocument.ref("PairingMember"),
            ]],
            "MentorMatchSessionInput": ["type": "object", "required": ["heldOn", "startsAt", "slotMinutes", "mentorIds", "menteeIds"], "properties": [
                "heldOn": ["type": "string", "format": "date"], "startsAt": ["type": "string", "pattern": "^([01]?\\d|2[0-3]):[0-5]\\d$"], "place": string,
                "slotMinutes": ["type": "integer", "minimum": 5, "maximum": 10], "sessionMinutes": ["type": "integer", "minimum": 5],
                "mentorIds": ["type": "array", "items": uuid], "menteeIds": ["type": "array", "items": uuid],
            ]],
            "MentorMatchSession": ["type": "object", "required": ["id", "timetable"], "properties": [
                "id": uuid,
                "timetable": ["type": "object", "required": ["slotMinutes", "roundCount", "totalMinutes", "rounds", "droppedPairs"], "properties": [
                    "slotMinutes": integer, "roundCount": integer, "totalMinutes": integer,
                    "rounds": ["type": "array", "items": ["type": "object", "properties": [
                        "number": integer, "startMinute": integer,
                        "meetings": ["type": "array", "items": ["type": "object", "properties": ["mentee": string, "mentor": string, "score": integer]]],
                    ]]],
                    "droppedPairs": ["type": "array", "items": ["type": "object", "properties": ["mentee": string, "mentor": string]]],
                ]],
            ]],
            "MentorMatchWishesInput": ["type": "object", "required": ["kind", "personId", "chosen"], "properties": [
                "kind": ["type": "string", "enum": ["mentee", "mentor"]], "personId": uuid, "chosen": ["type": "array", "items": uuid],
            ]],
            "MentorMatchPairs": ["type": "object", "required": ["proposed", "coinciding", "unmatchedMenteeIds"], "properties": [
                "proposed": integer,
                "coinciding": ["type": "array", "items": ["type": "object", "properties": ["menteeId": uuid, "mentorId": uuid]]],
                "unmatchedMenteeIds": ["type": "array", "items": uuid],
            ]],
        ]
    }
}
