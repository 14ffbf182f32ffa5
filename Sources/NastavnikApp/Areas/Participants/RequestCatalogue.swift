import Fluent
import Foundation

/// The requests an organization's mentees can have: the built-in ones and its own.
struct RequestCatalogue: Sendable {
    struct Item: Sendable, Encodable {
        let code: String
        let name: String
    }

    let items: [Item]

    static func load(organizationID: UUID, on db: any Database) async throws -> RequestCatalogue {
        let custom = try await RequestKind.query(on: db).filter(\.$organizationID == organizationID).sort(\.$name).all()
        return RequestCatalogue(items: builtInItems + custom.map { Item(code: $0.code, name: $0.name) })
    }

    /// The built-in requests and the seeds' requests of the college and employer forms.
    static let builtInItems: [Item] = BuiltInRequest.allCases.map { Item(code: $0.rawValue, name: $0.russianName) }
        + RequestVocabulary.seedRequests.map { Item(code: $0.code, name: $0.name) }

    func name(of code: String) -> String {
        items.first { $0.code == code }?.name ?? code
    }

    /// A request by its code or its name, as typed or imported.
    func code(for text: String) -> String? {
        let key = FieldParsing.normalized(text)
        return items.first { FieldParsing.normalized($0.code) == key || FieldParsing.normalized($0.name) == key }?.code
    }
}

extension RequestCatalogue {
    /// Adds an organization's own request kind, with its audit entry in the same transaction.
    static func addKind(named name: String, organizationID: UUID, by actor: AuditActor, on db: any Database) async throws -> RequestKind {
        let kind = RequestKind(organizationID: organizationID, code: "custom-" + UUID().uuidString.prefix(8).lowercased(), name: name)
        try await db.transaction { tx in
            try await kind.save(on: tx)
            try await actor.record(.requestKindAdded, organizationID: organizationID, objectType: "requestKind", objectID: kind.id, details: name, on: tx)
        }
        return kind
    }
}
