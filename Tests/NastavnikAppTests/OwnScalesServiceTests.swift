import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor

/// Issue 22, item 1: an organization's own scale removed through its service, without HTTP. On
/// both databases.
@Suite("Свои шкалы измерений — операции службы")
struct OwnScalesServiceTests {
    @Test("Шкала удаляется вместе со своими значениями и записью журнала; второе удаление и шкала чужой организации — «не найдено»")
    func deleteTakesTheValues() async throws {
        try await withTestApp { app in
            let w = try await ProgramServicesTests.world(app)
            let organizationID = w.school.organizationID
            let values = ["name": "Баллы демонстрационного экзамена", "minimum": "0", "maximum": "100", "direction": "higher", "whom": "mentees"]
            let scale = try OwnScales.read(values, organizationID: organizationID)
            try await OwnScales.create(scale, by: w.curator, on: app.db)
            let mentee = try await PairingFixtures.mentee(app, organization: w.school.organization, lastName: "Орлов")
            try await Measurements.record(.init(organizationID: organizationID, programID: w.program.id!, side: .mentee, personID: mentee.id!,
                                                pairingID: nil, phase: .entry, day: CalendarDay(year: 2026, month: 10, day: 1), source: .teacher,
                                                measuredByName: "Кузнецова М. И.", answerID: nil),
                                          [.init(code: MeasureScale(scale).code, value: 64), .init(parameter: .anxiety, value: 5)], on: app.db)

            await #expect(throws: AppError.self) {
                _ = try await OwnScales.own(scale.id, organizationID: w.other.organizationID, on: app.db)
            }
            let own = try await OwnScales.own(scale.id, organizationID: organizationID, on: app.db)
            try await OwnScales.delete(own, by: w.curator, on: app.db)
            #expect(try await OwnScale.query(on: app.db).count() == 0)
            #expect(try await ImpactMeasurement.query(on: app.db).all().map(\.parameter) == [ImpactParameter.anxiety.rawValue])
            #expect(try await ProgramServicesTests.audits(.ownScaleChanged, on: app.db).compactMap(\.details).sorted()
                    == ["добавлена: Баллы демонстрационного экзамена", "удалена: Баллы демонстрационного экзамена"])
            await #expect(throws: AppError.self) {
                try await OwnScales.delete(own, by: w.curator, on: app.db)
            }
            #expect(try await ProgramServicesTests.audits(.ownScaleChanged, on: app.db).count == 2)
        }
    }

    @Test("Шкала без названия, с перевёрнутым диапазоном и без адресата отказана по полям")
    func readRefusesByField() {
        do {
            _ = try OwnScales.read(["name": "  ", "minimum": "10", "maximum": "1", "whom": "everyone"], organizationID: UUID())
            Issue.record("шкала принята")
        } catch AppError.validation(let errors) {
            #expect(errors["name"] != nil && errors["maximum"] == "Наибольшее значение должно быть больше наименьшего." && errors["whom"] != nil)
        } catch {
            Issue.record("\(error)")
        }
        let both = try? OwnScales.read(["name": "Уверенность", "minimum": "1", "maximum": "10", "direction": "lower", "whom": "both"],
                                       organizationID: UUID())
        #expect(both?.forMentees == true && both?.forMentors == true && both?.higherIsBetter == false)
    }
}
