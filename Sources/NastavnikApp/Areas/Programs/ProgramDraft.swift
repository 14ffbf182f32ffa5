/// A program as typed into the form or sent to the API, checked before anything is saved.
public struct ProgramDraft: Sendable, Equatable {
    public struct TeamLine: Sendable, Equatable {
        public let fullName: String
        public let responsibility: String
    }

    public var name: String
    public var forms: [MentoringForm]
    public var roleModels: [TeacherRoleModel]
    public var goals: String
    public var expectedResults: String
    public var start: CalendarDay
    public var end: CalendarDay
    public var curators: [TeamLine]
    public var team: [TeamLine]
    public var partners: String

    /// Reads the browser form: checkboxes `form_<code>` and `model_<code>`, team members one per
    /// line as «ФИО — обязанности». Returns the draft or the Russian error of each field.
    public static func parse(_ values: [String: String]) -> Result<ProgramDraft, FieldErrors> {
        func text(_ key: String) -> String { (values[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        func checked(_ key: String) -> Bool { !(values[key] ?? "").isEmpty }
        return validate(
            name: text("name"), forms: MentoringForm.allCases.filter { checked("form_\($0.rawValue)") },
            roleModels: TeacherRoleModel.allCases.filter { checked("model_\($0.rawValue)") },
            goals: text("goals"), expectedResults: text("expectedResults"), startsOn: text("startsOn"), endsOn: text("endsOn"),
            curators: teamLines(text("curators")), team: teamLines(text("team")), partners: text("partners"))
    }

    public struct FieldErrors: Error, Sendable { public let fields: [String: String] }

    public static func validate(
        name: String, forms: [MentoringForm], roleModels: [TeacherRoleModel], goals: String, expectedResults: String,
        startsOn: String, endsOn: String, curators: [TeamLine], team: [TeamLine], partners: String
    ) -> Result<ProgramDraft, FieldErrors> {
        var errors: [String: String] = [:]
        if name.isEmpty { errors["name"] = "Введите название программы." }
        if name.count > 300 { errors["name"] = "Название длиннее 300 знаков: сократите его." }
        if forms.isEmpty { errors["forms"] = "Выберите хотя бы одну форму наставничества." }
        if !roleModels.isEmpty && !forms.contains(.teacherTeacher) {
            errors["roleModels"] = "Ролевые модели относятся к форме «учитель – учитель»: отметьте её или снимите модели."
        }
        let start = CalendarDay(iso: startsOn), end = CalendarDay(iso: endsOn)
        if start == nil { errors["startsOn"] = "Укажите дату начала программы, например 01.09.2022." }
        if end == nil { errors["endsOn"] = "Укажите дату окончания программы, например 31.08.2025." }
        if let start, let end {
            if end < start { errors["endsOn"] = "Окончание программы не может быть раньше её начала." }
            else if start.yearMonth.months(to: end.yearMonth) > 12 * 10 { errors["endsOn"] = "Программа длиннее десяти лет: проверьте даты." }
        }
        if let bad = (curators + team).first(where: { $0.fullName.count > 200 }) {
            errors["team"] = "Слишком длинная строка: «\(bad.fullName.prefix(40))…». Пишите по одному человеку в строке."
        }
        guard errors.isEmpty, let start, let end else { return .failure(FieldErrors(fields: errors)) }
        return .success(ProgramDraft(name: name, forms: forms, roleModels: roleModels, goals: goals, expectedResults: expectedResults,
                                     start: start, end: end, curators: curators, team: team, partners: partners))
    }

    /// «Иванова М. П. — координация» → name and responsibility; a line without a dash is a name only.
    public static func teamLines(_ text: String) -> [TeamLine] {
        text.split(whereSeparator: \.isNewline).compactMap { raw in
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { return nil }
            for separator in [" — ", " – ", " - ", ": "] {
                if let range = line.range(of: separator) {
                    return TeamLine(fullName: String(line[..<range.lowerBound]).trimmingCharacters(in: .whitespaces),
                                    responsibility: String(line[range.upperBound...]).trimmingCharacters(in: .whitespaces))
                }
            }
            return TeamLine(fullName: line, responsibility: "")
        }
    }

    /// The form's values for a saved program, to edit it.
    static func formValues(_ program: Program, team: [ProgramTeamMember]) -> [String: String] {
        func lines(_ members: [ProgramTeamMember]) -> String {
            members.map { $0.responsibility.isEmpty ? $0.fullName : "\($0.fullName) — \($0.responsibility)" }.joined(separator: "\n")
        }
        var values = ["name": program.name, "goals": program.goals, "expectedResults": program.expectedResults,
                      "startsOn": program.startsOn, "endsOn": program.endsOn, "partners": program.partners,
                      "curators": lines(team.filter(\.isCurator)), "team": lines(team.filter { !$0.isCurator })]
        for form in program.forms { values["form_\(form.rawValue)"] = "1" }
        for model in program.roleModels { values["model_\(model.rawValue)"] = "1" }
        return values
    }
}
