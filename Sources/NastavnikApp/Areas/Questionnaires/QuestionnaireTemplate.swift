/// A built-in questionnaire, transcribed from the seeds. A curator copies one into the
/// organization as an editable draft; the template itself never changes under answers.
public struct QuestionnaireTemplate: Sendable {
    public let key: String
    public let title: String
    public let purpose: String
    /// Who usually fills it; the assignment form suggests this role.
    public let audience: Role
    /// The program quality survey that feeds SWOT is anonymous by default.
    public let anonymous: Bool
    public let definition: QuestionnaireDefinition

    public static var all: [QuestionnaireTemplate] {
        [mentorApplication, mentorTest, menteeRequest, mentorMatchMentee, mentorMatchMentor,
         firstMeeting, trialMeeting, planning, meetingReflection, finalMeeting,
         satisfactionMentor, satisfactionMentee, programQuality, mutualEvaluationMentee, mutualEvaluationMentor, competenceCheck]
    }

    public static func named(_ key: String) -> QuestionnaireTemplate? { all.first { $0.key == key } }
}

/// Small builders so the templates read like the seeds.
extension Question {
    static func long(_ id: String, _ text: String, key: QuestionKey? = nil, hint: String? = nil, required: Bool = true) -> Question {
        Question(id: id, key: key, type: .longText, text: text, hint: hint, required: required)
    }

    static func scale(_ id: String, _ text: String, key: QuestionKey? = nil, hint: String? = nil) -> Question {
        Question(id: id, key: key, type: .scale, text: text, hint: hint ?? "1 — совсем нет, 10 — полностью.")
    }

    static func yesNo(_ id: String, _ text: String, key: QuestionKey? = nil) -> Question {
        Question(id: id, key: key, type: .yesNo, text: text)
    }

    static func single(_ id: String, _ text: String, _ options: [String], key: QuestionKey? = nil, required: Bool = true) -> Question {
        Question(id: id, key: key, type: .singleChoice, text: text, required: required, options: options)
    }

    static func multiple(_ id: String, _ text: String, _ options: [String], key: QuestionKey? = nil) -> Question {
        Question(id: id, key: key, type: .multipleChoice, text: text, options: options)
    }
}
