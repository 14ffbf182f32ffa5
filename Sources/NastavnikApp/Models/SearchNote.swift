import Fluent
import Foundation

/// For a mentee still without a mentor in a program: the psychological support given and how
/// the search goes on (seed 001: «наставляемые, не сформировавшие пару, получают
/// психологическую поддержку, поиск наставника продолжается»).
public final class SearchNote: Model, @unchecked Sendable {
    public static let schema = "search_notes"

    @ID(key: .id) public var id: UUID?
    @Field(key: "program_id") public var programID: UUID
    @Parent(key: "mentee_id") public var mentee: Mentee
    @Field(key: "support") public var support: String
    @Field(key: "written_by_name") public var writtenByName: String
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
}
