import Fluent
import Foundation

/// The people of one program, as its surveys and measurements see them: mentees and mentors in
/// its pairs (proposed, working or finished, declined places left out), mentors selected for it,
/// and the mentees of its forms still waiting for a pair. Each with the pair they are in, if any.
struct ProgramPeople: Sendable {
    enum Side: String, Codable, Sendable, CaseIterable {
        case mentee, mentor

        var russianName: String { self == .mentee ? "Наставляемые" : "Наставники" }
        var role: Role { self == .mentee ? .mentee : .mentor }
    }

    struct Person: Sendable, Hashable {
        let side: Side
        /// The card in the base of mentees or mentors.
        let id: UUID
        let userID: UUID?
        let name: String
        let form: MentoringForm?
        let pairingID: UUID?
        let scheme: PairingScheme?
        let origin: MentorOrigin?

        /// «mentee-<id>» / «mentor-<id>»: how forms and the API name a person of the program.
        var key: String { "\(side.rawValue)-\(id)" }

        /// A representative of a partner organization (an employer, an entrepreneur, an NGO).
        var isPartner: Bool { side == .mentor && [.employer, .entrepreneur, .ngo, .partner].contains(origin) }
    }

    let people: [Person]

    var mentees: [Person] { people.filter { $0.side == .mentee } }
    var mentors: [Person] { people.filter { $0.side == .mentor } }

    func person(key: String) -> Person? { people.first { $0.key == key } }

    /// `waiting: false` leaves out the mentees still waiting for a pair (a big school has many):
    /// monitoring adds only those it has measured (`adding`).
    static func load(_ program: Program, waiting includeWaiting: Bool = true, on db: any Database) async throws -> ProgramPeople {
        let programID = try program.requireID()
        let pairings = try await Pairing.query(on: db).filter(\.$program.$id == programID)
            .filter(\.$status ~~ [.proposed, .formed, .finished])
            .with(\.$mentor).with(\.$members) { $0.with(\.$mentee) }.sort(\.$createdAt).all()
        var people: [Person] = []
        var seen = Set<String>()
        func add(_ person: Person) { if seen.insert(person.key).inserted { people.append(person) } }
        for pairing in pairings {
            let pairingID = try pairing.requireID()
            for member in pairing.members where !member.isDeclined {
                add(Person(side: .mentee, id: try member.mentee.requireID(), userID: member.mentee.$user.id, name: member.mentee.fullName,
                           form: pairing.form, pairingID: pairingID, scheme: pairing.scheme, origin: nil))
            }
            add(Person(side: .mentor, id: try pairing.mentor.requireID(), userID: pairing.mentor.$user.id, name: pairing.mentor.fullName,
                       form: pairing.form, pairingID: pairingID, scheme: pairing.scheme, origin: pairing.mentor.origin))
        }
        let selected = try await MentorSelection.query(on: db).filter(\.$program.$id == programID).filter(\.$decision == .selected)
            .with(\.$mentor).all()
        for selection in selected where selection.mentor.anonymizedAt == nil {
            let mentor = selection.mentor
            add(Person(side: .mentor, id: try mentor.requireID(), userID: mentor.$user.id, name: mentor.fullName,
                       form: MentoringForm.forms(inMask: mentor.formsMask).first { program.forms.contains($0) },
                       pairingID: nil, scheme: nil, origin: mentor.origin))
        }
        guard includeWaiting else { return ProgramPeople(people: people) }
        let waiting = try await Mentee.query(on: db).filter(\.$organization.$id == program.$organization.id)
            .filter(\.$form ~~ program.forms).filter(\.$status ~~ [.candidate, .inBase]).filter(\.$anonymizedAt == nil)
            .sort(\.$lastName).sort(\.$firstName).all()
        for mentee in waiting {
            add(Person(side: .mentee, id: try mentee.requireID(), userID: mentee.$user.id, name: mentee.fullName,
                       form: mentee.form, pairingID: nil, scheme: nil, origin: nil))
        }
        return ProgramPeople(people: people)
    }

    /// These people and the cards named by `keys` that are not among them yet (people measured
    /// before their pair formed, or no longer in one).
    func adding(_ keys: Set<String>, on db: any Database) async throws -> ProgramPeople {
        let known = Set(people.map(\.key))
        let missing = keys.subtracting(known)
        func ids(_ side: Side) -> [UUID] { missing.compactMap { $0.hasPrefix(side.rawValue + "-") ? UUID(uuidString: String($0.dropFirst(side.rawValue.count + 1))) : nil } }
        var more: [Person] = []
        let menteeIDs = ids(.mentee), mentorIDs = ids(.mentor)
        if !menteeIDs.isEmpty {
            for mentee in try await Mentee.query(on: db).filter(\.$id ~~ menteeIDs).all() {
                more.append(Person(side: .mentee, id: try mentee.requireID(), userID: mentee.$user.id, name: mentee.fullName,
                                   form: mentee.form, pairingID: nil, scheme: nil, origin: nil))
            }
        }
        if !mentorIDs.isEmpty {
            for mentor in try await Mentor.query(on: db).filter(\.$id ~~ mentorIDs).all() {
                more.append(Person(side: .mentor, id: try mentor.requireID(), userID: mentor.$user.id, name: mentor.fullName,
                                   form: mentor.forms.first, pairingID: nil, scheme: nil, origin: mentor.origin))
            }
        }
        return ProgramPeople(people: people + more.sorted { $0.name < $1.name })
    }
}
