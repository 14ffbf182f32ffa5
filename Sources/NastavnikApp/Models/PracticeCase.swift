import Fluent
import Foundation

/// A case of mentoring practice from a pair's work (seed 003, the third level of completion:
/// «Ресурсный центр наставнических практик»), prepared by the curator, approved by the
/// organization's administration and published on public pages only as far as the
/// participants' publication consents allow.
public final class PracticeCase: Model, @unchecked Sendable {
    public static let schema = "practice_cases"

    @ID(key: .id) public var id: UUID?
    @Field(key: "organization_id") public var organizationID: UUID
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "region_id") public var regionID: UUID
    @Field(key: "program_id") public var programID: UUID
    @Field(key: "pairing_id") public var pairingID: UUID
    @Field(key: "form") public var form: MentoringForm
    @Field(key: "topic") public var topic: CaseTopic
    @Field(key: "title") public var title: String
    @Field(key: "story") public var story: String
    @Field(key: "goal") public var goal: String
    @Field(key: "what_was_done") public var whatWasDone: String
    @Field(key: "results") public var results: String
    /// Links to materials, one per line.
    @Field(key: "materials") public var materials: String
    @Field(key: "status") public var status: CaseStatus
    /// Why it was taken down or sent back, for the curator.
    @Field(key: "status_note") public var statusNote: String
    @Field(key: "search_key") public var searchKey: String
    @OptionalField(key: "published_at") public var publishedAt: Date?
    @Field(key: "written_by_name") public var writtenByName: String
    /// Raised by every save and by a consent withdrawal that rewrites the texts (M041); a save
    /// made from an older version is refused (`CaseError.changedMeanwhile`). NULL is read as 0.
    @OptionalField(key: "version") public var version: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public func updateSearchKey() {
        searchKey = [title, story, goal, whatWasDone, results].joined(separator: " ").lowercased()
    }
}

public enum CaseStatus: String, Codable, CaseIterable, Sendable {
    case draft, submitted, published, takenDown

    public var russianName: String {
        switch self {
        case .draft: "Черновик"
        case .submitted: "На согласовании у администрации"
        case .published: "Опубликован"
        case .takenDown: "Снят с публикации"
        }
    }
}

public enum CaseTopic: String, Codable, CaseIterable, Sendable {
    case achievement, adaptation, careerGuidance, projects, contests, youngTeacher, socialSkills, other

    public var russianName: String {
        switch self {
        case .achievement: "Успеваемость"
        case .adaptation: "Адаптация"
        case .careerGuidance: "Профориентация"
        case .projects: "Проекты"
        case .contests: "Олимпиады и конкурсы"
        case .youngTeacher: "Молодой специалист"
        case .socialSkills: "Общение и уверенность"
        case .other: "Другое"
        }
    }
}
