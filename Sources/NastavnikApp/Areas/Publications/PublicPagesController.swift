import Fluent
import Vapor

/// Pages anyone can open without signing in: the case library and the honor board. They work
/// without JavaScript and may be cached by browsers and proxies when nobody is signed in.
struct PublicPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Public.library, use: cases)
        routes.on(SiteRoute.Public.practice, use: practice)
        routes.on(SiteRoute.Public.caseFile, use: caseFile)
        routes.on(SiteRoute.Public.honor, use: honor)
        routes.on(SiteRoute.Public.contestResults, use: contestResults)
    }

    /// GET /contests/:contestID/results — once the coordinator publishes them.
    @Sendable func contestResults(req: Request) async throws -> Response {
        let contest = try await req.contest()
        let results = try await ContestRules.publicResults(contest, on: req.db)
        let response = try await req.page(
            "publications/contest_results", title: "Итоги конкурса «\(results.title)» \(results.year)",
            breadcrumbs: [.init("Итоги конкурса")],
            description: "Итоги регионального конкурса педагогов-наставников «\(results.title)» \(results.year) по этапам и номинациям.", content: results)
        return Self.cacheable(response, req)
    }

    struct CasesPage: Encodable {
        let items: [PublicCases.Summary]
        let total: Int
        let regions: [SelectOption]
        let forms: [SelectOption]
        let topics: [SelectOption]
        let query: String
        let pagination: Pagination
    }

    /// Public pages are the same for everyone not signed in, so they may be stored, but always
    /// asked again (`no-cache`): a withdrawn consent takes a case or a name down at once, not after
    /// a cache's five minutes. A signed-in person's page carries their name and must not be stored.
    static func cacheable(_ response: Response, _ req: Request) -> Response {
        response.headers.replaceOrAdd(name: .cacheControl, value: req.principal == nil ? "public, no-cache" : "private, no-store")
        return response
    }

    /// GET /cases?region=&organization=&form=&topic=&q=&page=
    @Sendable func cases(req: Request) async throws -> Response {
        let filter = PublicCases.Filter(req)
        let (items, total) = try await PublicCases.list(filter, on: req.db)
        let regions = try await Region.query(on: req.db).sort(\.$name).all()
        let response = try await req.page(
            "publications/library", title: "Библиотека наставнических практик",
            breadcrumbs: [.init("Библиотека практик")],
            description: "Кейсы наставнических пар и групп: истории, цели, что было сделано и каких результатов достигли.",
            content: CasesPage(
                items: items, total: total,
                regions: regions.map { SelectOption($0.id!.uuidString, $0.name, selected: $0.id == filter.regionID) },
                forms: MentoringForm.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: $0 == filter.form) },
                topics: CaseTopic.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: $0 == filter.topic) },
                query: filter.query,
                pagination: Pagination(request: req, total: total, perPage: PublicCases.pageSize, baseQuery: [
                    "region": filter.regionID?.uuidString ?? "", "organization": filter.organizationID?.uuidString ?? "",
                    "form": filter.form?.rawValue ?? "", "topic": filter.topic?.rawValue ?? "", "q": filter.query,
                ])))
        return Self.cacheable(response, req)
    }

    /// GET /cases/:caseID
    @Sendable func practice(req: Request) async throws -> Response {
        guard let id = req.parameters.get("caseID", as: UUID.self) else { throw AppError.notFound }
        let detail = try await PublicCases.detail(id, on: req.db)
        let response = try await req.page(
            "publications/case", title: detail.title, breadcrumbs: [.init("Библиотека практик", SiteRoute.Public.library.path()), .init(detail.title)],
            description: String(detail.story.prefix(200)), content: detail)
        return Self.cacheable(response, req)
    }

    /// GET /cases/:caseID/files/:fileID — on the same consent rules as the case's page.
    @Sendable func caseFile(req: Request) async throws -> Response {
        guard let id = req.parameters.get("caseID", as: UUID.self), let fileID = req.parameters.get("fileID", as: UUID.self) else { throw AppError.notFound }
        let (practice, participants) = try await PublicCases.visible(id, on: req.db)
        guard let file = try await CaseFile.query(on: req.db).filter(\.$id == fileID).filter(\.$practiceCase.$id == practice.requireID()).first(),
              !file.isPhoto || CaseFiles.photosAllowed(participants) else {
            throw AppError.notFound
        }
        return Self.cacheable(CaseFilesController.response(file), req)
    }

    struct HonorPage: Encodable {
        let scope: String
        let entries: [PublicHonor.Entry]
        let regions: [SelectOption]
    }

    /// GET /honor?region=&organization= — the honor board of a region or an organization.
    @Sendable func honor(req: Request) async throws -> Response {
        let regionID = req.query[String.self, at: "region"].flatMap(UUID.init(uuidString:))
        let organizationID = req.query[String.self, at: "organization"].flatMap(UUID.init(uuidString:))
        let entries = try await PublicHonor.entries(regionID: regionID, organizationID: organizationID, on: req.db)
        let regions = try await Region.query(on: req.db).sort(\.$name).all()
        var scope = "Все регионы"
        if let organizationID, let organization = try await Organization.find(organizationID, on: req.db) { scope = organization.name }
        else if let regionID, let region = regions.first(where: { $0.id == regionID }) { scope = region.name }
        let response = try await req.page(
            "publications/honor", title: "Доска почёта наставников", breadcrumbs: [.init("Доска почёта")],
            description: "Наставники, отмеченные поощрениями и номинациями «Наставник года», «Лучшая пара»: \(scope).",
            content: HonorPage(scope: scope, entries: entries, regions: regions.map { SelectOption($0.id!.uuidString, $0.name, selected: $0.id == regionID) }))
        return Self.cacheable(response, req)
    }
}
