import Fluent
import Foundation

/// Whether a person may be put into a pair or group: the rule of 152-FZ and of the target model
/// that no pair forms without a valid processing consent (a guardian's for a minor).
/// Pair formation asks this before proposing anyone.
enum PairingEligibility {
    static func problems(mentee: Mentee, consents: [ConsentRecord]) -> [String] {
        var problems: [String] = []
        if mentee.anonymizedAt != nil || mentee.status == .left { problems.append("Наставляемый выбыл из программы.") }
        if mentee.status == .finished { problems.append("Наставляемый уже завершил программу.") }
        problems += consentProblems(needsGuardian: AgreementRule.whoMustAgree(for: mentee).needsGuardian, consents: consents)
        return problems
    }

    static func problems(mentor: Mentor, consents: [ConsentRecord]) -> [String] {
        var problems: [String] = []
        if mentor.anonymizedAt != nil || mentor.status == .left { problems.append("Наставник выбыл из программы.") }
        else if let year = mentor.graduatedYear {
            problems.append("\(mentor.gendered("Выпустился", "Выпустилась")) в \(AcademicYear(startYear: year).title) учебном году и больше не входит в действующую базу наставников.")
        }
        problems += consentProblems(needsGuardian: AgreementRule.whoMustAgree(for: mentor).needsGuardian, consents: consents)
        return problems
    }

    private static func consentProblems(needsGuardian: Bool, consents: [ConsentRecord]) -> [String] {
        let processing = consents.filter { $0.purpose == .processing && $0.isActive }
        if processing.isEmpty { return ["Нет действующего согласия на обработку персональных данных."] }
        if needsGuardian && !processing.contains(where: \.givenByGuardian) {
            return ["Согласие несовершеннолетнего должен дать законный представитель."]
        }
        return []
    }

    static func consents(kind: BaseKind, subjectID: UUID, on db: any Database) async throws -> [ConsentRecord] {
        try await ConsentRecord.query(on: db).filter(\.$subjectKind == kind).filter(\.$subjectID == subjectID).all()
    }
}
