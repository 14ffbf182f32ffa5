import Fluent
import FluentSQL
import Foundation
import Vapor

/// The filters and sorting of a base's list, read from the URL, and the queries they make.
/// Everything is filtered and counted by the database, with the organization first in every
/// index, so a list stays fast when the region holds hundreds of thousands of people.
struct BaseListFilter: Sendable {
    var search = ""
    var form: MentoringForm?
    var request: String?
    var menteeStatus: MenteeStatus?
    var mentorStatus: MentorStatus?
    var className: String?
    var contour: Contour?
    var consent: ConsentState?
    var sort = "name"
    /// The active base by default; graduates (`Mentee.graduatedYear`) only on request.
    var graduates = Graduates.active

    enum Graduates: String, Sendable {
        case active = "", only, all
    }

    init() {}

    init(request: Request) {
        func value(_ key: String) -> String? { FieldParsing.trimmedOrNil(request.query[String.self, at: key]) }
        search = value("q") ?? ""
        form = value("form").flatMap(MentoringForm.init(rawValue:))
        self.request = value("request")
        menteeStatus = value("status").flatMap(MenteeStatus.init(rawValue:))
        mentorStatus = value("status").flatMap(MentorStatus.init(rawValue:))
        className = value("class")
        contour = value("contour").flatMap(Contour.init(rawValue:))
        consent = value("consent").flatMap(ConsentState.init(rawValue:))
        sort = value("sort") ?? "name"
        graduates = value("graduates").flatMap(Graduates.init(rawValue:)) ?? .active
    }

    /// The parameters that reproduce this filter, for pagination and export links.
    var query: [String: String] {
        [
            "q": search, "form": form?.rawValue ?? "", "request": request ?? "",
            "status": menteeStatus?.rawValue ?? mentorStatus?.rawValue ?? "", "class": className ?? "",
            "contour": contour?.rawValue ?? "", "consent": consent?.rawValue ?? "", "sort": sort == "name" ? "" : sort,
            "graduates": graduates.rawValue,
        ]
    }

    func mentees(organizationID: UUID, on db: any Database) -> QueryBuilder<Mentee> {
        var query = Mentee.query(on: db).filter(\.$organization.$id == organizationID)
        if !search.isEmpty { query = query.filter(\.$searchKey, .custom("LIKE"), "%\(search.lowercased())%") }
        if let form { query = query.filter(\.$form == form) }
        if let menteeStatus { query = query.filter(\.$status == menteeStatus) }
        if let className { query = query.filter(\.$className == className) }
        if let consent { query = query.filter(\.$consentState == consent) }
        switch graduates {
        case .active: query = query.filter(\.$graduatedYear == nil)
        case .only: query = query.filter(\.$graduatedYear != nil)
        case .all: break
        }
        if let request {
            query = query.filter(.sql(embed: "EXISTS (SELECT 1 FROM \(ident: MenteeRequest.schema) r WHERE r.mentee_id = \(ident: Mentee.schema).id AND r.organization_id = \(bind: organizationID) AND r.code = \(bind: request))"))
        }
        switch sort {
        case "class": query = query.sort(\.$className).sort(\.$lastName).sort(\.$firstName)
        case "entered": query = query.sort(\.$enteredOn, .descending).sort(\.$lastName)
        case "status": query = query.sort(\.$status).sort(\.$lastName)
        default: query = query.sort(\.$lastName).sort(\.$firstName).sort(\.$middleName)
        }
        return query
    }

    func mentors(organizationID: UUID, on db: any Database) -> QueryBuilder<Mentor> {
        var query = Mentor.query(on: db).filter(\.$organization.$id == organizationID)
        if !search.isEmpty { query = query.filter(\.$searchKey, .custom("LIKE"), "%\(search.lowercased())%") }
        if let form { query = query.filter(.sql(embed: "(\(ident: "forms_mask") & \(literal: form.bit)) <> 0")) }
        if let mentorStatus { query = query.filter(\.$status == mentorStatus) }
        if let contour { query = query.filter(\.$contour == contour) }
        if let consent { query = query.filter(\.$consentState == consent) }
        if let className { query = query.filter(\.$className == className) }
        switch graduates {
        case .active: query = query.filter(\.$graduatedYear == nil)
        case .only: query = query.filter(\.$graduatedYear != nil)
        case .all: break
        }
        switch sort {
        case "entered": query = query.sort(\.$enteredOn, .descending).sort(\.$lastName)
        case "status": query = query.sort(\.$status).sort(\.$lastName)
        default: query = query.sort(\.$lastName).sort(\.$firstName).sort(\.$middleName)
        }
        return query
    }

    /// The classes and groups present in the organization's mentee base, for the filter.
    static func classNames(organizationID: UUID, on db: any Database) async throws -> [String] {
        guard let sql = db as? any SQLDatabase else { return [] }
        struct Row: Decodable { let class_name: String? }
        return try await sql.select().distinct().column("class_name").from(Mentee.schema)
            .where("organization_id", .equal, organizationID).where("class_name", .isNot, SQLLiteral.null)
            .where("graduated_year", .is, SQLLiteral.null)
            .orderBy("class_name").all(decoding: Row.self).compactMap(\.class_name)
    }
}
