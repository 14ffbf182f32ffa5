import Fluent
import Foundation
import SQLKit

/// The organization's own scales as operations, shared by the «Свои шкалы измерений» page and
/// the API: reading a scale from the form, adding one (one per name, by the database's unique
/// index) and removing one with its values, each change with its journal entry in its transaction.
enum OwnScales {
    /// Whom a scale measures.
    enum Whom: String, CaseIterable {
        case mentees, mentors, both

        var russianName: String {
            switch self {
            case .mentees: "Наставляемым"
            case .mentors: "Наставникам"
            case .both: "Наставляемым и наставникам"
            }
        }
    }

    /// The scale typed in the form; field errors in Russian (`AppError.validation`).
    static func read(_ values: [String: String], organizationID: UUID) throws -> OwnScale {
        var errors: [String: String] = [:]
        let name = (values["name"] ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if name.isEmpty { errors["name"] = "Назовите шкалу, например «Баллы демонстрационного экзамена»." }
        if name.count > 120 { errors["name"] = "Не больше 120 знаков." }
        let unit = FieldParsing.trimmedOrNil(values["unit"])
        if (unit?.count ?? 0) > 40 { errors["unit"] = "Не больше 40 знаков." }
        func number(_ key: String) -> Double? {
            Double((values[key] ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "."))
        }
        let minimum = number("minimum"), maximum = number("maximum")
        if minimum == nil { errors["minimum"] = "Введите наименьшее значение числом." }
        if maximum == nil { errors["maximum"] = "Введите наибольшее значение числом." }
        if let minimum, let maximum, minimum >= maximum { errors["maximum"] = "Наибольшее значение должно быть больше наименьшего." }
        let whom = Whom(rawValue: values["whom"] ?? "")
        if whom == nil { errors["whom"] = "Укажите, кого измеряет шкала." }
        guard errors.isEmpty, let minimum, let maximum, let whom else { throw AppError.validation(errors) }
        return OwnScale(organizationID: organizationID, name: name, unit: unit, minimum: minimum, maximum: maximum,
                        higherIsBetter: values["direction"] != "lower", forMentees: whom != .mentors, forMentors: whom != .mentees)
    }

    /// Adds the scale; a second one of the same name (also typed at the same moment) is refused by the unique index.
    static func create(_ scale: OwnScale, by actor: AuditActor, on db: any Database) async throws {
        do {
            try await db.transaction { db in
                try await scale.create(on: db)
                try await actor.record(.ownScaleChanged, organizationID: scale.organizationID, objectType: "ownScale", objectID: scale.id,
                                       details: "добавлена: \(scale.name)", on: db)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw MonitoringError.scaleExists(scale.name)
        }
    }

    /// The organization's own scale by its id; another organization's, or none, is 404.
    static func own(_ id: UUID?, organizationID: UUID, on db: any Database) async throws -> OwnScale {
        guard let id, let scale = try await OwnScale.query(on: db).filter(\.$id == id).filter(\.$organizationID == organizationID).first() else {
            throw AppError.notFound
        }
        return scale
    }

    /// Removes the scale and every value measured on it. The row is claimed by its deletion, so of
    /// two removals sent at once one does it and writes the journal, the other finds nothing (404).
    static func delete(_ scale: OwnScale, by actor: AuditActor, on db: any Database) async throws {
        let code = MeasureScale(scale).code
        try await db.transaction { db in
            guard let sql = db as? any SQLDatabase else { return }
            let deleted = try await sql.raw("DELETE FROM \(ident: OwnScale.schema) WHERE id = \(bind: try scale.requireID()) RETURNING id").all()
            guard !deleted.isEmpty else { throw AppError.notFound }
            try await ImpactMeasurement.query(on: db).filter(\.$organizationID == scale.organizationID).filter(\.$parameter == code).delete()
            try await actor.record(.ownScaleChanged, organizationID: scale.organizationID, objectType: "ownScale", objectID: scale.id,
                                   details: "удалена: \(scale.name)", on: db)
        }
    }
}
