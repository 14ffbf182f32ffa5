import Fluent
import Vapor

/// The filtered list of a base as XLSX or CSV, with seed 001's column names.
struct BaseExportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        for kind in BaseKind.allCases {
            routes.on(SiteRoute.Bases.of(kind).export, use: { try await export(req: $0, kind: kind) })
        }
    }

    /// GET /orgs/:organizationID/{mentees|mentors}/export?format=xlsx|csv&<filters>
    func export(req: Request, kind: BaseKind) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let file = try await Self.file(kind, filter: BaseListFilter(request: req), organization: organization,
                                       csv: req.query[String.self, at: "format"] == "csv", on: req.db)
        try await req.audit(.baseExported, organizationID: organization.id, objectType: kind.rawValue, details: "Строк: \(file.rows)")
        return file.response
    }

    /// The base as a file to download, for the page and the API alike, and how many rows it holds (for the audit).
    static func file(_ kind: BaseKind, filter: BaseListFilter, organization: Organization, csv: Bool,
                     on db: any Database) async throws -> (response: Response, rows: Int) {
        let table = try await BaseTable.build(kind, filter: filter, organizationID: organization.requireID(), organizationKind: organization.kind, on: db)
        let name = "\(kind.russianName) — \(organization.shortName)"
        if csv {
            return (DocumentResponse.csv(CSVTable.write(header: table.header, rows: table.rows), fileName: name + ".csv"), table.rows.count)
        }
        let sheet = XLSXWorkbook.Sheet(
            name: kind.russianName, columns: zip(table.header, table.widths).map { .init(title: $0, width: $1) },
            rows: table.rows.map { $0.map { $0.isEmpty ? .empty : .text($0) } })
        return (try DocumentResponse.xlsx(XLSXWorkbook(sheets: [sheet]), fileName: name + ".xlsx"), table.rows.count)
    }
}

/// A base as a table of Russian text, the same for XLSX and CSV.
struct BaseTable {
    let header: [String]
    let widths: [Double]
    let rows: [[String]]

    /// Headers and values in the organization's words: «Группа» and «Куratор группы» in a college.
    static func build(_ kind: BaseKind, filter: BaseListFilter, organizationID: UUID, organizationKind: OrganizationKind, on db: any Database) async throws -> BaseTable {
        let groupWord = GroupWord.of(organizationKind)
        switch kind {
        case .mentee:
            let catalogue = try await RequestCatalogue.load(organizationID: organizationID, on: db)
            let fields = MenteeFields.all.filter { $0.code != BaseField.fullName.code }
            let rows = try await filter.mentees(organizationID: organizationID, on: db).all().map { mentee -> [String] in
                let values = MenteeDraft.formValues(of: mentee)
                return fields.map { field in
                    switch field.code {
                    case "form": mentee.form.russianName(in: organizationKind)
                    case "requests": mentee.requests.map(catalogue.name).joined(separator: "; ")
                    case "channel": mentee.channel.name(in: organizationKind)
                    case "status": mentee.status.russianName
                    case "gender": Gender.parse(mentee.storedGender)?.russianName ?? ""
                    default: values[field.code] ?? ""
                    }
                } + [mentee.consentState.russianName]
            }
            return BaseTable(header: fields.map { $0.code == "className" ? groupWord.labels.title : $0.title } + ["Согласие на обработку ПДн"],
                             widths: fields.map { ["requests", "requestNote"].contains($0.code) ? 40 : 18 } + [18],
                             rows: rows)
        case .mentor:
            let fields = MentorFields.all.filter { $0.code != BaseField.fullName.code }
            let rows = try await filter.mentors(organizationID: organizationID, on: db).all().map { mentor -> [String] in
                let values = MentorDraft.formValues(of: mentor)
                return fields.map { field in
                    switch field.code {
                    case "origin": mentor.origin.russianName
                    case "forms": mentor.forms.map { $0.russianName(in: organizationKind) }.joined(separator: "; ")
                    case "meetingPlace": mentor.meetingPlace.russianName
                    case "status": mentor.status.russianName
                    case "gender": Gender.parse(mentor.storedGender)?.russianName ?? ""
                    default: values[field.code] ?? ""
                    }
                } + [mentor.consentState.russianName]
            }
            return BaseTable(header: fields.map { $0.code == "className" ? groupWord.labels.title : $0.title } + ["Согласие на обработку ПДн"],
                             widths: fields.map { ["competencies", "lifeExperience", "interests"].contains($0.code) ? 40 : 18 } + [18],
                             rows: rows)
        }
    }
}
