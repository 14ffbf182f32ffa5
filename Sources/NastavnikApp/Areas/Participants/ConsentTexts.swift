import Fluent
import Foundation
import SQLKit

/// The wording of each consent as a person reads and agrees to it in the app, made of the same
/// sentences as the printed form (`ConsentForm`): the seeds ask for «согласие на обработку
/// персональных данных» filled by the mentee or the legal representative (seed 001, stage 2) and
/// by mentors, and the form is the project's transcription of that consent. The text names the
/// operator but no person, so it can be kept as it was after a withdrawal anonymizes the child.
enum ConsentTexts {
    struct Wording: Equatable {
        let purpose: ConsentPurpose
        let version: String
        let text: String
        /// SHA-256 of `text`, hex; the consent row and the page's form carry it.
        var hash: String { SecureToken.hash(text) }
    }

    static func processingParagraphs(operator org: String, role: String) -> [String] {
        [
            "даю согласие оператору — \(org) — на обработку персональных данных \(role) программы наставничества: фамилия, имя, отчество; дата рождения; класс (группа) или место работы и должность; контактные данные; сведения об образовательных и профессиональных запросах, интересах и компетенциях; результаты анкетирования, диагностик и мониторинга, проводимых в ходе программы.",
            "Цель обработки: участие в программе наставничества по целевой модели наставничества, формирование наставнических пар и групп, сопровождение их работы, мониторинг и оценка результатов программы, подготовка отчётности (в том числе в обезличенном виде для органов управления образованием).",
            "Действия с персональными данными: сбор, запись, систематизация, накопление, хранение, уточнение (обновление, изменение), извлечение, использование, передача (предоставление, доступ) лицам, участвующим в реализации программы, обезличивание, блокирование, удаление, уничтожение — с использованием средств автоматизации и без них.",
            "Согласие действует до окончания участия в программе наставничества или до его отзыва. Согласие может быть отозвано письменным заявлением оператору (ч. 2 ст. 9 Федерального закона № 152-ФЗ); после отзыва персональные данные обезличиваются, а обезличенные сведения сохраняются для статистики программы.",
        ]
    }

    static let publicationPlaces = "сайт организации, ресурсный центр наставнических практик, доска почёта"
    static let publicationValidity = "Согласие на распространение действует до его отзыва; отзыв прекращает публикацию немедленно."

    /// The categories of the printed form's table that each publication consent allows.
    static func publicationCategories(_ purpose: ConsentPurpose) -> [String] {
        switch purpose {
        case .processing: []
        case .publicationCases: ["Фамилия, имя, отчество", "Класс (группа) или место работы, должность",
                                 "Описание наставнической практики, цели и результаты (без фото)"]
        case .publicationPhotos: ["Фотографии и видеозаписи"]
        case .publicationHonorBoard: ["Фамилия, имя, отчество", "Сведения о поощрениях и номинациях («Наставник года», «Лучшая пара»)"]
        }
    }

    static func operatorLine(_ organization: Organization) -> String {
        "\(organization.name)\(organization.address.map { ", адрес: \($0)" } ?? "")\(organization.inn.map { ", ИНН \($0)" } ?? "")"
    }

    /// What a legal representative agrees to for a child of this base, in the app.
    static func forGuardian(_ purpose: ConsentPurpose, organization: Organization, kind: BaseKind) -> Wording {
        let org = operatorLine(organization)
        let role = kind == .mentee ? "наставляемого" : "наставника"
        var paragraphs: [String]
        switch purpose {
        case .processing:
            paragraphs = ["Я, законный представитель несовершеннолетнего — участника программы наставничества, с которым связана моя учётная запись, в соответствии со статьями 9 и 64 Семейного кодекса РФ и статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных»"]
                + processingParagraphs(operator: org, role: role)
        case .publicationCases, .publicationPhotos, .publicationHonorBoard:
            paragraphs = [
                "Согласие на обработку персональных данных, разрешённых для распространения (ст. 10.1 Федерального закона № 152-ФЗ): «\(purpose.russianName)».",
                "Я, законный представитель несовершеннолетнего — участника программы наставничества, с которым связана моя учётная запись, даю согласие оператору — \(org) — на размещение в открытом доступе (\(publicationPlaces)) только следующих сведений: "
                    + publicationCategories(purpose).joined(separator: "; ") + ".",
                publicationValidity,
            ]
        }
        paragraphs.append("Согласие дано в личном кабинете платформы «Наставник» после входа по моим логину и паролю; оператор хранит время, текст согласия и мою учётную запись (ч. 1 ст. 9 Федерального закона № 152-ФЗ). Отозвать согласие можно там же или письменным заявлением оператору.")
        return Wording(purpose: purpose, version: Consents.currentTextVersion, text: paragraphs.joined(separator: "\n\n"))
    }

    /// Keeps the wording once (the same text agreed twice is one row). Inside the consent's transaction.
    static func keep(_ wording: Wording, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.insert(into: ConsentText.schema)
            .columns("id", "text_hash", "version", "purpose", "text", "created_at")
            .values(SQLBind(UUID()), SQLBind(wording.hash), SQLBind(wording.version), SQLBind(wording.purpose.rawValue),
                    SQLBind(wording.text), SQLBind(Date()))
            .ignoringConflicts()
            .run()
    }

    /// The kept texts by hash, for showing what was agreed.
    static func texts(_ hashes: [String], on db: any Database) async throws -> [String: String] {
        guard !hashes.isEmpty else { return [:] }
        let rows = try await ConsentText.query(on: db).filter(\.$textHash ~~ Set(hashes)).all()
        return Dictionary(rows.map { ($0.textHash, $0.text) }, uniquingKeysWith: { first, _ in first })
    }
}
