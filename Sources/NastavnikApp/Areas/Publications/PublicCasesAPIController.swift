import Vapor

/// `/api/v1/public/cases`: the published cases as JSON, without a token, on the same consent
/// rules as the public pages.
struct PublicCasesAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let cases = routes.grouped("public", "cases")
        cases.get(use: list)
        cases.get(":caseID", use: show)
        routes.get("public", "contests", ":contestID", "results", use: contestResults)
    }

    /// GET /api/v1/public/contests/:contestID/results
    @Sendable func contestResults(req: Request) async throws -> ContestRules.PublicResults {
        try await ContestRules.publicResults(req.contest(), on: req.db)
    }

    struct CaseList: Content {
        let items: [PublicCases.Summary]
        let total: Int
        let page: Int
    }

    /// GET /api/v1/public/cases?region=&organization=&form=&topic=&q=&page=
    @Sendable func list(req: Request) async throws -> CaseList {
        let filter = PublicCases.Filter(req)
        let (items, total) = try await PublicCases.list(filter, on: req.db)
        return CaseList(items: items, total: total, page: filter.page)
    }

    /// GET /api/v1/public/cases/:caseID
    @Sendable func show(req: Request) async throws -> PublicCases.Detail {
        guard let id = req.parameters.get("caseID", as: UUID.self) else { throw AppError.notFound }
        return try await PublicCases.detail(id, on: req.db)
    }

    static var operations: [OpenAPIDocument.Operation] {
        let query = { (name: String, description: String) -> [String: Any] in
            ["name": name, "in": "query", "required": false, "description": description, "schema": ["type": "string"]]
        }
        return [
            .init(method: .GET, path: "/api/v1/public/cases", summary: "Опубликованные кейсы наставнических практик (без входа)", tag: "Публичные страницы",
                  requiresAuth: false, parameters: [query("region", "Регион (uuid)"), query("organization", "Организация (uuid)"),
                                                    query("form", "Форма наставничества"), query("topic", "Тема"), query("q", "Поиск"),
                                                    ["name": "page", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 1]]],
                  responseSchema: OpenAPIDocument.ref("PublicCaseList")),
            .init(method: .GET, path: "/api/v1/public/cases/{caseID}", summary: "Опубликованный кейс (без входа)", tag: "Публичные страницы",
                  requiresAuth: false, parameters: [OpenAPIDocument.uuidPathParameter("caseID", "Идентификатор кейса")],
                  responseSchema: OpenAPIDocument.ref("PublicCase")),
            .init(method: .GET, path: "/api/v1/public/contests/{contestID}/results", summary: "Опубликованные итоги конкурса «Быть учителем!» (без входа)",
                  tag: "Публичные страницы", requiresAuth: false, parameters: [OpenAPIDocument.uuidPathParameter("contestID", "Идентификатор конкурса")],
                  responseSchema: OpenAPIDocument.ref("ContestResults")),
        ]
    }

    static var schemas: [String: Any] {
        let string: [String: Any] = ["type": "string"]
        let strings: [String: Any] = ["type": "array", "items": string]
        return [
            "PublicCaseSummary": ["type": "object", "required": ["id", "title"], "properties": [
                "id": ["type": "string", "format": "uuid"], "title": string, "topic": string, "form": string, "organization": string,
                "region": string, "excerpt": string, "publishedOn": string,
            ]],
            "PublicCaseList": ["type": "object", "required": ["items", "total", "page"], "properties": [
                "items": ["type": "array", "items": OpenAPIDocument.ref("PublicCaseSummary")], "total": ["type": "integer"], "page": ["type": "integer"],
            ]],
            "ContestResults": ["type": "object", "required": ["title", "year", "stages"], "properties": [
                "title": string, "year": ["type": "integer"],
                "stages": ["type": "array", "items": ["type": "object", "required": ["stage", "ranking"], "properties": [
                    "stage": string,
                    "ranking": ["type": "array", "description": "Имя наставника — только с его согласием на доску почёта, иначе «Наставник»",
                                "items": OpenAPIDocument.ref("ContestRanked")],
                ]]],
            ]],
            "PublicCase": ["type": "object", "required": ["id", "title", "story"], "properties": [
                "id": ["type": "string", "format": "uuid"], "title": string, "topic": string, "form": string, "organization": string, "region": string,
                "participants": strings, "story": string, "goal": string, "whatWasDone": string, "results": string, "materials": strings,
                "files": ["type": "array", "description": "Фотографии (только при согласии всех участников на публикацию фото) и материалы",
                          "items": ["type": "object", "required": ["id", "fileName", "isPhoto", "url"], "properties": [
                              "id": ["type": "string", "format": "uuid"], "fileName": string, "caption": string, "isPhoto": ["type": "boolean"],
                              "size": string, "url": string,
                          ]]],
                "publishedOn": string,
            ]],
        ]
    }
}
