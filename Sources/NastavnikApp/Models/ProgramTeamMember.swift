import Fluent
import Foundation

/// A curator or a member of a program's working team, with what they answer for.
public final class ProgramTeamMember: Model, @unchecked Sendable {
    public static let schema = "program_team_members"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "program_id") public var program: Program
    @Field(key: "full_name") public var fullName: String
    @Field(key: "is_curator") public var isCurator: Bool
    @Field(key: "responsibility") public var responsibility: String
    @Field(key: "position") public var position: Int

    public init() {}

    public init(id: UUID? = nil, programID: UUID, fullName: String, isCurator: Bool, responsibility: String, position: Int) {
        self.id = id
        self.$program.id = programID
        self.fullName = fullName
        self.isCurator = isCurator
        self.responsibility = responsibility
        self.position = position
    }
}
