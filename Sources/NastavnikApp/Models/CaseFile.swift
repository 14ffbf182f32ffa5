import Fluent
import Foundation

/// A photo or a material of a practice case. A photo appears on the public page only while
/// every participant of the pair has the consent to the publication of photos; a material
/// (a document, a presentation) rests on the case library consent, as the text does.
public final class CaseFile: Model, @unchecked Sendable {
    public static let schema = "case_files"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "case_id") public var practiceCase: PracticeCase
    @Field(key: "file_name") public var fileName: String
    @Field(key: "file_type") public var fileType: String
    @Field(key: "is_photo") public var isPhoto: Bool
    /// What the photo shows or what the material is, also the picture's alternative text.
    @Field(key: "caption") public var caption: String
    @Field(key: "size") public var size: Int
    @Field(key: "data") public var data: Data
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
