import Foundation

/// A column of a base: its code (form field name and import target), the Russian title used in
/// exports and recognized in imports (seed 001's column names), and other titles schools use.
struct BaseField: Sendable, Encodable {
    let code: String
    let title: String
    let synonyms: [String]

    init(_ code: String, _ title: String, synonyms: [String] = []) {
        self.code = code
        self.title = title
        self.synonyms = synonyms
    }

    /// «ФИО» in one column, split into surname, name and patronymic on import.
    static let fullName = BaseField("fullName", "ФИО", synonyms: ["фамилия имя отчество", "ф.и.о.", "ф. и. о.", "фио наставляемого", "фио наставника"])

    /// The field a spreadsheet header means, if any.
    static func match(header: String, in fields: [BaseField]) -> BaseField? {
        let key = FieldParsing.normalized(header).trimmingCharacters(in: CharacterSet(charactersIn: ".:*"))
        guard !key.isEmpty else { return nil }
        return fields.first { field in
            ([field.title, field.code] + field.synonyms).contains { FieldParsing.normalized($0) == key }
        }
    }
}

enum MenteeFields {
    static let all: [BaseField] = [
        .fullName,
        BaseField("lastName", "Фамилия"),
        BaseField("firstName", "Имя"),
        BaseField("middleName", "Отчество"),
        BaseField("gender", "Пол", synonyms: ["пол (м/ж)", "м/ж"]),
        BaseField("birthDate", "Дата рождения", synonyms: ["дата рожд.", "д.р."]),
        BaseField("age", "Возраст", synonyms: ["лет"]),
        BaseField("className", "Класс / группа", synonyms: ["класс", "группа", "класс/группа", "подразделение"]),
        BaseField("form", "Форма наставничества", synonyms: ["форма"]),
        BaseField("requests", "Запросы", synonyms: ["запрос", "проблема", "проблемы", "запрос наставляемого"]),
        BaseField("requestNote", "Описание запроса", synonyms: ["комментарий", "примечание", "описание"]),
        BaseField("channel", "Источник данных", synonyms: ["канал", "источник"]),
        BaseField("enteredOn", "Дата включения в базу", synonyms: ["дата включения", "дата"]),
        BaseField("status", "Статус"),
        BaseField("guardianName", "Законный представитель", synonyms: ["родитель", "фио родителя", "законный представитель (фио)"]),
        BaseField("guardianPhone", "Телефон законного представителя", synonyms: ["телефон родителя"]),
        BaseField("phone", "Телефон"),
        BaseField("email", "Эл. почта", synonyms: ["email", "e-mail", "электронная почта", "почта"]),
    ]
}

enum MentorFields {
    static let all: [BaseField] = [
        .fullName,
        BaseField("lastName", "Фамилия"),
        BaseField("firstName", "Имя"),
        BaseField("middleName", "Отчество"),
        BaseField("gender", "Пол", synonyms: ["пол (м/ж)", "м/ж"]),
        BaseField("birthDate", "Дата рождения"),
        BaseField("origin", "Категория наставника", synonyms: ["кто", "категория", "статус наставника"]),
        BaseField("forms", "Формы наставничества", synonyms: ["форма", "форма наставничества"]),
        BaseField("competencies", "Компетенции", synonyms: ["список компетенций", "профессиональные компетенции"]),
        BaseField("lifeExperience", "Жизненный опыт", synonyms: ["описание жизненного опыта", "опыт"]),
        BaseField("interests", "Сфера интересов", synonyms: ["интересы", "описание сферы интересов", "увлечения", "хобби"]),
        BaseField("subjects", "Предметы", synonyms: ["предмет", "преподаваемые предметы"]),
        BaseField("preferredAge", "Возрастная категория наставляемых", synonyms: ["возрастная категория", "возраст наставляемых", "возрастная категория потенциальных наставляемых"]),
        BaseField("hoursPerWeek", "Ресурс времени, часов в неделю", synonyms: ["ресурс времени", "часов в неделю", "время"]),
        BaseField("capacity", "Наставляемых одновременно", synonyms: ["количество наставляемых", "вместимость"]),
        BaseField("meetingTimes", "Удобное время встреч", synonyms: ["время встреч"]),
        BaseField("meetingPlace", "Формат встреч", synonyms: ["место встреч", "очно/онлайн"]),
        BaseField("workplace", "Место работы", synonyms: ["место работы (при наличии)", "организация"]),
        BaseField("position", "Должность"),
        BaseField("className", "Класс / группа", synonyms: ["класс", "группа", "класс/группа", "класс (для обучающихся)", "группа (для студентов)"]),
        BaseField("phone", "Телефон", synonyms: ["контактные данные", "контакты"]),
        BaseField("email", "Эл. почта", synonyms: ["email", "e-mail", "электронная почта", "почта"]),
        BaseField("status", "Статус"),
        BaseField("longTerm", "Долгосрочная база", synonyms: ["готов в следующем цикле"]),
        BaseField("formerMentee", "Бывший наставляемый"),
        BaseField("enteredOn", "Дата включения в базу", synonyms: ["дата включения", "дата"]),
    ]
}
