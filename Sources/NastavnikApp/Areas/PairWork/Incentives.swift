import Fluent
import Foundation

/// Awarding an incentive of seed 003's system of stimulation to a mentor of the program: the
/// one rule the page and the API share. Errors are keyed `mentor`, `kind`, `reason`,
/// `awardedOn`; each caller names the mentor field its own way.
enum Incentives {
    static func award(mentorID: UUID?, kind: String, reason: String, awardedOn: String, organizationID: UUID, program: Program,
                      by name: String, on db: any Database) async throws -> Incentive {
        var errors: [String: String] = [:]
        var mentor: Mentor?
        if let mentorID, try await ProgramCompletion.isProgramMentor(mentorID, programID: program.requireID(), on: db) {
            mentor = try await Mentor.find(mentorID, on: db)
        }
        if mentor == nil { errors["mentor"] = "Выберите наставника программы." }
        let kind = IncentiveKind(rawValue: kind)
        if kind == nil { errors["kind"] = "Выберите вид поощрения." }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { errors["reason"] = "Напишите, за что поощряется наставник: эта формулировка войдёт в приказ и грамоту." }
        else if reason.count > 1000 { errors["reason"] = "Не более 1000 знаков." }
        let day = CalendarDay(iso: awardedOn.trimmingCharacters(in: .whitespaces))
        if day == nil { errors["awardedOn"] = "Укажите дату (ГГГГ-ММ-ДД)." }
        guard errors.isEmpty, let mentor, let kind, let day else { throw AppError.validation(errors) }
        let incentive = Incentive()
        incentive.organizationID = organizationID
        incentive.$program.id = try program.requireID()
        incentive.$mentor.id = try mentor.requireID()
        incentive.$mentor.value = mentor
        incentive.kind = kind
        incentive.reason = reason
        incentive.awardedOn = day.iso
        incentive.createdByName = name
        try await incentive.create(on: db)
        return incentive
    }
}
