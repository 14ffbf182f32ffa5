import Fluent
import Vapor

/// `/api/v1/organizations/:organizationID/request-vocabulary`: the vocabulary of synonyms and
/// related requests that matching and selection compare by, as the catalogue's page shows it,
/// and adding the organization's own lines.
struct RequestCatalogueAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let vocabulary = routes.grouped(RequireAPIPrincipal()).grouped("organizations", ":organizationID", "request-vocabulary")
        vocabulary.get(use: list)
        vocabulary.post(use: add)
    }

    struct MeaningDTO: Content { let head: String; let synonyms: [String]; let related: [String] }
    struct LineDTO: Content {
        let id: UUID; let term: String; let phrase: String; let relation: String; let createdByName: String; let createdAt: Date?

        init(_ entry: RequestVocabularyEntry) throws {
            id = try entry.requireID()
            term = entry.term
            phrase = entry.phrase
            relation = entry.relation
            createdByName = entry.createdByName
            createdAt = entry.createdAt
        }
    }
    struct VocabularyDTO: Content { let builtIn: [MeaningDTO]; let own: [LineDTO] }
    struct LineInput: Content { var term: String?; var phrase: String?; var relation: String? }

    /// GET …/request-vocabulary — the built-in meanings and the organization's lines.
    @Sendable func list(req: Request) async throws -> VocabularyDTO {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let own = try await RequestVocabularyEntry.query(on: req.db).filter(\.$organizationID == organization.requireID())
            .sort(\.$createdAt).all()
        return VocabularyDTO(builtIn: RequestVocabulary.builtIn.map { .init(head: $0.head, synonyms: $0.synonyms, related: $0.related) },
                             own: try own.map(LineDTO.init))
    }

    /// POST …/request-vocabulary — one line: `relation` is `synonym` (counts in full) or `related` (counts half).
    @Sendable func add(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let organizationID = try organization.requireID()
        let input = try req.content.decode(LineInput.self)
        let entry = try await RequestVocabulary.add(term: input.term, phrase: input.phrase, relation: input.relation,
                                                    organizationID: organizationID, by: req.auditActor, on: req.db)
        return try await LineDTO(entry).encodeResponse(status: .created, for: req)
    }

    private static let path = "/api/v1/organizations/{organizationID}/request-vocabulary"

    static var operations: [OpenAPIDocument.Operation] {
        let organization = [OpenAPIDocument.uuidPathParameter("organizationID", "Идентификатор организации")]
        return [
            .init(method: .GET, path: path, summary: "Словарь синонимов и близких запросов, по которому подбор и отбор сравнивают запросы с компетенциями",
                  tag: "Базы", requiresAuth: true, parameters: organization, responseSchema: OpenAPIDocument.ref("RequestVocabulary")),
            .init(method: .POST, path: path, summary: "Добавить строку словаря организации: то же самое (synonym) или близкий запрос (related)",
                  tag: "Базы", requiresAuth: true, parameters: organization, responseSchema: OpenAPIDocument.ref("RequestVocabularyLine"),
                  requestSchema: OpenAPIDocument.ref("RequestVocabularyLineInput"), successStatus: 201, mayConflict: true),
        ]
    }

    static var schemas: [String: Any] {
        let string: [String: Any] = ["type": "string"]
        let strings: [String: Any] = ["type": "array", "items": string]
        let relation: [String: Any] = ["type": "string", "enum": RequestVocabulary.Relation.allCases.map(\.rawValue)]
        return [
            "RequestVocabulary": ["type": "object", "required": ["builtIn", "own"], "properties": [
                "builtIn": ["type": "array", "items": ["type": "object", "required": ["head", "synonyms", "related"],
                                                       "properties": ["head": string, "synonyms": strings, "related": strings]]],
                "own": ["type": "array", "items": OpenAPIDocument.ref("RequestVocabularyLine")],
            ]],
            "RequestVocabularyLine": ["type": "object", "required": ["id", "term", "phrase", "relation", "createdByName"], "properties": [
                "id": ["type": "string", "format": "uuid"], "term": string, "phrase": string, "relation": relation, "createdByName": string,
                "createdAt": ["type": ["string", "null"], "format": "date-time"],
            ]],
            "RequestVocabularyLineInput": ["type": "object", "required": ["term", "phrase", "relation"], "properties": [
                "term": ["type": "string", "description": "Запрос перечня или любое слово («Подготовка к трудоустройству»)"],
                "phrase": ["type": "string", "description": "Как это говорят иначе («составление резюме»)"], "relation": relation,
            ]],
        ]
    }
}
