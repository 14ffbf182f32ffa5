import Fluent
import Foundation

/// A row of the mentor base (база наставников) with the columns seed 001 names: personal data,
/// competencies, life experience, interests, preferred age of mentees, time resource,
/// workplace and contacts — plus what matching and pairing need.
public final class Mentor: Model, @unchecked Sendable {
    public static let schema = "mentors"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "organization_id") public var organization: Organization
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "region_id") public var regionID: UUID
    @OptionalParent(key: "user_id") public var user: User?
    @Field(key: "last_name") public var lastName: String
    @Field(key: "first_name") public var firstName: String
    @OptionalField(key: "middle_name") public var middleName: String?
    /// `male` / `female` as the person or a curator set it; nil — «не указан» (see `gender`).
    @OptionalField(key: "gender") public var storedGender: String?
    @OptionalField(key: "birth_date") public var birthDate: Date?
    @Field(key: "is_minor") public var isMinor: Bool
    @Field(key: "origin") public var origin: MentorOrigin
    @Field(key: "contour") public var contour: Contour
    /// `MentoringForm.mask` of the forms the mentor works in.
    @Field(key: "forms_mask") public var formsMask: Int
    @OptionalField(key: "competencies") public var competencies: String?
    @OptionalField(key: "life_experience") public var lifeExperience: String?
    @OptionalField(key: "interests") public var interests: String?
    @OptionalField(key: "subjects") public var subjects: String?
    @OptionalField(key: "preferred_age_from") public var preferredAgeFrom: Int?
    @OptionalField(key: "preferred_age_to") public var preferredAgeTo: Int?
    @OptionalField(key: "hours_per_week") public var hoursPerWeek: Double?
    @Field(key: "capacity") public var capacity: Int
    @OptionalField(key: "meeting_times") public var meetingTimes: String?
    @Field(key: "meeting_place") public var meetingPlace: MeetingPlace
    @OptionalField(key: "workplace") public var workplace: String?
    @OptionalField(key: "position") public var position: String?
    /// A pupil's or student's class or group («10А», «ТД-21»), which moves with the academic year.
    @OptionalField(key: "class_name") public var className: String?
    /// Set when a pupil or student mentor graduated: the start year of the academic year they
    /// finished. Such a card leaves the active base and is no longer a candidate (issue 18, item 5).
    @OptionalField(key: "graduated_year") public var graduatedYear: Int?
    @OptionalField(key: "phone") public var phone: String?
    @OptionalField(key: "email") public var email: String?
    @Field(key: "status") public var status: MentorStatus
    /// In the long-term base: wants to mentor in the next cycle too.
    @Field(key: "long_term") public var longTerm: Bool
    @Field(key: "former_mentee") public var formerMentee: Bool
    /// The mentee card this one was copied from into the long-term base (M042); nil for others.
    @OptionalField(key: "source_mentee_id") public var sourceMenteeID: UUID?
    @Field(key: "consent_state") public var consentState: ConsentState
    @Field(key: "entered_on") public var enteredOn: Date
    @Field(key: "search_key") public var searchKey: String
    @OptionalField(key: "anonymized_at") public var anonymizedAt: Date?
    /// Raised by every save of the card (`CardVersion`); nil only on a row not yet stored.
    @OptionalField(key: "version") public var version: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public var fullName: String {
        [lastName, firstName, middleName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    public var forms: [MentoringForm] { MentoringForm.forms(inMask: formsMask) }

    public func updateSearchKey() {
        searchKey = [lastName, firstName, middleName ?? "", subjects ?? "", workplace ?? ""].joined(separator: " ").lowercased()
    }
}
