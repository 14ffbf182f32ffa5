import Fluent
import Foundation

/// A row of the mentee base (база наставляемых): who the mentee is, what they ask for, where the
/// data came from, and where they are in the program.
public final class Mentee: Model, @unchecked Sendable {
    public static let schema = "mentees"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "organization_id") public var organization: Organization
    /// Denormalized for regional counts without joins.
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "region_id") public var regionID: UUID
    /// The person's account, once they have one.
    @OptionalParent(key: "user_id") public var user: User?
    @Field(key: "last_name") public var lastName: String
    @Field(key: "first_name") public var firstName: String
    @OptionalField(key: "middle_name") public var middleName: String?
    /// `male` / `female` as the person or a curator set it; nil — «не указан» (see `gender`).
    @OptionalField(key: "gender") public var storedGender: String?
    @OptionalField(key: "birth_date") public var birthDate: Date?
    @OptionalField(key: "age") public var age: Int?
    /// Under 18: consents come from the legal representative.
    @Field(key: "is_minor") public var isMinor: Bool
    /// Class («7Б») or group («ТМ-31»), or the department for a teacher.
    @OptionalField(key: "class_name") public var className: String?
    @Field(key: "form") public var form: MentoringForm
    /// Request codes joined with «;» for display; `mentee_requests` holds them for filtering.
    @Field(key: "request_codes") public var requestCodes: String
    @OptionalField(key: "request_note") public var requestNote: String?
    @Field(key: "channel") public var channel: DataChannel
    @Field(key: "entered_on") public var enteredOn: Date
    @Field(key: "status") public var status: MenteeStatus
    @Field(key: "consent_state") public var consentState: ConsentState
    @OptionalField(key: "guardian_name") public var guardianName: String?
    @OptionalField(key: "guardian_phone") public var guardianPhone: String?
    @OptionalField(key: "phone") public var phone: String?
    @OptionalField(key: "email") public var email: String?
    @Field(key: "search_key") public var searchKey: String
    @OptionalField(key: "anonymized_at") public var anonymizedAt: Date?
    /// Set when the person graduated (11th class, last course): the start year of the academic year
    /// they finished. A graduate leaves the active base and stays in the history (`AcademicYearAdvance`).
    @OptionalField(key: "graduated_year") public var graduatedYear: Int?
    /// Raised by every save of the card (`CardVersion`); nil only on a row not yet stored.
    @OptionalField(key: "version") public var version: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public var fullName: String {
        [lastName, firstName, middleName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    public var requests: [String] {
        requestCodes.split(separator: ";").map(String.init)
    }

    public func updateSearchKey() {
        searchKey = [lastName, firstName, middleName ?? "", className ?? ""].joined(separator: " ").lowercased()
    }
}
