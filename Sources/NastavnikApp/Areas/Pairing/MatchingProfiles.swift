import Fluent
import Foundation
import MentorMatching

/// The bases' rows and the people's latest questionnaire answers as `MentorMatching` profiles,
/// each part with where it came from («из базы», «из анкеты от 14.10»), so the explanation of a
/// pair can say it. Requests go by their Russian names and are compared by `RequestTermMatcher`.
enum MatchingProfiles {
    /// One part of a profile as the curator reads it: «из анкеты от 14.10: хочу стать технологом».
    struct Source: Sendable, Equatable {
        let origin: String
        let text: String

        static func base(_ text: String) -> Source { Source(origin: "из базы", text: text) }

        static func answer(_ said: QuestionnaireProfiles.Said, _ text: String) -> Source {
            Source(origin: "из анкеты от \(day(said.answeredAt))", text: text)
        }

        var line: String { "\(origin): \(text)" }
    }

    /// A profile with the sources of each criterion's data and what the person answered at all.
    struct Side<Profile: Sendable>: Sendable {
        var profile: Profile
        var sources: [Criterion: [Source]]
        let person: QuestionnaireProfiles.Person
        /// The person's expectations, shown beside the score (they are not scored).
        var expectations: Source?
    }

    /// The program's people as profiles with their sources, and the organization's rule for terms.
    struct Inputs: Sendable {
        let mentees: [Side<MenteeProfile>]
        let mentors: [Side<MentorProfile>]
        let terms: RequestTermMatcher
    }

    /// Reads the catalogue, the vocabulary and the latest answers of everyone at once.
    static func load(mentees: [Mentee], mentors: [Mentor], seats: [UUID: Int]? = nil, organizationID: UUID,
                     on db: any Database) async throws -> Inputs {
        let catalogue = try await RequestCatalogue.load(organizationID: organizationID, on: db)
        let vocabulary = try await RequestVocabulary.load(organizationID: organizationID, on: db)
        let answers = try await QuestionnaireProfiles.load(mentees: mentees, mentors: mentors, organizationID: organizationID, on: db)
        return Inputs(
            mentees: mentees.map { menteeSide($0, catalogue: catalogue, answers: answers.mentee($0.id)) },
            mentors: mentors.map { mentor in
                // Free seats when the candidates counted them, else the mentor's capacity (a single proposal).
                let free = seats.map { seats in mentor.id.flatMap { seats[$0] } ?? 0 } ?? mentor.capacity
                return mentorSide(mentor, seats: free, answers: answers.mentor(mentor.id))
            },
            terms: RequestTermMatcher(vocabulary: vocabulary))
    }

    // MARK: Mentor

    static func mentorSide(_ mentor: Mentor, seats: Int, answers person: QuestionnaireProfiles.Person) -> Side<MentorProfile> {
        var sources: [Criterion: [Source]] = [:]
        func base(_ criterion: Criterion, _ text: String?) {
            if let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty { sources[criterion, default: []].append(.base(text)) }
        }
        func said(_ key: QuestionKey, _ criterion: Criterion) -> (QuestionnaireProfiles.Said, String)? {
            guard let said = person.answers[key] else { return nil }
            let text = said.value.display()
            sources[criterion, default: []].append(.answer(said, text))
            return (said, text)
        }

        var competencies = FieldParsing.list(mentor.competencies ?? "")
        var experience = FieldParsing.list(mentor.lifeExperience ?? "")
        base(.request, [mentor.competencies, mentor.lifeExperience].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "; "))
        if let (_, text) = said(.mentorCompetencies, .request) { competencies += terms(text) }
        for key in [QuestionKey.mentorExperience, .mentorEducation] {
            if let (_, text) = said(key, .request) { experience += terms(text) }
        }

        var interests = FieldParsing.list(mentor.interests ?? "")
        base(.interests, mentor.interests)
        if let (_, text) = said(.mentorHobbies, .interests) { interests += terms(text) }
        base(.subjects, mentor.subjects)

        var ageRange: AgeRange? = switch (mentor.preferredAgeFrom, mentor.preferredAgeTo) {
        case let (from?, to?): AgeRange(minimum: from, maximum: to)
        case let (from?, nil): AgeRange(minimum: from, maximum: 100)
        case let (nil, to?): AgeRange(minimum: 0, maximum: to)
        case (nil, nil): nil
        }
        if let range = ageRange { base(.age, "\(range.minimum)–\(range.maximum) лет") }
        else if let (said, text) = said(.mentorPreferredMenteeAge, .age) { ageRange = MeetingAnswers.ageRange(said.value.chosenOptions.first ?? text) }

        var times = MeetingAnswers.times(fromText: mentor.meetingTimes ?? "")
        if !times.isEmpty { base(.meetingTime, mentor.meetingTimes) }
        if let (said, _) = said(.mentorMeetingTime, .meetingTime) { times = Array(Set(times + MeetingAnswers.times(fromOptions: said.value.chosenOptions))).sorted() }

        // The person's own answer about the format is newer than the base's default.
        var place = self.place(mentor.meetingPlace)
        if let (said, _) = said(.mentorMeetingFormat, .place), let answered = MeetingAnswers.place(said.value.chosenOptions.first) { place = answered }
        else { base(.place, mentor.meetingPlace.russianName) }

        var hours = mentor.hoursPerWeek
        if let hours { base(.timeResource, "\(hours) ч в неделю") }
        else if let (said, _) = said(.mentorMeetingFrequency, .timeResource) {
            hours = MeetingAnswers.hoursPerWeek(said.value.chosenOptions.first).map { $0 * Double(max(mentor.capacity, 1)) }
        }
        base(.form, mentor.forms.map(\.russianName).joined(separator: ", "))

        let profile = MentorProfile(
            id: mentor.id?.uuidString ?? "", competencies: competencies, subjects: FieldParsing.list(mentor.subjects ?? ""),
            interests: interests, lifeExperience: experience, preferredMenteeAge: ageRange, hoursPerWeek: hours,
            meetingTimes: times, meetingPlace: place,
            forms: mentor.forms.compactMap { MentorMatching.MentoringForm(rawValue: $0.rawValue) }, capacity: max(seats, 0))
        return Side(profile: profile, sources: sources, person: person,
                    expectations: person.answers[.mentorExpectations].map { .answer($0, $0.value.display()) })
    }

    // MARK: Mentee

    static func menteeSide(_ mentee: Mentee, catalogue: RequestCatalogue, answers person: QuestionnaireProfiles.Person) -> Side<MenteeProfile> {
        var sources: [Criterion: [Source]] = [:]
        func said(_ key: QuestionKey, _ criterion: Criterion) -> (QuestionnaireProfiles.Said, String)? {
            guard let said = person.answers[key] else { return nil }
            let text = said.value.display()
            sources[criterion, default: []].append(.answer(said, text))
            return (said, text)
        }

        var requests = mentee.requests.map { catalogue.name(of: $0) }
        if !requests.isEmpty { sources[.request, default: []].append(.base(requests.joined(separator: ", "))) }
        for key in [QuestionKey.menteeRequest, .menteeGoals] {
            if let (_, text) = said(key, .request) { requests += terms(text) }
        }
        var interests: [String] = []
        if let (said, text) = said(.menteeInterests, .interests) {
            interests = said.value.chosenOptions.isEmpty ? terms(text) : said.value.chosenOptions
        }
        var availability: [MeetingTime] = []
        if let (said, _) = said(.menteeMeetingTime, .meetingTime) { availability = MeetingAnswers.times(fromOptions: said.value.chosenOptions) }
        var place: MentorMatching.MeetingPlace?
        if let (said, _) = said(.menteeMeetingFormat, .place) { place = MeetingAnswers.place(said.value.chosenOptions.first) }
        var hoursNeeded: Double?
        if let (said, _) = said(.menteeMeetingFrequency, .timeResource) { hoursNeeded = MeetingAnswers.hoursPerWeek(said.value.chosenOptions.first) }
        // The age or, without one, the usual age of the class or course (seeds: «возраст или курс»).
        var age = mentee.age ?? mentee.birthDate.map { FieldParsing.age(birthDate: $0) }
        if let age { sources[.age, default: []].append(.base("\(RussianPlural.count(age, "год", "года", "лет"))" + (mentee.className.map { ", \($0)" } ?? ""))) }
        else if let usual = MeetingAnswers.usualAge(className: mentee.className), let className = mentee.className {
            age = usual
            sources[.age, default: []].append(.base("\(className) — около \(RussianPlural.count(usual, "год", "года", "лет"))"))
        }
        sources[.form, default: []].append(.base(mentee.form.russianName))

        let profile = MenteeProfile(
            id: mentee.id?.uuidString ?? "", requests: requests, interests: interests, age: age, availability: availability,
            meetingPlace: place, form: MentorMatching.MentoringForm(rawValue: mentee.form.rawValue), hoursPerWeekNeeded: hoursNeeded)
        let expectations = [QuestionKey.menteeWishesForMentor].compactMap { person.answers[$0] }.first
        return Side(profile: profile, sources: sources, person: person, expectations: expectations.map { .answer($0, $0.value.display()) })
    }

    // MARK: Helpers

    /// A free answer as terms: split at commas, semicolons, full stops and new lines.
    static func terms(_ text: String) -> [String] {
        text.split(whereSeparator: { ",;.\n".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func day(_ date: Date) -> String {
        DateFormatting.string(date, "dd.MM")
    }

    private static func place(_ place: MeetingPlace) -> MentorMatching.MeetingPlace {
        switch place {
        case .inPerson: .inPerson
        case .online: .online
        case .mixed: .either
        }
    }
}
