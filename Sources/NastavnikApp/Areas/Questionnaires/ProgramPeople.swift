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

        /// A partner's mentor: one from an organization the program names as partner
        /// (`ProgramPartner`), whatever the category — a partner college's student too — or a
        /// representative of an enterprise, a business or an NGO the organization entered in its own base.
        var isPartner = false
        /// The organization whose base holds the card: a partner's mentor answers as its person.
        var organizationID: UUID? = nil
    }

    let people: [Person]
    /// The organizations the program names as partners.
    var partnerOrganizationIDs: Set<UUID> = []

    /// A mentor's card as a person of the program, marked as a partner's by the card's organization.
    static func mentor(_ mentor: Mentor, form: MentoringForm?, pairingID: UUID?, scheme: PairingScheme?, partners: Set<UUID>) throws -> Person {
        var person = Person(side: .mentor, id: try mentor.requireID(), userID: mentor.$user.id, name: mentor.fullName,
                            form: form, pairingID: pairingID, scheme: scheme, origin: mentor.origin)
        person.isPartner = partners.contains(mentor.$organization.id) || [.employer, .entrepreneur, .ngo, .partner].contains(mentor.origin)
        person.organizationID = mentor.$organization.id
        return person
    }

    /// The accounts of these people that hold their role where their card is: in the program's
    /// organization, or a partner's mentor in the partner organization (a partner's people have no
    /// role in the program's organization).
    func verifiedRecipients(_ chosen: [Person], programOrganizationID: UUID, on db: any Database) async throws -> [QuestionnaireAssigning.Recipient] {
        let byOrganization = Dictionary(grouping: chosen.filter { $0.userID != nil }) { person in
            person.organizationID.flatMap { partnerOrganizationIDs.contains($0) ? $0 : nil } ?? programOrganizationID
        }
        var verified: [QuestionnaireAssigning.Recipient] = []
        for (organizationID, group) in byOrganization.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            let candidates = group.compactMap { person in person.userID.map { QuestionnaireAssigning.Recipient(userID: $0, role: person.side.role) } }
            verified += try await QuestionnaireAssigning.verified(candidates, organizationID: organizationID, on: db)
        }
        return verified
    }

    var mentees: [Person] { people.filter { $0.side == .mentee } }
    var mentors: [Person] { people.filter { $0.side == .mentor } }

    func person(key: String) -> Person? { people.first { $0.key == key } }

    /// `waiting: false` leaves out the mentees still waiting for a pair (a big school has many):
    /// monitoring adds only those it has measured (`adding`).
    static func load(_ program: Program, waiting includeWaiting: Bool = true, on db: any Database) async throws -> ProgramPeople {
        let programID = try program.requireID()
        let partners = Set(try await ProgramPartner.query(on: db).filter(\.$program.$id == programID).all(\.$organization.$id))
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
            add(try Self.mentor(pairing.mentor, form: pairing.form, pairingID: pairingID, scheme: pairing.scheme, partners: partners))
        }
        let selected = try await MentorSelection.query(on: db).filter(\.$program.$id == programID).filter(\.$decision == .selected)
            .with(\.$mentor).all()
        for selection in selected where selection.mentor.anonymizedAt == nil {
            let mentor = selection.mentor
            add(try Self.mentor(mentor, form: MentoringForm.forms(inMask: mentor.formsMask).first { program.forms.contains($0) },
                                pairingID: nil, scheme: nil, partners: partners))
        }
        guard includeWaiting else { return ProgramPeople(people: people, partnerOrganizationIDs: partners) }
        let waiting = try await Mentee.query(on: db).filter(\.$organization.$id == program.$organization.id)
            .filter(\.$form ~~ program.forms).filter(\.$status ~~ [.candidate, .inBase]).filter(\.$anonymizedAt == nil)
            .sort(\.$lastName).sort(\.$firstName).all()
        for mentee in waiting {
            add(Person(side: .mentee, id: try mentee.requireID(), userID: mentee.$user.id, name: mentee.fullName,
                       form: mentee.form, pairingID: nil, scheme: nil, origin: nil))
        }
        return ProgramPeople(people: people, partnerOrganizationIDs: partners)
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
                more.append(try Self.mentor(mentor, form: mentor.forms.first, pairingID: nil, scheme: nil, partners: partnerOrganizationIDs))
            }
        }
        return ProgramPeople(people: people + more.sorted { $0.name < $1.name }, partnerOrganizationIDs: partnerOrganizationIDs)
    }
}
