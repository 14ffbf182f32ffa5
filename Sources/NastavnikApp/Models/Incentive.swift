import Fluent
import Foundation

/// An incentive for a mentor (seed 003 «Система стимулирования участников наставничества»),
/// fixed by the order «О поощрении» and, for a грамота or a letter of thanks, printed as a certificate.
public final class Incentive: Model, @unchecked Sendable {
    public static let schema = "incentives"

    @ID(key: .id) public var id: UUID?
    @Field(key: "organization_id") public var organizationID: UUID
    @Parent(key: "program_id") public var program: Program
    @Parent(key: "mentor_id") public var mentor: Mentor
    @Field(key: "kind") public var kind: IncentiveKind
    /// «За что»: the wording of the order and the certificate.
    @Field(key: "reason") public var reason: String
    /// ISO day.
    @Field(key: "awarded_on") public var awardedOn: String
    @OptionalField(key: "order_number") public var orderNumber: String?
    @OptionalField(key: "order_on") public var orderOn: String?
    @Field(key: "created_by_name") public var createdByName: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

public enum IncentiveKind: String, Codable, CaseIterable, Sendable {
    case diploma, letterOfThanks, thanksInOrder, publicPraise, refresherCourses, conference, contest, creativeGroup, publicationHelp, scholarship, materialReward

    public var russianName: String {
        switch self {
        case .diploma: "Почётная грамота"
        case .letterOfThanks: "Благодарственное письмо"
        case .thanksInOrder: "Благодарность в приказе"
        case .publicPraise: "Публичная похвала"
        case .refresherCourses: "Направление на курсы повышения квалификации"
        case .conference: "Направление на семинары и конференции"
        case .contest: "Выдвижение на конкурс"
        case .creativeGroup: "Привлечение к работе в творческой группе"
        case .publicationHelp: "Помощь в обобщении опыта и подготовке публикации"
        case .scholarship: "Стипендия"
        case .materialReward: "Материальное стимулирование"
        }
    }

    /// The title printed on a certificate, for the kinds that have one.
    public var certificateTitle: String? {
        switch self {
        case .diploma: "ПОЧЁТНАЯ ГРАМОТА"
        case .letterOfThanks: "БЛАГОДАРСТВЕННОЕ ПИСЬМО"
        case .thanksInOrder, .publicPraise: "БЛАГОДАРНОСТЬ"
        default: nil
        }
    }
}
