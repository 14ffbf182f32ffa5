import Foundation
import MentorMatching

/// The bases' rows as `MentorMatching` profiles. Requests go by their Russian names, so a
/// mentor whose competencies say «адаптация» answers the request «Адаптация».
enum MatchingProfiles {
    static func mentor(_ mentor: Mentor, seats: Int) -> MentorProfile {
        let ageRange: AgeRange? = switch (mentor.preferredAgeFrom, mentor.preferredAgeTo) {
        case let (from?, to?): AgeRange(minimum: from, maximum: to)
        case let (from?, nil): AgeRange(minimum: from, maximum: 100)
        case let (nil, to?): AgeRange(minimum: 0, maximum: to)
        case (nil, nil): nil
        }
        return MentorProfile(
            id: mentor.id?.uuidString ?? "",
            competencies: FieldParsing.list(mentor.competencies ?? ""),
            subjects: FieldParsing.list(mentor.subjects ?? ""),
            interests: FieldParsing.list(mentor.interests ?? ""),
            lifeExperience: FieldParsing.list(mentor.lifeExperience ?? ""),
            preferredMenteeAge: ageRange,
            hoursPerWeek: mentor.hoursPerWeek,
            meetingPlace: place(mentor.meetingPlace),
            forms: mentor.forms.compactMap { MentorMatching.MentoringForm(rawValue: $0.rawValue) },
            capacity: max(seats, 0))
    }

    /// `interests` come from the mentee's questionnaire when there is one.
    static func mentee(_ mentee: Mentee, catalogue: RequestCatalogue, interests: [String] = []) -> MenteeProfile {
        MenteeProfile(
            id: mentee.id?.uuidString ?? "",
            requests: mentee.requests.map { catalogue.name(of: $0) },
            interests: interests,
            age: mentee.age ?? mentee.birthDate.map { FieldParsing.age(birthDate: $0) },
            form: MentorMatching.MentoringForm(rawValue: mentee.form.rawValue))
    }

    private static func place(_ place: MeetingPlace) -> MentorMatching.MeetingPlace {
        switch place {
        case .inPerson: .inPerson
        case .online: .online
        case .mixed: .either
        }
    }
}
