import Fluent
import Foundation

/// A material of a contest application (seed 004: the mentor's methodical materials, a
/// presentation, a portfolio). Seen by the organization that applied, the coordinator and the
/// jurors who may judge the application; never public.
public final class ContestApplicationFile: Model, @unchecked Sendable {
    public static let schema = "contest_application_files"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "application_id") public var application: ContestApplication
    @Field(key: "file_name") public var fileName: String
    @Field(key: "file_type") public var fileType: String
    @Field(key: "size") public var size: Int
    @Field(key: "data") public var data: Data
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
