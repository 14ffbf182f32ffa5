import Fluent
import Foundation

/// The rules of interaction and the wishes table, agreed at the first meetings and the
/// planning meeting (seed 003). Shared by the pair's page and the API.
enum PairAgreements {
    /// What seed 000 and seed 003 suggest agreeing, offered as the starting text.
    static let suggested = [
        "confidentiality": "Всё, что обсуждается на встречах, остаётся между нами, пока мы оба не решим иначе. Исключение — угроза жизни и здоровью.",
        "communication": "Говорим честно и по делу, предупреждаем, если не получается прийти, не оцениваем друг друга.",
        "boundaries": "Уважаем личное время и границы: не касаемся тем, о которых другой не хочет говорить.",
        "contacts": "",
    ]

    static func parseAgreement(_ values: [String: String]) -> Result<PairAgreementDraft, AppError> {
        var errors: [String: String] = [:]
        func text(_ key: String) -> String {
            let value = (values[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if value.count > 2000 { errors[key] = "Не более 2000 знаков." }
            return value
        }
        let confidentiality = text("confidentiality"), communication = text("communication")
        let boundaries = text("boundaries"), contacts = text("contacts")
        if confidentiality.isEmpty { errors["confidentiality"] = "Договоритесь о конфиденциальности." }
        if contacts.isEmpty { errors["contacts"] = "Запишите, как и когда вы связываетесь друг с другом." }
        let perMonth = Int((values["meetingsPerMonth"] ?? "").trimmingCharacters(in: .whitespaces))
        if perMonth == nil || !(2...20).contains(perMonth!) {
            errors["meetingsPerMonth"] = "Встреч в месяц — от 2 до 20: встречаться нужно не реже раза в две недели."
        }
        let agreedOn = CalendarDay(iso: (values["agreedOn"] ?? "").trimmingCharacters(in: .whitespaces))
        if agreedOn == nil { errors["agreedOn"] = "Укажите дату договорённости." }
        guard errors.isEmpty, let perMonth, let agreedOn else { return .failure(.validation(errors)) }
        return .success(PairAgreementDraft(confidentiality: confidentiality, communication: communication, boundaries: boundaries,
                                           contacts: contacts, meetingsPerMonth: perMonth, agreedOn: agreedOn))
    }

    static func save(_ draft: PairAgreementDraft, in pairing: Pairing, by name: String, on db: any Database) async throws -> PairAgreement {
        let agreement = try await PairAgreement.query(on: db).filter(\.$pairing.$id == pairing.requireID()).first() ?? PairAgreement()
        agreement.$pairing.id = try pairing.requireID()
        agreement.confidentiality = draft.confidentiality
        agreement.communication = draft.communication
        agreement.boundaries = draft.boundaries
        agreement.contacts = draft.contacts
        agreement.meetingsPerMonth = draft.meetingsPerMonth
        agreement.agreedOn = draft.agreedOn.iso
        agreement.writtenByName = name
        try await agreement.save(on: db)
        return agreement
    }

    static func addWish(_ values: [String: String], in pairing: Pairing, by name: String, on db: any Database) async throws -> PairWish {
        var errors: [String: String] = [:]
        func text(_ key: String) -> String {
            let value = (values[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if value.count > 1000 { errors[key] = "Не более 1000 знаков." }
            return value
        }
        let wish = PairWish()
        wish.$pairing.id = try pairing.requireID()
        wish.wish = text("wish")
        wish.resources = text("resources")
        wish.missingResources = text("missingResources")
        wish.measure = text("measure")
        wish.timeNeeded = text("timeNeeded")
        wish.writtenByName = name
        if wish.wish.isEmpty { errors["wish"] = "Что я хочу, чтобы у меня было? Запишите желание." }
        guard errors.isEmpty else { throw AppError.validation(errors) }
        try await wish.create(on: db)
        return wish
    }
}

struct PairAgreementDraft: Sendable {
    var confidentiality: String
    var communication: String
    var boundaries: String
    var contacts: String
    var meetingsPerMonth: Int
    var agreedOn: CalendarDay
}
