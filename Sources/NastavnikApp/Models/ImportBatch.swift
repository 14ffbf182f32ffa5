import Fluent
import Foundation

/// An uploaded file waiting between the mapping, preview and confirmation steps of an import.
public final class ImportBatch: Model, @unchecked Sendable {
    public static let schema = "import_batches"

    @ID(key: .id) public var id: UUID?
    @Field(key: "organization_id") public var organizationID: UUID
    @Field(key: "kind") public var kind: BaseKind
    @Field(key: "file_name") public var fileName: String
    @Field(key: "content") public var content: Data
    /// JSON: column index → field code, set at the mapping step.
    @OptionalField(key: "mapping") public var mapping: String?
    @Field(key: "created_by_id") public var createdByID: UUID
    @OptionalField(key: "imported_at") public var importedAt: Date?
    @OptionalField(key: "created_count") public var createdCount: Int?
    @OptionalField(key: "updated_count") public var updatedCount: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
