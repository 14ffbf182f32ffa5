import Fluent
import Vapor

/// Curators' and psychologists' view of the answers: results per version and the export.
struct QuestionnaireResultsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Questionnaires.results, use: show)
        routes.on(SiteRoute.Questionnaires.answersCSV, use: export)
    }

    struct ResultsPage: Encodable {
        struct VersionLink: Encodable { let number: Int; let href: String; let current: Bool }
        let organizationID: UUID
        let id: UUID
        let title: String
        let anonymous: Bool
        let versionNumber: Int
        let versions: [VersionLink]
        let results: QuestionnaireResults
        let exportHref: String
    }

    /// The published version asked for by `?version=`, or the latest published one.
    static func version(_ req: Request, of questionnaireID: UUID) async throws -> QuestionnaireVersion {
        var query = QuestionnaireVersion.query(on: req.db).filter(\.$questionnaire.$id == questionnaireID).filter(\.$publishedAt != nil)
        if let number = req.query[Int.self, at: "version"] { query = query.filter(\.$number == number) }
        guard let version = try await query.sort(\.$number, .descending).first() else {
            throw AppError.conflict("У анкеты ещё нет опубликованной версии: ответов пока нет.")
        }
        return version
    }

    /// GET /orgs/:organizationID/questionnaires/:questionnaireID/results?version=
    @Sendable func show(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .readAnswers)
        let questionnaire = try await req.questionnaire(in: organization)
        let organizationID = try organization.requireID(), questionnaireID = try questionnaire.requireID()
        let version = try await Self.version(req, of: questionnaireID)
        let results = try await QuestionnaireResults.build(questionnaire: questionnaire, version: version, on: req.db)
        let published = try await QuestionnaireVersion.query(on: req.db).filter(\.$questionnaire.$id == questionnaireID)
            .filter(\.$publishedAt != nil).sort(\.$number, .descending).all()
        let base = SiteRoute.Questionnaires.show.path(organizationID, questionnaireID)
        try await req.audit(.answersRead, organizationID: organizationID, objectType: "questionnaire", objectID: questionnaireID,
                            details: "\(questionnaire.title), версия \(version.number)")
        return try await req.page(
            "questionnaires/results", title: "Результаты: \(questionnaire.title)",
            breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)), .init("Анкеты", SiteRoute.Questionnaires.index.path(organizationID)),
                          .init(questionnaire.title, base), .init("Результаты")],
            organization: organization,
            content: ResultsPage(
                organizationID: organizationID, id: questionnaireID, title: questionnaire.title, anonymous: questionnaire.isAnonymous,
                versionNumber: version.number,
                versions: published.map { .init(number: $0.number, href: SiteRoute.Questionnaires.results.path(organizationID, questionnaireID, query: ["version": "\($0.number)"]), current: $0.number == version.number) },
                results: results, exportHref: SiteRoute.Questionnaires.answersCSV.path(organizationID, questionnaireID, query: ["version": "\(version.number)"])))
    }

    /// GET /orgs/:organizationID/questionnaires/:questionnaireID/answers.csv?version=
    @Sendable func export(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .readAnswers)
        let questionnaire = try await req.questionnaire(in: organization)
        let questionnaireID = try questionnaire.requireID()
        let version = try await Self.version(req, of: questionnaireID)
        if questionnaire.isAnonymous {
            let count = try await Answer.query(on: req.db).filter(\.$version.$id == version.requireID()).count()
            guard try await AnonymousAudience.mayShow(questionnaire, answers: count, on: req.db) else {
                throw AppError.conflict("Ответы анонимного опроса можно выгрузить, когда их не меньше \(QuestionnaireResults.anonymityThreshold).")
            }
        }
        let answers = try await Answer.query(on: req.db).filter(\.$questionnaire.$id == questionnaireID)
            .filter(\.$version.$id == version.requireID()).with(\.$respondent).sort(\.$submittedAt).all()
        let rows = try answers.map {
            AnswersExport.Row(who: $0.respondent?.fullName, role: $0.role?.russianName, submittedAt: $0.submittedAt, sheet: try $0.sheet())
        }
        let names = try await QuestionnaireResults.rankedNames(in: rows.map(\.sheet), on: req.db)
        let csv = AnswersExport.csv(definition: try version.definition(), anonymous: questionnaire.isAnonymous, rows: rows, names: names)
        try await req.audit(.answersExported, organizationID: try organization.requireID(), objectType: "questionnaire",
                            objectID: questionnaireID, details: "\(questionnaire.title), версия \(version.number): \(rows.count) ответов")
        return DocumentResponse.csv(csv, fileName: "Ответы — \(questionnaire.title), версия \(version.number).csv")
    }
}
