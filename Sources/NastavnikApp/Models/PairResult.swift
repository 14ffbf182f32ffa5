import Fluent
import Foundation

/// An intermediate result of a pair (issue 8, seed 003 «оцениваемые результаты»): a project, a
/// method, an open lesson, a publication, an olympiad, an exam result, with a link or a file.
/// Results count for the mentor rating and for monitoring.
public final class PairResult: Model, @unchecked Sendable {
    public static let schema = "pair_results"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "pairing_id") public var pairing: Pairing
    @Field(key: "program_id") public var programID: UUID
    @Field(key: "kind") public var kind: ResultKind
    @Field(key: "title") public var title: String
    /// ISO day.
    @Field(key: "achieved_on") public var achievedOn: String
    @Field(key: "link") public var link: String
    @OptionalField(key: "file_name") public var fileName: String?
    @OptionalField(key: "file_type") public var fileType: String?
    @OptionalField(key: "file_data") public var fileData: Data?
    @Field(key: "written_by_name") public var writtenByName: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

public enum ResultKind: String, Codable, CaseIterable, Sendable {
    case project, method, openLesson, publication, olympiad, contest, examResult, other

    public var russianName: String {
        switch self {
        case .project: "Проект"
        case .method: "Методическая разработка"
        case .openLesson: "Открытый урок"
        case .publication: "Публикация"
        case .olympiad: "Олимпиада"
        case .contest: "Конкурс, соревнование"
        case .examResult: "Результат экзамена, аттестации"
        case .other: "Другое"
        }
    }
}
