import Fluent
import Foundation

/// The kind of an organization that takes part in mentoring.
public enum OrganizationKind: String, Codable, CaseIterable, Sendable {
    case school, college, enterprise, ngo, other

    public var russianName: String {
        switch self {
        case .school: "Школа"
        case .college: "Колледж (СПО)"
        case .enterprise: "Предприятие-партнёр"
        case .ngo: "НКО"
        case .other: "Другая организация"
        }
    }
}

/// A school, college, enterprise partner or NGO: the tenant that owns programs and people's data.
public final class Organization: Model, @unchecked Sendable {
    public static let schema = "organizations"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "municipality_id") public var municipality: Municipality
    /// Denormalized from the municipality so regional scopes filter without a join.
    @Field(key: "region_id") public var regionID: UUID
    @Field(key: "name") public var name: String
    @Field(key: "short_name") public var shortName: String
    @Field(key: "kind") public var kind: OrganizationKind
    @OptionalField(key: "inn") public var inn: String?
    @OptionalField(key: "address") public var address: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(
        id: UUID? = nil, municipalityID: UUID, regionID: UUID, name: String, shortName: String,
        kind: OrganizationKind, inn: String? = nil, address: String? = nil
    ) {
        self.id = id
        self.$municipality.id = municipalityID
        self.regionID = regionID
        self.name = name
        self.shortName = shortName
        self.kind = kind
        self.inn = inn
        self.address = address
    }
}
