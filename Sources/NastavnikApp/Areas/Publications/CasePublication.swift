import Fluent
import Foundation
import SQLKit

/// What of a pair may appear on the public pages (152-FZ: publication needs its own consent,
/// per category). A case is published only when every participant has an active consent to
/// the case library; adults' names then appear, minors' never (a mentee is described by form
/// and class only). The check runs again at every public view, so a withdrawn consent hides
/// the case at once even before the take-down below has run.
enum CasePublication {
    struct Participant: Sendable {
        let kind: BaseKind
        let id: UUID
        let name: String
        let role: String
        let isMinor: Bool
        let detail: String
        let consented: Bool
        /// The separate consent to the publication of photos: without it no photo of the case is shown.
        let photoConsented: Bool
    }

    /// A participant as the curator and the administration see them (the editor, the preview and
    /// the API): both consents and how the public pages name them.
    struct ConsentStatus: Codable, Sendable {
        let role: String
        let name: String
        let isMinor: Bool
        let consented: Bool
        let photoConsented: Bool
        let publicName: String

        init(_ participant: Participant) {
            role = participant.role
            name = participant.name
            isMinor = participant.isMinor
            consented = participant.consented
            photoConsented = participant.photoConsented
            publicName = CasePublication.publicName(participant)
        }
    }

    static func participants(of pairing: Pairing, on db: any Database) async throws -> [Participant] {
        let members = try await PairingMember.query(on: db).filter(\.$pairing.$id == pairing.requireID()).with(\.$mentee).all().filter(\.isAgreed)
        let mentor = try await Mentor.find(pairing.$mentor.id, on: db)
        let subjects = [(BaseKind.mentor, pairing.$mentor.id)] + members.map { (BaseKind.mentee, $0.$mentee.id) }
        let consented = try await activeConsents(subjects.map(\.1), purpose: .publicationCases, on: db)
        let photos = try await activeConsents(subjects.map(\.1), purpose: .publicationPhotos, on: db)
        var result: [Participant] = []
        if let mentor {
            result.append(Participant(kind: .mentor, id: mentor.id!, name: mentor.fullName, role: "Наставник", isMinor: mentor.isMinor,
                                      detail: [mentor.position, mentor.workplace].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "),
                                      consented: consented.contains(mentor.id!), photoConsented: photos.contains(mentor.id!)))
        }
        let kinds = try await Organization.query(on: db).filter(\.$id ~~ Set(members.map(\.mentee.$organization.id))).all()
            .reduce(into: [UUID: OrganizationKind]()) { $0[$1.id!] = $1.kind }
        for member in members {
            let mentee = member.mentee
            let group = GroupWord.of(kinds[mentee.$organization.id] ?? .school)
            result.append(Participant(kind: .mentee, id: mentee.id!, name: mentee.fullName, role: "Наставляемый", isMinor: mentee.isMinor,
                                      detail: mentee.className.map(group.label) ?? "", consented: consented.contains(mentee.id!),
                                      photoConsented: photos.contains(mentee.id!)))
        }
        return result
    }

    /// Holds the pair's active consents to the case library until the transaction ends, so a
    /// withdrawal at the same moment either comes first (and the check that follows sees it) or
    /// waits until the case is saved (and then takes it down). PostgreSQL: `FOR SHARE` on the
    /// consent rows a withdrawal updates; SQLite's write transaction already runs alone. Call it
    /// first in the transaction that checks the consents and changes the case.
    static func holdConsents(of pairing: Pairing, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        let members = try await PairingMember.query(on: db).filter(\.$pairing.$id == pairing.requireID()).all().map(\.$mentee.id)
        let subjects = [pairing.$mentor.id] + members
        try await sql.raw("""
            SELECT id FROM \(ident: ConsentRecord.schema)
            WHERE subject_id IN (\(binds: subjects)) AND purpose = \(bind: ConsentPurpose.publicationCases.rawValue) AND withdrawn_at IS NULL
            FOR SHARE
            """).run()
    }

    /// The subjects among `ids` with an active consent of `purpose`.
    static func activeConsents(_ ids: [UUID], purpose: ConsentPurpose, on db: any Database) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        let records = try await ConsentRecord.query(on: db).filter(\.$subjectID ~~ ids).filter(\.$purpose == purpose)
            .filter(\.$withdrawnAt == nil).all()
        return Set(records.map(\.subjectID))
    }

    /// How a participant is named in public: an adult by name, a minor never.
    static func publicName(_ participant: Participant) -> String {
        if participant.isMinor { return [participant.role, participant.detail].filter { !$0.isEmpty }.joined(separator: ", ") }
        return [participant.role + ": " + participant.name, participant.detail].filter { !$0.isEmpty }.joined(separator: ", ")
    }

    /// Takes down every published or waiting case of a person who withdrew a consent it rests on.
    static func takeDown(subjectKind: BaseKind, subjectID: UUID, reason: String, on db: any Database) async throws -> Int {
        let pairingIDs: [UUID]
        switch subjectKind {
        case .mentor: pairingIDs = try await Pairing.query(on: db).filter(\.$mentor.$id == subjectID).all().map { $0.id! }
        case .mentee: pairingIDs = try await PairingMember.query(on: db).filter(\.$mentee.$id == subjectID).all().map(\.$pairing.id)
        }
        guard !pairingIDs.isEmpty else { return 0 }
        let cases = try await PracticeCase.query(on: db).filter(\.$pairingID ~~ pairingIDs).filter(\.$status ~~ [.published, .submitted]).all()
        for practice in cases {
            practice.status = .takenDown
            practice.statusNote = reason
            try await practice.save(on: db)
        }
        return cases.count
    }
}
