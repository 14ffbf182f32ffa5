import Fluent
import Foundation

/// Photos and materials of a practice case (seed 003: the case «с фото- и видеоматериалами»).
/// A photo needs every participant's consent to the publication of photos, both when it is
/// attached and at every public view; a material rests on the case library consent the case
/// itself needs. Files are small and few, and kept in the database.
enum CaseFiles {
    static let maxFiles = 10
    static let maxCaptionLength = 300

    /// A file of a case as pages show it.
    struct Item: Encodable, Sendable {
        let id: UUID
        let fileName: String
        let caption: String
        let isPhoto: Bool
        let sizeText: String
        /// For the curator and the administration: whether the public sees it now.
        let shownPublicly: Bool
    }

    static func sizeText(_ bytes: Int) -> String {
        bytes >= 1024 * 1024
            ? (Double(bytes) / 1024 / 1024).russian() + " МБ"
            : "\(max(1, bytes / 1024)) КБ"
    }

    /// Attaches a checked file; refuses a photo while someone lacks the photo consent.
    static func attach(_ file: AttachedFile, caption: String, to practice: PracticeCase, participants: [CasePublication.Participant],
                       on db: any Database) async throws -> CaseFile {
        var errors: [String: String] = [:]
        let caption = caption.trimmingCharacters(in: .whitespacesAndNewlines)
        if caption.count > maxCaptionLength { errors["caption"] = "Не более \(maxCaptionLength) знаков." }
        if file.format.isPicture {
            if caption.isEmpty { errors["caption"] = "Опишите, что на фотографии: подпись видят и те, кто не видит снимок." }
            let missing = participants.filter { !$0.photoConsented }
            if !missing.isEmpty {
                errors["file"] = "Нет согласия на публикацию фотографий: \(missing.map(\.name).joined(separator: ", ")). Оформите его в карточке участника (для несовершеннолетнего — от законного представителя)."
            }
        }
        let count = try await CaseFile.query(on: db).filter(\.$practiceCase.$id == practice.requireID()).count()
        if count >= maxFiles { errors["file"] = "К кейсу можно приложить не больше \(maxFiles) файлов: удалите лишний." }
        guard errors.isEmpty else { throw AppError.validation(errors) }
        let stored = CaseFile()
        stored.$practiceCase.id = try practice.requireID()
        stored.fileName = file.name
        stored.fileType = file.format.contentType
        stored.isPhoto = file.format.isPicture
        stored.caption = caption
        stored.size = file.data.count
        stored.data = file.data
        try await stored.create(on: db)
        return stored
    }

    /// The case's files without their bytes, oldest first.
    static func items(of caseID: UUID, photosAllowed: Bool, on db: any Database) async throws -> [Item] {
        try await CaseFile.query(on: db).filter(\.$practiceCase.$id == caseID)
            // Everything but the bytes, which only the file's own address sends.
            .field(\.$id).field(\.$fileName).field(\.$caption).field(\.$isPhoto).field(\.$size).field(\.$createdAt)
            .sort(\.$createdAt).all()
            .map { Item(id: $0.id!, fileName: $0.fileName, caption: $0.caption, isPhoto: $0.isPhoto, sizeText: sizeText($0.size),
                        shownPublicly: !$0.isPhoto || photosAllowed) }
    }

    /// Whether the public may see the case's photos now.
    static func photosAllowed(_ participants: [CasePublication.Participant]) -> Bool {
        !participants.isEmpty && participants.allSatisfy(\.photoConsented)
    }
}
