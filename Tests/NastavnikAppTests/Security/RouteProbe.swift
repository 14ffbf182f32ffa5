import Foundation
@testable import NastavnikApp
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Sends one route's request as one role, with the route's parameters taken from one side of the
/// world, and reads the answer as a letter of the route table.
struct RouteProbe {
    let app: Application
    let world: SecurityWorld

    /// The letters of `RouteAccessTable`.
    static func letter(_ response: TestingHTTPResponse) -> Character {
        let code = Int(response.status.code)
        if (300..<400).contains(code), response.location?.hasPrefix("/login") == true { return "L" }
        switch code {
        case 200..<400: return "A"
        case 400: return "B"
        case 401: return "U"
        case 403: return "3"
        case 404: return "4"
        case 409: return "C"
        case 422: return "V"
        case 500...: return "!"
        default: return "?"
        }
    }

    static func pattern(of route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map(\.description).joined(separator: "/")
    }

    /// The path with every `:parameter` filled from the side's objects.
    func path(_ pattern: String, side: SecuritySide) -> String {
        let path = pattern.split(separator: " ", maxSplits: 1)[1]
        return path.split(separator: "/", omittingEmptySubsequences: false).map { component -> String in
            if component == "**" { return "nothing-here" }
            guard component.hasPrefix(":") else { return String(component) }
            return value(String(component.dropFirst()), in: String(path), side: side)
        }.joined(separator: "/")
    }

    func value(_ parameter: String, in path: String, side: SecuritySide) -> String {
        let o = world.objects(side)
        switch parameter {
        case "organizationID": return o.organizationID.uuidString
        case "regionID": return (side == .own ? o.territory.region.id! : world.elsewhere.region.id!).uuidString
        case "programID": return o.program.id!.uuidString
        // Б's program names А as its partner; А's program names nobody (issue 18).
        case "partnerProgramID": return (side == .own ? world.b.program : world.a.program).id!.uuidString
        case "menteeID": return o.mentee.id!.uuidString
        case "mentorID": return o.mentor.id!.uuidString
        case "consentID": return (path.contains("/mentees/") ? o.menteeConsent : o.mentorConsent).id!.uuidString
        case "assignmentID": return (path.contains("/members/") ? o.roleAssignment.id! : o.questionnaireAssignment.id!).uuidString
        case "userID": return o.mentorUser.id!.uuidString
        case "batchID": return o.importBatch.id!.uuidString
        case "questionnaireID": return o.questionnaire.id!.uuidString
        case "itemID":
            if path.contains("/checklist/") { return o.checklistItem.id!.uuidString }
            if path.contains("/swot/") { return o.swotItem.id!.uuidString }
            return o.roadmapItem.id!.uuidString
        case "document": return "curator-order.docx"
        case "scaleID": return o.ownScale.id!.uuidString
        case "memberID": return o.member.id!.uuidString
        case "offerID": return o.roleOffer.id!.uuidString
        case "sessionID": return (path.contains("/training/") ? o.trainingSession.id! : o.mentorMatchSession.id!).uuidString
        case "pairingID": return (path.hasSuffix("/case") || path.contains("/case/") ? o.finishedPairing.id! : o.pairing.id!).uuidString
        case "meetingID": return o.meeting.id!.uuidString
        case "goalID": return o.goal.id!.uuidString
        case "resultID": return o.result.id!.uuidString
        case "concernID": return o.concern.id!.uuidString
        case "incentiveID": return o.incentive.id!.uuidString
        case "caseID": return o.practiceCase.id!.uuidString
        case "notificationID": return o.notification.id!.uuidString
        case "contestID": return o.contest.id!.uuidString
        case "applicationID": return o.application.id!.uuidString
        case "tokenID": return o.apiTokenID.uuidString
        case "token": return o.invitationToken
        case "sheetKey": return o.invitationSheetKey
        case "fileID": return (path.contains("/contests/") ? o.applicationFileID! : o.caseFileID!).uuidString
        default:
            Issue.record("Параметр :\(parameter) маршрута \(path) не заполняется миром проверок: добавьте объект в SecurityWorld и параметр в RouteProbe.value")
            return UUID().uuidString
        }
    }

    /// Sends the request: a browser's (signed in as the role, form with the CSRF token) or an API
    /// client's (the role's bearer token, an empty JSON object as the body).
    func send(_ pattern: String, side: SecuritySide, role: SecurityRole, csrf: Bool = true, query: String = "") async throws -> TestingHTTPResponse {
        let method = String(pattern.split(separator: " ")[0])
        let path = path(pattern, side: side) + query
        if path.hasPrefix("/api/") {
            var headers = HTTPHeaders()
            if let token = world.bearer[role] { headers.bearerAuthorization = BearerAuthorization(token: token) }
            var body: ByteBuffer?
            if method != "GET" {
                headers.contentType = .json
                body = ByteBuffer(string: "{}")
            }
            return try await app.testing().sendRequest(HTTPMethod(rawValue: method), path, headers: headers, body: body)
        }
        let browser = world.browser(role, app: app)
        return method == "GET" ? try await browser.get(path) : try await browser.post(path, form: [:], csrf: csrf)
    }

    /// Row counts of every table in one query: a refused request must not change any of them.
    static func rowCounts(_ app: Application) async throws -> [String: Int] {
        let sql = try #require(app.db as? any SQLDatabase)
        let tables: [String]
        if TestDatabase.postgresURL == nil {
            tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                .all().map { try $0.decode(column: "name", as: String.self) }
        } else {
            tables = try await sql.raw("SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema()")
                .all().map { try $0.decode(column: "name", as: String.self) }
        }
        let selects = tables.sorted().map { "SELECT '\($0)' AS name, COUNT(*) AS n FROM \"\($0)\"" }.joined(separator: " UNION ALL ")
        var counts: [String: Int] = [:]
        for row in try await sql.raw(SQLQueryString(selects)).all() {
            counts[try row.decode(column: "name", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }
}

