import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Issue 20, item 3: a college speaks of groups and students, an employer of departments and
/// employees — on the base's pages, the card, the pair's space, the spreadsheets and the messages —
/// never of «класс» where it means its own people.
@Suite("Слова по типу организации: класс, группа, подразделение")
struct FormWordsTests {
    /// «класс» in any case, as a word of its own (not «классный руководитель», a data channel's name).
    static func schoolWords(in html: String) -> [String] {
        let text = CodeWordsTests.visibleText(html)
        let regex = try! NSRegularExpression(pattern: "(?<![А-Яа-яЁё])[Кк]ласс(а|у|ом|е|ы|ов|ам|ами|ах)?(?![А-Яа-яЁё])")
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            Range(match.range, in: text).map { r in String(text[text.index(r.lowerBound, offsetBy: -min(40, text.distance(from: text.startIndex, to: r.lowerBound)))..<r.upperBound]) }
        }
    }

    @Test("Колледж и предприятие: в базе, карточке, анкете участника, пространстве пары, выгрузке пар и сообщениях — группа или подразделение, не класс",
          arguments: [(OrganizationKind.college, "Группа", "группа ТД-21", "выберите группу"),
                      (OrganizationKind.enterprise, "Подразделение", "подразделение ОТК", "выберите подразделение")])
    func collegeAndEnterpriseWords(kind: OrganizationKind, title: String, label: String, choose: String) async throws {
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app, organizationName: kind == .college ? "ОГБПОУ «Томский техникум»" : "АО «Завод»")
            let organization = territory.organization
            organization.kind = kind
            try await organization.save(on: app.db)
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: organization)
            let menteeUser = try await Fixtures.person(app, login: "student", role: .mentee, organization: organization, lastName: "Орлов")
            let program = try await PairingFixtures.program(app, organization: organization)
            let group = kind == .college ? "ТД-21" : "ОТК"
            let mentor = try await PairingFixtures.mentor(app, organization: organization, lastName: "Смирнова", selectedIn: program)
            let mentee = try await PairingFixtures.mentee(app, organization: organization, lastName: "Орлов", className: group, userID: menteeUser.id)
            let pairing = try Pairing(program: program, mentorID: mentor.id!, form: .studentStudent, scheme: .curatorProposal, status: .formed, createdByName: "")
            pairing.formedAt = Date()
            try await pairing.create(on: app.db)
            let member = PairingMember(pairingID: pairing.id!, menteeID: mentee.id!, programID: program.id!, score: 80, explanation: [], position: 0)
            member.menteeAnswer = .accepted
            member.mentorAnswer = .accepted
            try await member.create(on: app.db)
            let curator = Browser(app)
            try await curator.signIn("kurator")
            let student = Browser(app)
            try await student.signIn("student")
            let base = "/orgs/\(organization.id!)"

            var pages: [(String, String)] = []
            for path in [base + "/mentees", base + "/mentees/new", base + "/mentees/\(mentee.id!)", base + "/mentees/\(mentee.id!)/edit", "/pairs/\(pairing.id!)"] {
                let page = try await curator.get(path)
                #expect(page.status == .ok, "\(path)")
                pages.append((path, page.text))
            }
            pages.append(("/me/participation", try await student.get("/me/participation").text))
            let year = try await curator.get(base + "/academic-year")
            #expect(Self.schoolWords(in: year.text).isEmpty, "\(kind) academic-year: \(Self.schoolWords(in: year.text))")
            let refused = try await curator.post(base + "/invitations", form: ["kind": "mentee"])
            pages.append(("приглашения без выбора", try await curator.get(try #require(refused.location)).text))
            for (path, html) in pages {
                #expect(Self.schoolWords(in: html).isEmpty, "\(kind) \(path): \(Self.schoolWords(in: html))")
            }
            #expect(pages[0].1.contains("<th>\(title)</th>") && pages[1].1.contains(">\(title)</label>"))
            #expect(pages[2].1.contains(title) && pages[4].1.contains(label) && pages[5].1.contains(title))
            #expect(pages[6].1.contains(choose))
            // Who told about the mentee: a college's group curator, an employer's head of department.
            #expect(pages[1].1.contains(kind == .college ? "Куратор группы" : "Руководитель подразделения") && !pages[1].1.contains("Классный руководитель"))

            let xlsx = try await curator.get(base + "/programs/\(program.id!)/pairs/pairs.xlsx")
            let header = try #require(try XLSXReader.rows(of: Data(buffer: xlsx.body)).first)
            #expect(header.cells.contains(title) && !header.cells.contains { $0.contains("Класс") })
            // The base's own export: the group's column and the mentee's data source in the same words.
            let export = try await curator.get(base + "/mentees/export?format=xlsx")
            let table = try XLSXReader.rows(of: Data(buffer: export.body))
            let exportHeader = try #require(table.first)
            #expect(exportHeader.cells.contains(title) && !exportHeader.cells.contains { $0.contains("Класс") })
            #expect(!table.contains { $0.cells.contains("Классный руководитель") })
        }
    }

    @Test("Колледж называет формы своими словами: «студент – студент» и «педагог – педагог» на страницах программы и в её документах, школа — «ученик – ученик»")
    func formNamesInCollege() async throws {
        #expect(MentoringForm.studentStudent.russianName(in: .school) == "ученик – ученик")
        #expect(MentoringForm.employerStudent.russianName(in: .college) == "работодатель – студент")
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app, organizationName: "ОГБПОУ «Томский техникум»")
            let college = territory.organization
            college.kind = .college
            try await college.save(on: app.db)
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: college)
            let program = try await PairingFixtures.program(app, organization: college, forms: [.studentStudent, .teacherTeacher])
            let curator = Browser(app)
            try await curator.signIn("kurator")
            let base = "/orgs/\(college.id!)", location = base + "/programs/\(program.id!)"
            var texts: [(String, String)] = []
            for path in [base + "/programs", location, location + "/edit", base] {
                let page = try await curator.get(path)
                #expect(page.status == .ok, "\(path)")
                texts.append((path, CodeWordsTests.visibleText(page.text)))
            }
            for name in ["program", "regulation"] {
                let file = try await curator.get(location + "/documents/\(name).docx")
                #expect(file.status == .ok, "\(name)")
                let xml = try #require(try OfficeZip.unpack(Data(buffer: file.body))["word/document.xml"].flatMap { String(data: $0, encoding: .utf8) })
                texts.append((name, xml.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)))
            }
            for (path, text) in texts {
                #expect(!text.contains("ученик – ученик") && !text.contains("учитель – учитель"), "\(path)")
            }
            #expect(texts[0].1.contains("студент – студент") && texts[1].1.contains("педагог – педагог") && texts[2].1.contains("студент – студент"))
            #expect(texts[4].1.contains("студент – студент") && texts[5].1.contains("педагог – педагог"))
        }
    }

    @Test("Подбор пар говорит словами куратора: «подходят друг другу на 49 из 100», без «совместимость 49» и «устойчивое распределение»")
    func noMatchingJargon() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var found: [String] = []
        for folder in ["Resources/Views", "Sources/NastavnikApp"] {
            let files = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = files?.nextObject() as? URL {
                guard ["leaf", "swift"].contains(url.pathExtension), let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
                for jargon in ["совместимость", "устойчивое распределение", "суммарная совместимость"] where text.contains(jargon) {
                    // Code comments may name the method; what a person reads may not.
                    let lines = text.split(separator: "\n").filter { $0.contains(jargon) && !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }
                    found += lines.map { "\(url.lastPathComponent): \($0.trimmingCharacters(in: .whitespaces).prefix(120))" }
                }
            }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }
}
