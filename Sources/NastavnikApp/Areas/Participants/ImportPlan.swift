import Fluent
import Foundation

/// What an import would do, row by row: every bad row with its line number and reason, and for
/// the good ones whether they add a person or update one already in the base. Nothing is written
/// until every row is good.
struct ImportPlan {
    struct Problem: Codable, Sendable {
        let line: Int
        let message: String
    }

    enum Planned {
        case mentee(line: Int, draft: MenteeDraft, existing: Mentee?)
        case mentor(line: Int, draft: MentorDraft, existing: Mentor?)
    }

    let header: [String]
    let sample: [[String]]
    let planned: [Planned]
    let problems: [Problem]

    var newCount: Int {
        planned.filter { if case .mentee(_, _, nil) = $0 { return true }; if case .mentor(_, _, nil) = $0 { return true }; return false }.count
    }
    var updateCount: Int { planned.count - newCount }

    static let maxRows = 20_000

    /// Reads the file: XLSX by its ZIP signature, otherwise CSV in UTF-8 or Windows-1251.
    static func rows(of data: Data) throws -> [(line: Int, cells: [String])] {
        if data.prefix(2) == Data([0x50, 0x4B]) {
            do {
                return try XLSXReader.rows(of: data).map { ($0.number, $0.cells) }
            } catch XLSXReader.ReadError.tooLarge {
                throw AppError.badRequest("Файл распаковывается в слишком большой объём. Проверьте, что это обычная таблица.")
            } catch {
                throw AppError.badRequest("Не удалось прочитать файл как таблицу XLSX. Сохраните его в Excel или LibreOffice как .xlsx или .csv.")
            }
        }
        // Excel's «Юникод-текст» is UTF-16: a table, but one the reader would call binary.
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            throw AppError.badRequest("Файл сохранён в кодировке UTF-16 («Юникод-текст»): сохраните его как CSV в UTF-8 или Windows-1251 либо как .xlsx.")
        }
        guard !data.contains(0) else {
            throw AppError.badRequest("Это не таблица: загрузите файл XLSX или CSV.")
        }
        do {
            return try CSVTable.rows(of: data).map { ($0.number, $0.cells) }
        } catch {
            throw AppError.badRequest("Не удалось распознать кодировку CSV: сохраните файл в UTF-8 или Windows-1251.")
        }
    }

    /// The field each column is for: the saved mapping, or a guess from the header.
    static func mapping(header: [String], kind: BaseKind, saved: [Int: String]?) -> [Int: String] {
        if let saved { return saved }
        let fields = kind == .mentee ? MenteeFields.all : MentorFields.all
        var mapping: [Int: String] = [:]
        var used = Set<String>()
        for (index, title) in header.enumerated() {
            if let field = BaseField.match(header: title, in: fields), !used.contains(field.code) {
                mapping[index] = field.code
                used.insert(field.code)
            }
        }
        return mapping
    }

    static func make(kind: BaseKind, data: Data, mapping saved: [Int: String]?, organizationID: UUID, on db: any Database) async throws -> ImportPlan {
        let rows = try rows(of: data)
        guard let headerIndex = rows.firstIndex(where: { $0.cells.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty } }) else {
            throw AppError.badRequest("В файле нет строк.")
        }
        let header = rows[headerIndex].cells
        let body = rows[(headerIndex + 1)...].filter { $0.cells.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty } }
        guard body.count <= maxRows else {
            throw AppError.badRequest("В файле \(body.count) строк; за один раз можно загрузить не больше \(maxRows).")
        }
        let mapping = mapping(header: header, kind: kind, saved: saved)
        var problems: [Problem] = []
        let mapped = Set(mapping.values)
        if !(mapped.contains("fullName") || (mapped.contains("lastName") && mapped.contains("firstName"))) {
            problems.append(Problem(line: rows[headerIndex].line, message: "Сопоставьте столбец «ФИО» или столбцы «Фамилия» и «Имя»."))
        }
        let catalogue = try await RequestCatalogue.load(organizationID: organizationID, on: db)
        var planned: [Planned] = []
        var seen: [String: Int] = [:]
        for row in body {
            var values: [String: String] = [:]
            for (column, field) in mapping where row.cells.indices.contains(column) {
                values[field] = row.cells[column]
            }
            switch kind {
            case .mentee:
                let (draft, errors) = MenteeDraft.parse(values, catalogue: catalogue)
                if !errors.isEmpty { problems.append(Problem(line: row.line, message: describe(errors, fields: MenteeFields.all))); continue }
                let key = [draft.lastName, draft.firstName, draft.middleName ?? "", FieldParsing.text(draft.birthDate), draft.className ?? ""].map(FieldParsing.normalized).joined(separator: "|")
                if let first = seen[key] { problems.append(Problem(line: row.line, message: "Повторяет строку \(first).")); continue }
                seen[key] = row.line
                if let existing = try await ParticipantBases.existingMentee(like: draft, organizationID: organizationID, on: db) {
                    // Columns the file does not have keep what the base knows (status, dates…).
                    let merged = Self.merge(values, over: MenteeDraft.formValues(of: existing))
                    let (updated, errors) = MenteeDraft.parse(merged, catalogue: catalogue)
                    if !errors.isEmpty { problems.append(Problem(line: row.line, message: describe(errors, fields: MenteeFields.all))); continue }
                    planned.append(.mentee(line: row.line, draft: updated, existing: existing))
                } else {
                    planned.append(.mentee(line: row.line, draft: draft, existing: nil))
                }
            case .mentor:
                let (draft, errors) = MentorDraft.parse(values)
                if !errors.isEmpty { problems.append(Problem(line: row.line, message: describe(errors, fields: MentorFields.all))); continue }
                let key = [draft.lastName, draft.firstName, draft.middleName ?? "", FieldParsing.text(draft.birthDate)].map(FieldParsing.normalized).joined(separator: "|")
                if let first = seen[key] { problems.append(Problem(line: row.line, message: "Повторяет строку \(first).")); continue }
                seen[key] = row.line
                if let existing = try await ParticipantBases.existingMentor(like: draft, organizationID: organizationID, on: db) {
                    let merged = Self.merge(values, over: MentorDraft.formValues(of: existing))
                    let (updated, errors) = MentorDraft.parse(merged)
                    if !errors.isEmpty { problems.append(Problem(line: row.line, message: describe(errors, fields: MentorFields.all))); continue }
                    planned.append(.mentor(line: row.line, draft: updated, existing: existing))
                } else {
                    planned.append(.mentor(line: row.line, draft: draft, existing: nil))
                }
            }
        }
        return ImportPlan(header: header, sample: body.prefix(10).map(\.cells), planned: planned, problems: problems)
    }

    /// The file's values over the stored ones; a «ФИО» column replaces the three name fields.
    private static func merge(_ values: [String: String], over stored: [String: String]) -> [String: String] {
        var merged = stored
        if values["fullName"] != nil { ["lastName", "firstName", "middleName"].forEach { merged.removeValue(forKey: $0) } }
        for (key, value) in values { merged[key] = value }
        return merged
    }

    /// «Фамилия: Укажите фамилию. Форма наставничества: …» in the order of the columns.
    private static func describe(_ errors: [String: String], fields: [BaseField]) -> String {
        fields.compactMap { field in errors[field.code].map { "\(field.title): \($0)" } }.joined(separator: " ")
    }

    /// Writes every planned row in one transaction: all or nothing.
    func apply(organization: Organization, on db: any Database) async throws -> (created: Int, updated: Int) {
        var created = 0, updated = 0
        for item in planned {
            switch item {
            case .mentee(_, let draft, let existing):
                try await ParticipantBases.save(draft, into: existing ?? Mentee(), organization: organization, on: db)
                if existing == nil { created += 1 } else { updated += 1 }
            case .mentor(_, let draft, let existing):
                try await ParticipantBases.save(draft, into: existing ?? Mentor(), organization: organization, on: db)
                if existing == nil { created += 1 } else { updated += 1 }
            }
        }
        return (created, updated)
    }
}
