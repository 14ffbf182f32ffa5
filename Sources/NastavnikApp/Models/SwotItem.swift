import Fluent
import Foundation

/// A line of a program's SWOT table (seed 003, the first stage of monitoring): the curator
/// takes it from the quality survey's answers or writes it, and keeps what stands behind it.
public final class SwotItem: Model, @unchecked Sendable {
    public static let schema = "swot_items"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "program_id") public var program: Program
    @Field(key: "quadrant") public var quadrant: SwotQuadrant
    @Field(key: "text") public var text: String
    /// The answers behind the item: «из анкеты: наставник, 12.11.2026», or the curator's note.
    @Field(key: "source") public var source: String
    @Field(key: "written_by_name") public var writtenByName: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

public enum SwotQuadrant: String, Codable, CaseIterable, Sendable {
    case strength, weakness, opportunity, threat

    public var russianName: String {
        switch self {
        case .strength: "Сильные стороны"
        case .weakness: "Слабые стороны"
        case .opportunity: "Возможности"
        case .threat: "Угрозы"
        }
    }

    /// The quality survey's question behind the quadrant.
    var questionKey: QuestionKey {
        switch self {
        case .strength: .swotStrengths
        case .weakness: .swotWeaknesses
        case .opportunity: .swotOpportunities
        case .threat: .swotThreats
        }
    }
}
