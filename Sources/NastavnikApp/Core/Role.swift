/// The roles of DOMAIN.md §1. A person may hold several, in several organizations.
public enum Role: String, Codable, CaseIterable, Sendable {
    case orgAdmin, curator, psychologist, mentor, mentee, guardian, regionalCoordinator

    public var russianName: String {
        switch self {
        case .orgAdmin: "Администрация"
        case .curator: "Куратор"
        case .psychologist: "Педагог-психолог"
        case .mentor: "Наставник"
        case .mentee: "Наставляемый"
        case .guardian: "Законный представитель"
        case .regionalCoordinator: "Координатор"
        }
    }

    /// Roles held in an organization; a coordinator's scope is a region or a municipality.
    public var isOrganizationRole: Bool { self != .regionalCoordinator }
}
