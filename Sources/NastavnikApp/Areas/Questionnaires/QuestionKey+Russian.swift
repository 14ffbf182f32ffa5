extension QuestionKey {
    /// What reads the answer to a question with this key, in the curator's words: shown beside the
    /// question so a curator rewording it keeps its sense. The code's key itself never reaches a page.
    public var readBy: String {
        switch rawValue.split(separator: ".").first ?? "" {
        case "mentor", "mentee": "подбор пар по анкетам"
        case "mentorTest": "отбор наставников"
        case "mentorMatch": "Mentor Match"
        case "planning", "reflection": "работа пары"
        case "final": "итоги работы пары"
        default: "мониторинг программы"
        }
    }
}
