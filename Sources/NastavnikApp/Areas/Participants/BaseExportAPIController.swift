import Fluent
import Vapor

/// `/api/v1/organizations/{organizationID}/exports/{mentees|mentors}`: the same XLSX or CSV file
/// as the base page's «Выгрузить» (`BaseTable`), with the same filters and the same audit entry.
struct BaseExportAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let exports = routes.grouped(RequireAPIPrincipal()).grouped("organizations", ":organizationID", "exports")
        for kind in BaseKind.allCases {
            exports.get(PathComponent(stringLiteral: kind.pathComponent), use: { try await export(req: $0, kind: kind) })
        }
    }

    /// GET /api/v1/organizations/:organizationID/exports/{mentees|mentors}?format=xlsx|csv&<filters>
    func export(req: Request, kind: BaseKind) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let format = req.query[String.self, at: "format"] ?? "xlsx"
        guard ["xlsx", "csv"].contains(format) else { throw AppError.validation(["format": "Формат файла — xlsx или csv."]) }
        let file = try await BaseExportController.file(kind, filter: BaseListFilter(request: req), organization: organization, csv: format == "csv", on: req.db)
        try await req.audit(.baseExported, organizationID: organization.id, objectType: kind.rawValue, details: "API, строк: \(file.rows)")
        return file.response
    }

    static var operations: [OpenAPIDocument.Operation] {
        BaseKind.allCases.map { kind in
            .init(method: .GET, path: "/api/v1/organizations/{organizationID}/exports/\(kind.pathComponent)",
                  summary: "Выгрузка: \(kind.russianName.lowercased()) в XLSX или CSV, как на странице базы (с её фильтрами; выгрузка записывается в журнал)",
                  tag: "Базы", requiresAuth: true,
                  parameters: BasesAPIController.listParameters.filter { ($0["name"] as? String) != "page" } + [
                    ["name": "format", "in": "query", "required": false, "description": "xlsx (по умолчанию) или csv",
                     "schema": ["type": "string", "enum": ["xlsx", "csv"]]],
                  ],
                  responseSchema: [:], fileTypes: [DocumentResponse.xlsxType, String(DocumentResponse.csvType.prefix { $0 != ";" })])
        }
    }
}
