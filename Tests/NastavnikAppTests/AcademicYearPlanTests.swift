import Foundation
@testable import NastavnikApp
import Testing

/// Issue 18, item 5: the rule that proposes each class's step, without a database.
@Suite("Правило перехода класса в новый учебный год")
struct AcademicYearPlanTests {
    @Test("Школьные классы: 7Б → 8Б, «10-А» → «11-А», 11-й выпускается; группы колледжа: ТМ-21 → ТМ-31, 4-й курс выпускается")
    func proposals() {
        typealias P = AcademicYearAdvancePlan
        #expect(P.proposal(for: "7Б") == .rename("8Б"))
        #expect(P.proposal(for: "1а") == .rename("2а"))
        #expect(P.proposal(for: "10-А") == .rename("11-А"))
        #expect(P.proposal(for: "9 В") == .rename("10 В"))
        #expect(P.proposal(for: "11А") == .graduate)
        #expect(P.proposal(for: "ТМ-21") == .rename("ТМ-31"))
        #expect(P.proposal(for: "ИС 12") == .rename("ИС 22"))
        #expect(P.proposal(for: "ТМ-41") == .graduate)
        #expect(P.proposal(for: "2 курс") == .rename("3 курс"))
        #expect(P.proposal(for: "курс 4") == .graduate)
        #expect(P.proposal(for: "Кружок робототехники") == .unknown)
        #expect(P.proposal(for: "12А") == .unknown)
    }

    @Test("Предпросмотр предупреждает, когда два класса становятся одним")
    func merges() {
        let moves = [AcademicYearAdvancePlan.Move(from: "7Б", to: "8Б", graduate: false), .init(from: "8Б", to: "8Б", graduate: false)]
        #expect(AcademicYearAdvancePlan.merges(moves) == ["«7Б», «8Б» станут одним классом «8Б»"])
    }
}
