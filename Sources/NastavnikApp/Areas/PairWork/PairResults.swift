import Fluent
import Foundation

/// Intermediate results of a pair with a link or a file (issue 8). Files are kept in the
/// database, so a backup of the database keeps them too; they are small office documents and
/// pictures, limited in size and type.
enum PairResults {
    struct Draft: Sendable {
        var kind: ResultKind
        var title: String
        var achievedOn: CalendarDay
        var link: String
        var file: AttachedFile?
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
        var file: AttachedFile?
        if let fileData, !fileData.isEmpty {
            switch AttachedFile.check(name: fileName, data: fileData) {
            case .success(let checked): file = checked
            case .failure(let rejection): errors["file"] = rejection.message
            }
        }
        if link.isEmpty && file == nil && errors["file"] == nil { errors["link"] = "Приложите файл или дайте ссылку на результат." }
        guard errors.isEmpty, let kind, let day else { return .failure(.validation(errors)) }
        return .success(Draft(kind: kind, title: title, achievedOn: day, link: link, file: file))
    }

    static func create(_ draft: Draft, in pairing: Pairing, by name: String, on db: any Database) async throws -> PairResult {
        let result = PairResult()
        result.$pairing.id = try pairing.requireID()
        result.programID = pairing.$program.id
        result.kind = draft.kind
        result.title = draft.title
        result.achievedOn = draft.achievedOn.iso
        result.link = draft.link
        result.fileName = draft.file?.name
        result.fileType = draft.file?.format.contentType
        result.fileData = draft.file?.data
        result.writtenByName = name
        try await result.create(on: db)
        return result
    }
}
