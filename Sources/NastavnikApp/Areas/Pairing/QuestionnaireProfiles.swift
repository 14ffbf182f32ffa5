import Fluent
import Foundation

/// The latest answers of the mentor and mentee questionnaires for matching «по анкетам»: for each
/// card of the bases, each matching key's latest value and the day it was given. Read for all the
/// program's people at once — the answers of their accounts in one query, the versions' wording in
/// another — never per person, since a region's run has thousands of them.
struct QuestionnaireProfiles: Sendable {
    struct Said: Sendable {
        let value: AnswerValue
        let answeredAt: Date
    }

    /// What a person's card says through the person's own answers.
    struct Person: Sendable {
        /// False when the card has no account: the person could not answer at all.
        let hasAccount: Bool
        var answers: [QuestionKey: Said] = [:]

        /// The day of the latest answer that matching reads.
        var lastAnsweredAt: Date? { answers.values.map(\.answeredAt).max() }
    }

    static let menteeKeys: [QuestionKey] = [.menteeRequest, .menteeGoals, .menteeInterests, .menteeWishesForMentor,
                                            .menteeMeetingFrequency, .menteeMeetingTime, .menteeMeetingFormat]
    static let mentorKeys: [QuestionKey] = [.mentorCompetencies, .mentorExperience, .mentorEducation, .mentorHobbies, .mentorExpectations,
                                            .mentorPreferredMenteeAge, .mentorMeetingTime, .mentorMeetingFrequency, .mentorMeetingFormat]

    var mentees: [UUID: Person] = [:]
    var mentors: [UUID: Person] = [:]

    func mentee(_ id: UUID?) -> Person { id.flatMap { mentees[$0] } ?? Person(hasAccount: false) }
    func mentor(_ id: UUID?) -> Person { id.flatMap { mentors[$0] } ?? Person(hasAccount: false) }

    static func load(mentees: [Mentee], mentors: [Mentor], organizationID: UUID, on db: any Database) async throws -> QuestionnaireProfiles {
        var result = QuestionnaireProfiles()
        var cardsOfUser: [UUID: [(id: UUID, isMentor: Bool)]] = [:]
        for mentee in mentees {
            guard let id = mentee.id else { continue }
            let user = mentee.$user.id
            result.mentees[id] = Person(hasAccount: user != nil)
            if let user { cardsOfUser[user, default: []].append((id, false)) }
        }
        for mentor in mentors {
            guard let id = mentor.id else { continue }
            let user = mentor.$user.id
            result.mentors[id] = Person(hasAccount: user != nil)
            if let user { cardsOfUser[user, default: []].append((id, true)) }
        }
        guard !cardsOfUser.isEmpty else { return result }

        var answers: [Answer] = []
        let users = Array(cardsOfUser.keys)
        // A partner's mentor answered the questionnaires of their own organization (issue 18).
        let organizations = Array(Set([organizationID] + mentors.map { $0.$organization.id }))
        // Chunks keep each statement under SQLite's limit of bound values.
        for start in stride(from: 0, to: users.count, by: 5_000) {
            answers += try await Answer.query(on: db)
                .filter(\.$organizationID ~~ organizations)
                .filter(\.$respondent.$id ~~ Array(users[start..<min(start + 5_000, users.count)]))
                .filter(\.$submittedAt != nil)
                .all()
        }
        guard !answers.isEmpty else { return result }
        let versionIDs = Array(Set(answers.map { $0.$version.id }))
        var keysOfVersion: [UUID: [(question: String, key: QuestionKey)]] = [:]
        let wanted = Set(menteeKeys + mentorKeys)
        for start in stride(from: 0, to: versionIDs.count, by: 5_000) {
            for version in try await QuestionnaireVersion.query(on: db)
                .filter(\.$id ~~ Array(versionIDs[start..<min(start + 5_000, versionIDs.count)])).all() {
                guard let id = version.id, let definition = try? version.definition() else { continue }
                keysOfVersion[id] = definition.questions.compactMap { question in
                    question.key.flatMap { wanted.contains($0) ? (question.id, $0) : nil }
                }
            }
        }
        // Oldest first, so a later answer to the same key replaces an earlier one.
        for answer in answers.sorted(by: { ($0.submittedAt ?? .distantPast) < ($1.submittedAt ?? .distantPast) }) {
            guard let user = answer.$respondent.id, let at = answer.submittedAt,
                  let keys = keysOfVersion[answer.$version.id], !keys.isEmpty, let sheet = try? answer.sheet() else { continue }
            for (question, key) in keys {
                guard let value = sheet.values[question], !Self.isBlank(value) else { continue }
                for card in cardsOfUser[user] ?? [] {
                    if card.isMentor, mentorKeys.contains(key) { result.mentors[card.id]?.answers[key] = Said(value: value, answeredAt: at) }
                    if !card.isMentor, menteeKeys.contains(key) { result.mentees[card.id]?.answers[key] = Said(value: value, answeredAt: at) }
                }
            }
        }
        return result
    }

    private static func isBlank(_ value: AnswerValue) -> Bool {
        switch value {
        case .text(let text), .choice(let text): text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        case .choices(let values): values.isEmpty
        default: false
        }
    }
}
