import Fluent
import Foundation

/// One-time links issued in one step for people of a base (a class, a group, a selection), to be
/// printed or merged into letters. The links are not stored: each is derived from the sheet's
/// secret (`InvitationSheets.token`), and only the secret's hash is kept here.
public final class InvitationSheet: Model, @unchecked Sendable {
    public static let schema = "invitation_sheets"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "organization_id") public var organization: Organization
    @Parent(key: "created_by_id") public var createdBy: User
    /// `BaseKind` of the cards: mentees or mentors.
    @Field(key: "kind") public var kind: String
    @Field(key: "secret_hash") public var secretHash: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

/// A line of a sheet: whose card, which account, which invitation.
public final class InvitationSheetRow: Model, @unchecked Sendable {
    public static let schema = "invitation_sheet_rows"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "sheet_id") public var sheet: InvitationSheet
    @Field(key: "position") public var position: Int
    @Field(key: "card_id") public var cardID: UUID
    @OptionalParent(key: "user_id") public var user: User?
    @OptionalField(key: "invitation_id") public var invitationID: UUID?
    /// The class or group when the link was issued: the sheet is cut per class.
    @OptionalField(key: "class_name") public var className: String?
    /// Why the card got no link; nil on an issued line.
    @OptionalField(key: "skip_reason") public var skipReason: String?

    public init() {}
}
