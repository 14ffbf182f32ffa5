import Fluent
import Vapor

/// A program's files — the roadmap as XLSX, DOCX and .ics, the preparation documents — built the
/// same way for the roadmap page and the API, so both download the same file.
enum ProgramExports {
    enum RoadmapFormat: String, CaseIterable {
        case xlsx, docx, ics

        var contentType: String {
            switch self {
            case .xlsx: DocumentResponse.xlsxType
            case .docx: DocumentResponse.docxType
            case .ics: DocumentResponse.calendarType
            }
        }
    }

    /// The roadmap as a download.
    static func roadmap(_ format: RoadmapFormat, program: Program, organization: Organization, on db: any Database) async throws -> Response {
        let items = try await RoadmapService.items(of: program, on: db)
        let fileName = RoadmapExport.fileName(program, format.rawValue)
        switch format {
        case .xlsx:
            return try DocumentResponse.xlsx(RoadmapExport.workbook(program: program, organization: organization, items: items, today: .today()),
                                             fileName: fileName)
        case .docx:
            return try DocumentResponse.docx(RoadmapExport.document(program: program, organization: organization, items: items, today: .today()),
                                             fileName: fileName)
        case .ics:
            return DocumentResponse.file(Data(RoadmapCalendar.ics(program: program, items: items).utf8), type: format.contentType, fileName: fileName)
        }
    }

    /// A preparation document by its file name (`curator-order.docx`, `regulation.docx`, …): the
    /// document and its kind, for the caller to audit and send. An unknown name is 404.
    static func preparationDocument(named name: String, program: Program, organization: Organization,
                                    on db: any Database) async throws -> (PreparationDocuments.Kind, Response) {
        guard name.hasSuffix(".docx"), let kind = PreparationDocuments.Kind(rawValue: String(name.dropLast(5))) else {
            throw ProgramError.unknownDocument
        }
        var inputs = PreparationDocuments.Inputs(team: try await program.$team.query(on: db).sort(\.$position).all(), today: .today())
        switch kind {
        case .program: inputs.roadmap = try await RoadmapService.items(of: program, on: db)
        case .trainingOrder:
            inputs.sessions = try await TrainingService.sessions(of: program, on: db)
            inputs.trainees = try await SelectionService.selectedMentors(of: program, on: db)
        case .curatorOrder, .regulation, .partnerLetters: break
        }
        let document = PreparationDocuments.document(kind, program: program, organization: organization, inputs: inputs)
        return (kind, try DocumentResponse.docx(document, fileName: "\(kind.fileTitle) — \(program.name).docx"))
    }
}
