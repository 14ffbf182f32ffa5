import Foundation
@testable import NastavnikApp
import Testing

@Suite("Проверка ответов на анкету")
struct AnswerFormTests {
    static let mentor = UUID(), otherMentor = UUID()
    static let definition = QuestionnaireDefinition(sections: [.init("Все типы", [
        Question(id: "q1", type: .shortText, text: "Имя"),
        Question(id: "q2", type: .longText, text: "О себе", required: false),
        Question(id: "q3", type: .singleChoice, text: "Частота", options: ["Раз в неделю", "Раз в две недели"]),
        Question(id: "q4", type: .multipleChoice, text: "Интересы", options: ["Спорт", "Проекты", "Творчество"]),
        Question(id: "q5", type: .scale, text: "Насколько приблизились к цели"),
        Question(id: "q6", type: .yesNo, text: "Продолжать вместе?"),
        Question(id: "q7", type: .ranking, text: "С кем хотите работать?", rows: 2, candidates: .mentor),
        Question(id: "q8", type: .date, text: "Дата встречи"),
        Question(id: "q9", type: .number, text: "Сколько встреч", minimum: 1, maximum: 50),
        Question(id: "q10", type: .tableRows, text: "Желания", columns: ["Желание", "Ресурсы есть"], rows: 3),
    ])])

    func read(_ fields: [String: String]) -> AnswerForm.Outcome {
        AnswerForm.read(fields, definition: Self.definition, candidates: ["q7": [Self.mentor, Self.otherMentor]])
    }

    static let good: [String: String] = [
        "q-q1": " Аня ", "q-q3": "Раз в неделю", "q-q4-0": "on", "q-q4-2": "on", "q-q5": "8", "q-q6": "yes",
        "q-q7-1": otherMentor.uuidString, "q-q7-2": mentor.uuidString, "q-q8": "25.11.2026", "q-q9": "3,5",
        "q-q10-r0-c0": "Выступить на конференции", "q-q10-r0-c1": "Есть тема",
    ]

    @Test("Заполненная анкета читается в типизированные ответы")
    func typedAnswers() {
        let outcome = read(Self.good)
        #expect(outcome.errors.isEmpty)
        let values = outcome.sheet.values
        #expect(values["q1"] == .text("Аня"))
        #expect(values["q2"] == nil)
        #expect(values["q3"] == .choice("Раз в неделю"))
        #expect(values["q4"] == .choices(["Спорт", "Творчество"]))
        #expect(values["q5"] == .scale(8))
        #expect(values["q6"] == .yesNo(true))
        #expect(values["q7"] == .ranking([Self.otherMentor, Self.mentor]))
        #expect(values["q8"] == .date("2026-11-25"))
        #expect(values["q9"] == .number(3.5))
        #expect(values["q10"] == .table([["Выступить на конференции", "Есть тема"]]))
    }

    @Test("Пустые обязательные вопросы получают сообщение по-русски, необязательные — нет")
    func requiredQuestions() {
        let outcome = read([:])
        #expect(outcome.errors["q1"] == "Это обязательный вопрос: ответьте на него.")
        #expect(outcome.errors["q3"] == "Выберите один из вариантов.")
        #expect(outcome.errors["q4"] == "Отметьте хотя бы один вариант.")
        #expect(outcome.errors["q5"] == "Поставьте оценку от 1 до 10.")
        #expect(outcome.errors["q7"] == "Выберите хотя бы одного человека.")
        #expect(outcome.errors["q10"] == "Заполните хотя бы одну строку таблицы.")
        #expect(outcome.errors["q2"] == nil)
        #expect(outcome.errors.count == 9)
    }

    @Test("Неверные ответы каждого типа отклоняются с объяснением")
    func invalidAnswers() {
        func error(_ field: String, _ value: String, question: String) -> String? {
            var fields = Self.good
            fields[field] = value
            return read(fields).errors[question]
        }
        #expect(error("q-q1", String(repeating: "а", count: 501), question: "q1") == "Слишком длинный ответ: не больше 500 знаков.")
        #expect(error("q-q3", "Каждый день", question: "q3") == "Выберите вариант из списка.")
        #expect(error("q-q5", "11", question: "q5") == "Оценка — целое число от 1 до 10.")
        #expect(error("q-q5", "0", question: "q5") != nil)
        #expect(error("q-q6", "может быть", question: "q6") == "Ответьте «Да» или «Нет».")
        #expect(error("q-q7-2", Self.otherMentor.uuidString, question: "q7") == "Один и тот же человек выбран дважды: на каждом месте должен быть другой.")
        #expect(error("q-q7-1", UUID().uuidString, question: "q7") == "Выберите людей из списка.")
        #expect(error("q-q8", "31.02.2026", question: "q8") == "Введите дату в виде ДД.ММ.ГГГГ, например 25.11.2026.")
        #expect(error("q-q8", "завтра", question: "q8") != nil)
        #expect(error("q-q9", "много", question: "q9") == "Введите число, например 12 или 3,5.")
        #expect(error("q-q9", "0", question: "q9") == "Число должно быть не меньше 1.")
        #expect(error("q-q9", "51", question: "q9") == "Число должно быть не больше 50.")
        #expect(error("q-q10-r1-c1", "Есть время", question: "q10") == "В строке 2 заполните первую колонку «Желание».")
    }

    @Test("Сохранённые ответы возвращаются в поля формы без потерь")
    func roundTrip() {
        let outcome = read(Self.good)
        let fields = AnswerForm.fields(for: outcome.sheet, definition: Self.definition)
        #expect(read(fields).sheet == outcome.sheet)
    }

    @Test("Выгрузка CSV открывается в Excel и не исполняет формулы")
    func csvExport() {
        let sheet = read(Self.good).sheet
        let csv = AnswersExport.csv(definition: Self.definition, anonymous: true, rows: [.init(who: "Иванова", role: nil, submittedAt: nil, sheet: sheet)],
                                    names: [Self.mentor: "Петров Пётр", Self.otherMentor: "Сидорова Анна"])
        let text = String(decoding: csv, as: UTF8.self)
        #expect(text.hasPrefix("\u{FEFF}Имя;О себе"))
        #expect(!text.contains("Иванова"), "в анонимной выгрузке нет имён")
        let cells = (try? CSVTable.rows(of: csv))?.dropFirst().flatMap(\.cells) ?? []
        #expect(cells.contains("1. Сидорова Анна; 2. Петров Пётр"))
        #expect(cells.contains("25.11.2026"))
    }
}
