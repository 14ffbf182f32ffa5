import Foundation
@testable import NastavnikApp
import Testing

@Suite("Встроенные шаблоны анкет")
struct QuestionnaireTemplateTests {
    @Test("У каждого шаблона уникальные ключ, номера вопросов и типизированные ключи")
    func wellFormed() {
        let templates = QuestionnaireTemplate.all
        #expect(Set(templates.map(\.key)).count == templates.count)
        for template in templates {
            let questions = template.definition.questions
            #expect(!questions.isEmpty, "\(template.key)")
            #expect(Set(questions.map(\.id)).count == questions.count, "\(template.key): повторяется номер вопроса")
            let keys = questions.compactMap(\.key)
            #expect(Set(keys).count == keys.count, "\(template.key): повторяется ключ")
            for question in questions where [.singleChoice, .multipleChoice].contains(question.type) {
                #expect(question.options.count >= 2, "\(template.key)/\(question.id)")
            }
        }
    }

    @Test("Четыре вопроса Mentor Match — дословно из методички")
    func mentorMatch() {
        let texts = (QuestionnaireTemplate.mentorMatchMentee.definition.questions + QuestionnaireTemplate.mentorMatchMentor.definition.questions).map(\.text)
        #expect(texts == [
            "С кем из наставников вы бы хотели работать в рамках программы наставничества?",
            "Кто может помочь вам достичь желаемых целей?",
            "С кем из наставляемых вы бы хотели работать в рамках программы наставничества?",
            "Кому вы сможете помочь в рамках выбранных наставляемым целей, если они были озвучены?",
        ])
        #expect(QuestionnaireTemplate.mentorMatchMentee.definition.questions[0].candidates == .mentor)
        #expect(QuestionnaireTemplate.mentorMatchMentor.definition.questions[0].candidates == .mentee)
    }

    @Test("Итоговая встреча: девять вопросов, близость к цели по десятибалльной шкале")
    func finalMeeting() throws {
        let questions = QuestionnaireTemplate.finalMeeting.definition.questions
        #expect(questions.count == 9)
        let closeness = try #require(questions.first { $0.key == .finalClosenessToGoal })
        #expect(closeness.type == .scale)
        #expect(closeness.text == "Оцените по десятибалльной шкале, насколько вы приблизились к цели")
    }

    @Test("Таблица желаний встречи-планирования — пять колонок методички")
    func wishesTable() throws {
        let table = try #require(QuestionnaireTemplate.planning.definition.questions.first { $0.type == .tableRows })
        #expect(table.columns.first == "Желание")
        #expect(table.columns.count == 5)
        #expect(table.rows == 5)
    }

    @Test("Анкета наставника спрашивает всё, что перечисляет методичка, а опрос для SWOT анонимный")
    func mentorApplicationAndSWOT() {
        let keys = Set(QuestionnaireTemplate.mentorApplication.definition.questions.compactMap(\.key))
        #expect(keys.isSuperset(of: [.mentorEducation, .mentorExperience, .mentorAchievements, .mentorStrengths, .mentorWeaknesses,
                                     .mentorHobbies, .mentorExpectations, .mentorMotivation, .mentorReadiness,
                                     .mentorPreferredMenteeAge, .mentorMeetingTime, .mentorMeetingFrequency]))
        #expect(QuestionnaireTemplate.programQuality.anonymous)
        let swot = Set(QuestionnaireTemplate.programQuality.definition.questions.compactMap(\.key))
        #expect(swot.isSuperset(of: [.swotStrengths, .swotWeaknesses, .swotOpportunities, .swotThreats]))
    }
}
