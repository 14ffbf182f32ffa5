import Foundation
import Testing

/// Issue 22, item 1: every audit entry of a change is written in the transaction of that change,
/// so a crash between the two can neither lose the entry nor leave an entry for a change that
/// never happened. Services write it with `actor.record(…, on: tx)`; only reads (a child's card
/// opened, a file downloaded, a sign-in) may be recorded by the handler on the request's database.
@Suite("Запись журнала — в транзакции изменения")
struct AuditInTransactionTests {
    /// Actions that record a read, a download or a sign-in, not a change: nothing to share a transaction with.
    static let reads: Set<String> = [
        "signIn", "signInFailed", "signOut", "menteeViewed", "mentorViewed", "baseExported",
        "answersRead", "answersExported", "programDocumentIssued", "impactViewed", "registryOrderIssued",
    ]
    /// Functions that take the action as a parameter and record only reads (checked by reading them).
    static let readHelpers: Set<String> = ["Areas/Participants/BasesAPIController.swift"]
    /// Changes still audited after their own transaction, by file and action: the areas not yet
    /// moved into services (issue 22, item 1). The list only shrinks: an entry that is fixed fails
    /// the test until it is taken off.
    static let notYetInTransaction: Set<String> = [
    ]
    /// A database that is never the transaction of a change.
    static let requestDatabases: Set<String> = ["req.db", "request.db", "app.db", "application.db"]

    struct Call: Hashable, CustomStringConvertible {
        let file: String
        let line: Int
        let actions: [String]
        let database: String?
        var description: String { "\(file):\(line) \(actions.map { "." + $0 }.joined(separator: "/"))" }
    }

    /// The names of `AuditAction`'s cases.
    static func actionNames() throws -> Set<String> {
        let source = try String(contentsOfFile: packageRoot + "Sources/NastavnikApp/Core/Audit.swift", encoding: .utf8)
        return Set(source.matches(of: #/case ([a-zA-Z]+) = "/#).map { String($0.output.1) })
    }

    /// Every `.audit(…)`, `Audit.record(…)` and `actor.record(…)` call in the app's sources.
    static func calls() throws -> [Call] {
        let names = try actionNames()
        let root = packageRoot + "Sources/NastavnikApp/"
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        let opener = try Regex(#"(\.audit|Audit\.record|[aA]ctor\.record)\(\s*"#)
        var calls: [Call] = []
        for file in files where file != "Core/Audit.swift" {
            let text = try String(contentsOfFile: root + file, encoding: .utf8)
            for match in text.matches(of: opener) {
                // The arguments, up to the parenthesis that closes the call; the first one is the action.
                var depth = 1
                var end = match.range.upperBound
                var firstComma: String.Index?
                while end < text.endIndex, depth > 0 {
                    switch text[end] {
                    case "(": depth += 1
                    case ")": depth -= 1
                    case "," where depth == 1 && firstComma == nil: firstComma = end
                    default: break
                    }
                    end = text.index(after: end)
                }
                let arguments = text[match.range.upperBound..<end]
                let first = text[match.range.upperBound..<(firstComma ?? end)]
                let actions = first.matches(of: #/\.([a-zA-Z]+)/#).map { String($0.output.1) }.filter(names.contains)
                var database: String?
                if let on = arguments.range(of: "on:") {
                    database = arguments[on.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
                        .prefix { !",)\n".contains($0) }.trimmingCharacters(in: .whitespaces)
                }
                let line = text[..<match.range.lowerBound].filter { $0 == "\n" }.count + 1
                calls.append(Call(file: file, line: line, actions: actions, database: database))
            }
        }
        return calls
    }

    /// Whether a call records a change on the request's database, outside the change's transaction.
    static func outsideItsTransaction(_ call: Call) -> Bool {
        // The action is a parameter: a helper that writes on the transaction it is given is fine.
        if call.actions.isEmpty {
            if let database = call.database, !requestDatabases.contains(database) { return false }
            return !readHelpers.contains(call.file)
        }
        guard !call.actions.allSatisfy(reads.contains) else { return false }
        guard let database = call.database else { return true }
        return requestDatabases.contains(database)
    }

    @Test("Каждое изменение записывается в журнал в своей же транзакции, а не отдельной записью после неё")
    func changesAreAuditedInTheirTransaction() throws {
        let calls = try Self.calls()
        #expect(calls.count > 100, "сканер не нашёл вызовов журнала: проверьте путь")
        let outside = calls.filter(Self.outsideItsTransaction)
        let keys = Set(outside.flatMap { call in call.actions.filter { !Self.reads.contains($0) }.map { "\(call.file) \($0)" } + (call.actions.isEmpty ? ["\(call.file) ?"] : []) })
        let new = outside.filter { call in
            call.actions.isEmpty || !call.actions.filter { !Self.reads.contains($0) }.allSatisfy { Self.notYetInTransaction.contains("\(call.file) \($0)") }
        }
        #expect(new.isEmpty, "запись журнала об изменении вне его транзакции:\n\(new.map(\.description).joined(separator: "\n"))")
        let fixed = Self.notYetInTransaction.subtracting(keys)
        #expect(fixed.isEmpty, "уже в транзакции — уберите из notYetInTransaction:\n\(fixed.sorted().joined(separator: "\n"))")
    }

    @Test("Сканер отличает запись в транзакции от записи после неё")
    func scannerTellsThemApart() {
        let inside = Call(file: "X.swift", line: 1, actions: ["menteeCreated"], database: "tx")
        let after = Call(file: "X.swift", line: 2, actions: ["menteeCreated"], database: "req.db")
        let noDatabase = Call(file: "X.swift", line: 3, actions: ["menteeCreated"], database: nil)
        let read = Call(file: "X.swift", line: 4, actions: ["menteeViewed", "mentorViewed"], database: nil)
        let mixed = Call(file: "X.swift", line: 5, actions: ["menteeViewed", "menteeUpdated"], database: nil)
        #expect(!Self.outsideItsTransaction(inside) && !Self.outsideItsTransaction(read))
        #expect(Self.outsideItsTransaction(after) && Self.outsideItsTransaction(noDatabase) && Self.outsideItsTransaction(mixed))
    }

    @Test("Действия в списках проверки — настоящие действия журнала")
    func listedActionsAreReal() throws {
        let names = try Self.actionNames()
        #expect(names.count > 50)
        let listed = Self.reads.union(Self.notYetInTransaction.compactMap { $0.split(separator: " ").last.map(String.init) })
        for action in listed { #expect(names.contains(action), "нет действия \(action)") }
    }
}
