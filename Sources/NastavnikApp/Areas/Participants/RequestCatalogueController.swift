import Fluent
import SQLKit
import Vapor

/// The organization's catalogue of requests: the built-in ones and those it adds.
struct RequestCatalogueController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Participants.requests, use: index)
        routes.on(SiteRoute.Participants.addRequest, use: add)
        routes.on(SiteRoute.Participants.addVocabulary, use: addVocabulary)
    }

    struct CataloguePage: Encodable {
        struct Item: Encodable { let name: String; let builtIn: Bool; let mentees: Int }
        /// One meaning of the vocabulary: the request, what means the same, what is close.
        struct Meaning: Encodable { let head: String; let synonyms: String; let related: String }
        struct OwnLine: Encodable { let term: String; let phrase: String; let relation: String; let byName: String }
        let organizationID: UUID
        let items: [Item]
        var vocabulary: [Meaning] = []
        var ownLines: [OwnLine] = []
        var relations: [SelectOption] = []
    }

    /// GET /orgs/:organizationID/requests — with how many mentees have each request.
    @Sendable func index(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        return try await page(req, organization: organization, form: FormState())
    }

    private func page(_ req: Request, organization: Organization, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let organizationID = try organization.requireID()
        let catalogue = try await RequestCatalogue.load(organizationID: organizationID, on: req.db)
        var counts: [String: Int] = [:]
        if let sql = req.db as? any SQLDatabase {
            struct Row: Decodable { let code: String; let n: Int }
            for row in try await sql.select().column("code").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(MenteeRequest.schema).where("organization_id", .equal, organizationID).groupBy("code").all(decoding: Row.self) {
                counts[row.code] = row.n
            }
        }
        let builtIn = Set(RequestCatalogue.builtInItems.map(\.code))
        let own = try await RequestVocabularyEntry.query(on: req.db).filter(\.$organizationID == organizationID).sort(\.$createdAt).all()
        return try await req.page(
            "participants/requests", title: "Перечень запросов",
            breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)), .init("База наставляемых", SiteRoute.Bases.mentees.index.path(organizationID)), .init("Перечень запросов")],
            organization: organization, form: form, status: status,
            content: CataloguePage(organizationID: organizationID, items: catalogue.items.map {
                .init(name: $0.name, builtIn: builtIn.contains($0.code), mentees: counts[$0.code] ?? 0)
            }, vocabulary: RequestVocabulary.builtIn.map {
                .init(head: $0.head, synonyms: $0.synonyms.joined(separator: ", "), related: $0.related.joined(separator: ", "))
            }, ownLines: own.map {
                .init(term: $0.term, phrase: $0.phrase, relation: RequestVocabulary.Relation(rawValue: $0.relation)?.russianName ?? $0.relation,
                      byName: $0.createdByName)
            }, relations: RequestVocabulary.Relation.allCases.map {
                SelectOption($0.rawValue, $0.russianName, selected: form.values["relation"] == $0.rawValue)
            })
        )
    }

    struct AddForm: Content { var name: String? }

    /// POST /orgs/:organizationID/requests
    @Sendable func add(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let organizationID = try organization.requireID()
        let name = try req.content.decode(AddForm.self).name.trimmed
        let catalogue = try await RequestCatalogue.load(organizationID: organizationID, on: req.db)
        var error: String?
        if name.count < 3 || name.count > 120 { error = "Название запроса — от 3 до 120 символов." }
        else if catalogue.code(for: name) != nil { error = "Такой запрос уже есть в перечне." }
        if let error {
            return try await page(req, organization: organization, form: FormState(values: ["name": name], errors: ["name": error]), status: .unprocessableEntity)
        }
        _ = try await RequestCatalogue.addKind(named: name, organizationID: organizationID, by: req.auditActor, on: req.db)
        return req.redirect(to: SiteRoute.Participants.requests.path(organizationID), flash: FlashMessage(.success, "Запрос \(name.quoted()) добавлен в перечень."))
    }

    struct VocabularyForm: Content { var term: String?; var phrase: String?; var relation: String? }

    /// POST /orgs/:organizationID/requests/vocabulary — a line of the organization's vocabulary:
    /// matching and selection read the phrase as the request (or as close to it) from then on.
    @Sendable func addVocabulary(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let organizationID = try organization.requireID()
        let input = try req.content.decode(VocabularyForm.self)
        let values = ["term": input.term.trimmed, "phrase": input.phrase.trimmed, "relation": input.relation ?? ""]
        let entry: RequestVocabularyEntry
        do {
            entry = try await RequestVocabulary.add(term: input.term, phrase: input.phrase, relation: input.relation, organizationID: organizationID,
                                                    by: req.auditActor, on: req.db)
        } catch AppError.validation(let errors) {
            return try await page(req, organization: organization, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await page(req, organization: organization, form: FormState(values: values, errors: ["phrase": message]), status: .conflict)
        }
        let term = entry.term, phrase = entry.phrase
        let relation = RequestVocabulary.Relation(rawValue: entry.relation) ?? .synonym
        return req.redirect(to: SiteRoute.Participants.requests.path(organizationID) + "#vocabulary",
                            flash: FlashMessage(.success, "В словарь добавлено: «\(phrase)» — \(relation.russianName) для «\(term)»."))
    }
}
