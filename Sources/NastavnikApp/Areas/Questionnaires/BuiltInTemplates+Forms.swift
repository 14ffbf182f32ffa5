/// The built-in questionnaires worded for each form of mentoring (issue 17, item 6). Only texts and
/// options change: ids and keys stay, so matching, Mentor Match and monitoring read every version
/// alike, and answers of versions for different forms line up.
extension QuestionnaireTemplate {
    /// The form a template is worded for when nothing else says: a school's pupils, a college's
    /// students, an enterprise's employees with students.
    static func usualForm(of kind: OrganizationKind) -> MentoringForm {
        kind == .enterprise ? .employerStudent : .studentStudent
    }

    /// Whether the wording of this template depends on the form at all.
    var dependsOnForm: Bool {
        ["mentor-application", "mentor-test", "mentee-request", "satisfaction-mentor", "satisfaction-mentee",
         "mutual-evaluation-mentor", "mutual-evaluation-mentee", "competence-check"].contains(key)
    }

    /// This template worded for the form at an organization of this kind.
    func worded(for form: MentoringForm, kind: OrganizationKind) -> QuestionnaireTemplate {
        guard dependsOnForm else { return self }
        let words = TemplateWording(form: form, kind: kind)
        var definition = definition
        var title = title, purpose = purpose
        func change(_ id: String, _ edit: (inout Question) -> Void) {
            for section in definition.sections.indices {
                for question in definition.sections[section].questions.indices where definition.sections[section].questions[question].id == id {
                    edit(&definition.sections[section].questions[question])
                }
            }
        }
        switch key {
        case "mentor-application":
            change("q10") { $0.text = words.menteeAgeQuestion; $0.options = words.menteeAgeOptions }
            change("q11") { $0.options = words.mentorMeetingTimes }
        case "mentor-test":
            if words.mentor == .employee || words.mentor == .teacher {
                title = "Тестирование наставников: коммуникативные навыки и эмпатия"
                change("q1") { $0.text = "Мне легко начать разговор с незнакомым человеком" }
            }
            change("q4") { $0.text = "\(words.menteeInSituation) молчит и не хочет рассказывать, что у него не получается. Что вы сделаете?" }
            change("q7") { $0.text = words.menteeSetback }
        case "mentee-request":
            change("q3") { $0.options = words.menteeInterests }
            change("q6") { $0.options = words.menteeMeetingTimes }
            if words.mentee == .youngTeacher {
                title = "Анкета молодого педагога: запрос к наставнику"
                purpose = "Выявление конкретных проблем и запросов молодого педагога: данные станут основой для подбора наставника, программы адаптации и мониторинга её результатов."
                change("q1") {
                    $0.text = "С какими профессиональными трудностями вы сталкиваетесь и над чем хотели бы поработать?"
                    $0.hint = "Например: организация урока, дисциплина, работа с детьми с ОВЗ."
                }
                change("q2") {
                    $0.text = "Каких целей развития вы хотите достичь с помощью наставника?"
                    $0.hint = "Краткосрочных (1–2 месяца) и долгосрочных (1–3 года): конкурсы, переподготовка, квалификационная категория."
                }
                change("q3") { $0.text = "Какие направления работы для вас приоритетны?" }
            } else if words.mentee == .student {
                change("q1") { $0.hint = "Например: подготовка к трудоустройству, прикладные профессиональные навыки, практика." }
            }
        case "satisfaction-mentor":
            change("q3") { $0.text = words.mentorOwnWork }
            change("q4") { $0.text = words.mentorCollective }
        case "satisfaction-mentee":
            if words.mentee == .youngTeacher {
                change("q3") { $0.text = "Насколько вы уверены в своих силах в профессиональной деятельности?" }
                change("q4") { $0.text = "Насколько вам интересно развиваться в профессии?" }
                // Clubs and sections are the pupils' and students' figure; a teacher is asked about the collective.
                change("q5") { $0 = .scale("q5", "Насколько комфортно вам в педагогическом коллективе?") }
            } else {
                change("q5") { $0.text = words.extracurricularQuestion; $0.options = words.extracurricularOptions }
            }
        case "mutual-evaluation-mentor", "mutual-evaluation-mentee", "competence-check":
            return Self.evaluation(key, words)
        default: break
        }
        return QuestionnaireTemplate(key: key, title: title, purpose: purpose, audience: audience, anonymous: anonymous, definition: definition)
    }

    /// A template by key, worded for the form (nil: the organization's usual one).
    static func named(_ key: String, form: MentoringForm?, kind: OrganizationKind) -> QuestionnaireTemplate? {
        named(key)?.worded(for: form ?? usualForm(of: kind), kind: kind)
    }

    /// «mentor-application@employerStudent»: a template key with the form it is worded for.
    static func parse(_ value: String) -> (key: String, form: MentoringForm?) {
        let parts = value.split(separator: "@", maxSplits: 1).map(String.init)
        return (parts.first ?? "", parts.count == 2 ? MentoringForm(rawValue: parts[1]) : nil)
    }
}
