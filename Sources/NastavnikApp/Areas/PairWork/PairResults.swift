import Fluent
import Foundation

/// Intermediate results of a pair with a link or a file (issue 8). Files are kept in the
/// database, so a backup of the database keeps them too; they are small office documents and
/// pictures, limited in size and type.
enum PairResults {
    static let maxFileSize = 5 * 1024 * 1024
    /// What a school usually attaches: documents, tables, presentations, PDF, pictures.
    static let allowedExtensions: Set<String> = ["pdf", "docx", "doc", "xlsx", "pptx", "odt", "jpg", "jpeg", "png"]

    struct Draft: Sendable {
        var kind: ResultKind
        var title: String
        var achievedOn: CalendarDay
        var link: String
        var fileName: String?
        var fileData: Data?
    }

    static func parse(_ values: [String: String], fileName: String?, fileData: Data?, today: CalendarDay = .today()) -> Result<Draft, AppError> {
        var errors: [String: String] = [:]
        let kind = ResultKind(rawValue: values["resultKind"] ?? "")
        if kind == nil { errors["resultKind"] = "Выберите вид результата." }
        let title = (values["resultTitle"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { errors["resultTitle"] = "Назовите результат." } else if title.count > 500 { errors["resultTitle"] = "Не более 500 знаков." }
        let day = CalendarDay(iso: (values["achievedOn"] ?? "").trimmingCharacters(in: .whitespaces))
        if day == nil { errors["achievedOn"] = "Укажите дату." } else if day! > today { errors["achievedOn"] = "Результат не может быть в будущем." }
        let link = (values["link"] ?? "").trimmingCharacters(in: .whitespaces)
        if !link.isEmpty, link.count > 1000 || !(link.hasPrefix("https://") || link.hasPrefix("http://")) {
            errors["link"] = "Ссылка начинается с https:// или http://."
        }
        var name: String?
        if let fileData, !fileData.isEmpty {
            let fileName = (fileName ?? "").split(separator: "/").last.map(String.init) ?? "файл"
            let ext = (fileName as NSString).pathExtension.lowercased()
            if fileData.count > maxFileSize {
                errors["file"] = "Файл больше \(maxFileSize / 1024 / 1024) МБ."
            } else if !allowedExtensions.contains(ext) {
                errors["file"] = "Можно приложить PDF, документ, таблицу, презентацию или фотографию (\(allowedExtensions.sorted().joined(separator: ", ")))."
            } else {
                name = String(fileName.prefix(200))
            }
        }
        if link.isEmpty && name == nil && errors["file"] == nil { errors["link"] = "Приложите файл или дайте ссылку на результат." }
        guard errors.isEmpty, let kind, let day else { return .failure(.validation(errors)) }
        return .success(Draft(kind: kind, title: title, achievedOn: day, link: link, fileName: name, fileData: name == nil ? nil : fileData))
    }

    static func create(_ draft: Draft, in pairing: Pairing, by name: String, on db: any Database) async throws -> PairResult {
        let result = PairResult()
        result.$pairing.id = try pairing.requireID()
        result.programID = pairing.$program.id
        result.kind = draft.kind
        result.title = draft.title
        result.achievedOn = draft.achievedOn.iso
        result.link = draft.link
        result.fileName = draft.fileName
        result.fileType = draft.fileName.map { contentType(of: $0) }
        result.fileData = draft.fileData
        result.writtenByName = name
        try await result.create(on: db)
        return result
    }

    static func contentType(of name: String) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "pdf": "application/pdf"
        case "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "doc": "application/msword"
        case "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        case "odt": "application/vnd.oasis.opendocument.text"
        case "jpg", "jpeg": "image/jpeg"
        case "png": "image/png"
        default: "application/octet-stream"
        }
    }
}
