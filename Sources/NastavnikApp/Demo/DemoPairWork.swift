import Fluent
import Foundation

/// The demo's first pair at work: the rules agreed, the wishes table and goal map of the
/// planning meeting, meetings in seed 003's sequence with both sides' reflections, a result
/// and a diary entry, so the pair's page, the rhythm and the completion page have content.
enum DemoPairWork {
    static func create(pairingID: UUID, on db: any Database) async throws {
        guard let pairing = try await Pairing.query(on: db).filter(\.$id == pairingID).filter(\.$status == .formed)
            .with(\.$mentor).with(\.$members) { $0.with(\.$mentee) }.first(),
              let member = pairing.members.first(where: \.isAgreed) else { return }
        let today = CalendarDay.today()
        let mentorName = pairing.mentor.fullName, menteeName = member.mentee.fullName
        pairing.formedAt = today.adding(days: -45).date
        try await pairing.save(on: db)

        _ = try await PairAgreements.save(PairAgreementDraft(
            confidentiality: PairAgreements.suggested["confidentiality"]!, communication: PairAgreements.suggested["communication"]!,
            boundaries: PairAgreements.suggested["boundaries"]!, contacts: "Сообщения в школьном мессенджере, после 6-го урока; встречи — вторник и четверг",
            meetingsPerMonth: 8, agreedOn: today.adding(days: -40)), in: pairing, by: mentorName, on: db)
        _ = try await PairAgreements.addWish(["wish": "Уверенно вести уроки в 7-х классах", "resources": "Опыт наставника, методические материалы",
                                              "missingResources": "Приёмы управления классом", "measure": "Урок без замечаний завуча",
                                              "timeNeeded": "2 месяца"], in: pairing, by: menteeName, on: db)
        let sequence: [(MeetingKind, Int, String)] = [
            (.acquaintance, -40, "Познакомились, обсудили ожидания и правила взаимодействия."),
            (.trial, -33, "Разобрали план урока в 7 «Б», наставляемый провёл фрагмент урока."),
            (.planning, -26, "Заполнили таблицу желаний и карту целей на два месяца."),
            (.working, -12, "Взаимопосещение уроков, разбор приёмов удержания внимания."),
            (.working, -5, "Подготовка открытого урока: структура и оценивание."),
        ]
        for (kind, offset, summary) in sequence {
            let meeting = try await PairMeetings.create(.init(kind: kind, status: .held, day: today.adding(days: offset), startsAt: "15:00",
                                                              durationMinutes: kind.recommendedMinutes, format: .inPerson, place: "Кабинет 214",
                                                              summary: summary), in: pairing, by: mentorName, on: db)
            let answers = ["closerToGoal": "yes", "wentWell": "Договорились о следующих шагах", "toChange": "Больше практики",
                           "feeling": "Спокойно и уверенно", "nextSteps": "Подготовить конспект урока"]
            try await PairMeetings.reflect(on: meeting, side: .mentor, memberID: nil, values: answers, by: mentorName, on: db)
            // The last meeting still waits for the mentee's feedback form: the rhythm shows it.
            if offset != -5 {
                try await PairMeetings.reflect(on: meeting, side: .mentee, memberID: member.id, values: answers, by: menteeName, on: db)
            }
        }
        _ = try await PairMeetings.create(.init(kind: .working, status: .planned, day: today.adding(days: 2), startsAt: "15:00", durationMinutes: 60,
                                                format: .inPerson, place: "Кабинет 214", summary: ""), in: pairing, by: mentorName, on: db)
        let goal = try await PairGoals.create(.init(horizon: .short, title: "Провести открытый урок в 7-м классе",
                                                    desiredResult: "Урок с положительным отзывом методического объединения",
                                                    actions: "Взаимопосещения, разбор конспекта, репетиция", dueOn: today.adding(days: 20),
                                                    indicator: "Отзыв методического объединения"), in: pairing, by: mentorName, on: db)
        try await PairGoals.mark(goal, progress: 60, note: "Конспект готов", on: db)
        _ = try await PairResults.create(.init(kind: .method, title: "Конспект урока «Десятичные дроби» с приёмами формирующего оценивания",
                                               achievedOn: today.adding(days: -4), link: "https://example.org/konspekt", file: nil),
                                         in: pairing, by: menteeName, on: db)
        _ = try await PairGoals.write("Первый месяц работы: стало проще держать дисциплину на уроках в 7 «Б».", in: pairing, role: "наставляемый",
                                      by: menteeName, on: db)
    }
}
