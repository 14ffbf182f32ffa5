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

    static func load(_ program: Program, on db: any Database) async throws -> ProgramPeople {
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
        let waiting = try await Mentee.query(on: db).filter(\.$organization.$id == program.$organization.id)
            .filter(\.$form ~~ program.forms).filter(\.$status ~~ [.candidate, .inBase]).filter(\.$anonymizedAt == nil)
            .sort(\.$lastName).sort(\.$firstName).all()
        for mentee in waiting {
            add(Person(side: .mentee, id: try mentee.requireID(), userID: mentee.$user.id, name: mentee.fullName,
                       form: mentee.form, pairingID: nil, scheme: nil, origin: nil))
        }
        return ProgramPeople(people: people)
    }
}
