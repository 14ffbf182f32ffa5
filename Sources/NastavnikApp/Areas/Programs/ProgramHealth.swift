/// How a program is doing, at a glance in the list: from overdue roadmap items, work left
/// behind in earlier stages, and a period that ended before completion.
public enum ProgramHealth: String, Codable, Sendable {
    case onTrack, lagging, atRisk

    public var russianName: String {
        switch self {
        case .onTrack: "по плану"
        case .lagging: "есть отставание"
        case .atRisk: "требует внимания"
        }
    }

    public static func assess(overdueItems: Int, openEarlierItems: Int, periodEnded: Bool, stage: ProgramStage) -> ProgramHealth {
        if overdueItems >= 3 || (periodEnded && stage < .completion) { return .atRisk }
        if overdueItems > 0 || openEarlierItems > 0 { return .lagging }
        return .onTrack
    }
}
