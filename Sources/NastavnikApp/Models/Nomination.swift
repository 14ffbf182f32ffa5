import Fluent
import Foundation

/// A nomination at the end of a program (seed 003, the festive event: «Наставник года», «Лучшая
/// пара»): a mentor or a pair recognized, for the honor board.
public final class Nomination: Model, @unchecked Sendable {
    public static let schema = "nominations"

    @ID(key: .id) public var id: UUID?
    @Field(key: "organization_id") public var organizationID: UUID
    @Parent(key: "program_id") public var program: Program
    @Field(key: "title") public var title: String
    @Parent(key: "mentor_id") public var mentor: Mentor
    /// Set for a pair's nomination («Лучшая пара»).
    @OptionalField(key: "pairing_id") public var pairingID: UUID?
    @Field(key: "year") public var year: Int
    @Field(key: "note") public var note: String
    @Field(key: "created_by_name") public var createdByName: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    /// The nominations seed 003 names; the curator may write another.
    public static let usual = ["Наставник года", "Лучшая пара", "Лучшая наставническая практика", "Открытие года"]
}
