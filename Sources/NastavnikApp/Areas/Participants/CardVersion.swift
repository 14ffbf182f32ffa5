import Fluent
import FluentSQL
import Foundation

/// Two staff editing one card: each save raises the card's version, and a save made from an older
/// version is refused with both texts shown, instead of silently erasing the colleague's change.
enum CardVersion {
    /// A field where what is stored now differs from what this person sent.
    struct Conflict: Encodable, Sendable {
        let field: String
        let title: String
        let saved: String
        let typed: String
    }

    /// Raises the stored version if it is still `expected` (any version when nil). The first
    /// statement of the save's transaction: the row stays locked until it commits.
    static func bump(_ table: String, id: UUID, expected: Int?, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return true }
        // A row created without a version holds NULL, read as 0.
        let current = SQLFunction("COALESCE", args: SQLColumn("version"), SQLLiteral.numeric("0"))
        var update = sql.update(table)
            .set("version", to: SQLBinaryExpression(current, .add, SQLLiteral.numeric("1")))
            .where("id", .equal, SQLBind(id))
        if let expected { update = update.where(current, .equal, SQLBind(expected)) }
        return !(try await update.returning("id").all().isEmpty)
    }

    /// The fields where the stored card and what was sent differ, in the order of the form.
    static func conflicts(saved: [String: String], typed: [String: String], fields: [BaseField]) -> [Conflict] {
        fields.compactMap { field in
            guard let sent = typed[field.code] else { return nil }
            let stored = saved[field.code] ?? ""
            guard normalized(stored) != normalized(sent) else { return nil }
            return Conflict(field: field.code, title: field.title, saved: stored, typed: sent)
        }
    }

    /// The same errors on the fields, so the form says it next to each one.
    static func errors(_ conflicts: [Conflict]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: conflicts.map { conflict in
            (conflict.field, "Пока вы редактировали, другой сотрудник сохранил: «\(conflict.saved.isEmpty ? "пусто" : conflict.saved)». В поле — то, что ввели вы.")
        })
    }

    static let message = "Пока вы редактировали карточку, её сохранил другой сотрудник. Ваши изменения не сохранены: сравните оба варианта ниже и сохраните ещё раз, если ваш верный."

    /// For the API: one sentence with both texts of every field in conflict.
    static func apiMessage(_ conflicts: [Conflict]) -> String {
        let lines = conflicts.map { "«\($0.title)»: сохранено «\($0.saved)», прислано «\($0.typed)»" }
        return "Карточку изменили после того, как вы её прочитали: ничего не сохранено. Прочитайте её заново (поле version)."
            + (lines.isEmpty ? "" : " " + lines.joined(separator: "; ") + ".")
    }

    private static func normalized(_ text: String) -> String {
        FieldParsing.list(text).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ";")
    }
}
