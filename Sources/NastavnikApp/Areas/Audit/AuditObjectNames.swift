/// The audit log keeps the kind of object in the code's words («pairMeeting», «mentee»); the page
/// says it in the curator's. A kind missing here reads «запись», never the code word.
enum AuditObjectNames {
    static let russian: [String: String] = [
        "program": "программа", "mentor": "наставник", "mentee": "наставляемый", "questionnaire": "анкета",
        "user": "учётная запись", "mentorMatchSession": "сессия Mentor Match", "pairing": "пара или группа",
        "pairingMember": "участник пары", "pairMeeting": "встреча пары", "pairConcern": "обращение наставляемого",
        "pairResult": "результат пары", "finalAnswer": "итоговая анкета пары", "contest": "конкурс",
        "contestApplication": "заявка на конкурс", "nomination": "номинация", "incentive": "поощрение",
        "case": "кейс практики", "caseFile": "файл кейса", "organization": "организация", "region": "регион",
        "municipality": "муниципалитет", "requestVocabulary": "словарь запросов", "requestKind": "вид запроса",
        "invitation_sheet": "лист приглашений", "academic_year_advance": "переход на новый учебный год",
        "apiToken": "токен API", "notification": "уведомление", "guardianLink": "законный представитель",
        "swot": "таблица SWOT", "roadmapItem": "мероприятие дорожной карты", "trainingSession": "занятие обучения",
        "consent": "согласие", "importBatch": "загрузка базы", "order": "приказ",
    ]

    static func name(_ code: String?) -> String? {
        guard let code, !code.isEmpty else { return nil }
        return russian[code] ?? "запись"
    }

    /// The client address as the log shows it: a request with no known address says so in Russian.
    static func address(_ ip: String?) -> String? {
        guard let ip, !ip.isEmpty else { return nil }
        return ip == "unknown" ? "адрес не определён" : ip
    }
}
