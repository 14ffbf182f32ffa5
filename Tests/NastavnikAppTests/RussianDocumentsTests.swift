import Foundation
@testable import NastavnikApp
import Testing

/// Issue 20, «How it is shown»: the documents a school signs, opened by LibreOffice (in CI it is
/// installed and the check is required), read back as text: a name in the dative where thanks are
/// expressed, and the order's own date where the order fixes something.
@Suite("Документы в LibreOffice: падеж имени и дата приказа")
struct RussianDocumentsTests {
    /// The PDF's text with the layout's runs of spaces and line breaks made single spaces.
    static func text(_ document: DOCXDocument) throws -> String {
        try LibreOffice.pdfText(of: document.data(), ext: "docx")
            .replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
    }

    static func program() -> Program {
        let program = Program()
        program.name = "Учитель – учитель"
        program.startsOn = "2026-09-01"
        program.endsOn = "2027-06-30"
        return program
    }

    static func organization() -> Organization {
        let organization = Organization()
        organization.name = "МАОУ СОШ № 54 г. Томска"
        organization.shortName = "СОШ № 54"
        organization.kind = .school
        return organization
    }

    @Test("Благодарственное письмо в LibreOffice: «выражается благодарность Лаптевой Светлане Игоревне», дата письма — «01» декабря 2026 г.",
          .enabled(if: LibreOffice.shouldCheck, "libreoffice или pdftotext не установлены: проверка пропущена (CI её выполняет)"))
    func letterOfThanksInLibreOffice() throws {
        let mentor = Mentor()
        mentor.lastName = "Лаптева"; mentor.firstName = "Светлана"; mentor.middleName = "Игоревна"
        mentor.position = "учитель математики"; mentor.workplace = nil
        let incentive = Incentive()
        incentive.kind = .letterOfThanks
        incentive.reason = "За наставничество молодого педагога"
        incentive.awardedOn = "2026-12-01"
        incentive.orderNumber = "112-од"; incentive.orderOn = "2026-11-28"
        let text = try Self.text(IncentiveDocuments.certificate(incentive, mentor: mentor, program: Self.program(), organization: Self.organization()))
        #expect(text.contains("БЛАГОДАРСТВЕННОЕ ПИСЬМО") && text.contains("выражается благодарность"))
        #expect(text.contains("Лаптевой Светлане Игоревне"), "\(text)")
        #expect(!text.contains("Лаптева Светлана Игоревна"))
        #expect(text.contains("«01» декабря 2026 г.") && text.contains("Приказ № 112-од от 28.11.2026"))
    }

    @Test("Приказ о закреплении пар в LibreOffice: дата приказа в шапке и пары закреплены с этой даты, а не с начала программы",
          .enabled(if: LibreOffice.shouldCheck, "libreoffice или pdftotext не установлены: проверка пропущена (CI её выполняет)"))
    func pairingOrderDateInLibreOffice() throws {
        let rows = [PairingOrder.Row(mentor: "Лаптева Светлана Игоревна", mentorPosition: "учитель математики", mentees: ["Грачёв Илья Сергеевич"],
                                     form: .teacherTeacher, scheme: .curatorProposal)]
        let text = try Self.text(PairingOrder.document(program: Self.program(), organization: Self.organization(), rows: rows, number: "87-од",
                                                       date: CalendarDay(year: 2026, month: 10, day: 5)))
        #expect(text.contains("«05» октября 2026 г.") && text.contains("№ 87-од"), "\(text)")
        #expect(text.contains("на период с 05.10.2026 по 30.06.2027"))
        #expect(!text.contains("с 01.09.2026"))
        #expect(text.contains("Грачёв Илья Сергеевич") && text.contains("пар: 1, групп: 0"))
    }
}
