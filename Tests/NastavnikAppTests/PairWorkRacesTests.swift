import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Requests really sent at once to a running server: the pair's row lock decides.
@Suite("Работа пар: одновременные решения")
struct PairWorkRacesTests {
    @Test("Досрочное завершение из двух вкладок куратора и от наставляемого одновременно: одно решение, одна запись журнала, остальным — «уже завершена»")
    func closuresAtOnce() async throws {
        try await withTestApp { app in
            let (pairing, curatorBrowser, _, menteeBrowser, _) = try await PairWorkTests().formedPair(app)
            let path = "/pairs/\(pairing.id!)/closure"
            try await withLiveServer(app) { server in
                let curator = curatorBrowser.tab(live: server), mentee = menteeBrowser.tab(live: server)
                let tabs = [curator.tab(), curator.tab(), mentee.tab(), mentee.tab()]
                let answers = try await inParallel(tabs.count) { i in
                    try await tabs[i].post(path, form: ["decision": "earlyEnd", "reason": "Причина \(i + 1)"])
                }
                #expect(answers.filter { $0.status == .seeOther }.count == 1, "\(answers.map(\.status))")
                #expect(answers.filter { $0.status == .conflict }.count == tabs.count - 1, "\(answers.map(\.status))")
                #expect(answers.filter { $0.status == .conflict }.allSatisfy { $0.text.contains("Работа этой пары уже завершена.") })
            }
            #expect(try await PairClosure.query(on: app.db).filter(\.$pairing.$id == pairing.id!).count() == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.pairClosed.rawValue).count() == 1)
            #expect(try await Pairing.find(pairing.id, on: app.db)?.status == .finished)
        }
    }
}
