import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// A mentee who wanted to mentor is copied into the long-term mentor base as «бывший
/// наставляемый» (`PairCompletion.moveToLongTermBase`). That card holds the child's name, birth
/// date and contacts on the strength of the mentee's consent alone, so the mentee's withdrawal
/// reaches it; a copy with a consent of its own is the person's separate choice and stays.
extension ConsentWithdrawalTests {
    func withdrawProcessing(_ app: Application, _ w: World) async throws -> TestingHTTPResponse {
        let consent = try #require(try await ConsentRecord.query(on: app.db)
            .filter(\.$subjectID == w.mentee.id!).filter(\.$purpose == .processing).first())
        let org = "/orgs/\(w.territory.organizationID)"
        return try await w.curator.post(org + "/mentees/\(w.mentee.id!)/consents/\(consent.id!)/withdraw")
    }

    @Test("Отзыв согласия ребёнка обезличивает его карточку «бывший наставляемый» в долгосрочной базе наставников, созданную без отдельного согласия")
    func withdrawalReachesTheLongTermCopy() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            w.mentee.phone = "+7 900 777-66-55"
            w.mentee.birthDate = Date(timeIntervalSince1970: 1_302_000_000)
            try await w.mentee.save(on: app.db)
            let (copy, created) = try await PairCompletion.moveToLongTermBase(w.mentee, form: .studentStudent, on: app.db)
            #expect(created && copy.lastName == "Иванов" && copy.phone == "+7 900 777-66-55")
            let org = "/orgs/\(w.territory.organizationID)"
            #expect(try await w.curator.get(org + "/mentors").text.contains("Иванов Арсений"))

            let withdrawn = try await withdrawProcessing(app, w)
            #expect(withdrawn.status == .seeOther)

            let after = try #require(try await Mentor.find(copy.id, on: app.db))
            #expect(after.anonymizedAt != nil && after.status == .left && after.phone == nil && after.birthDate == nil && after.$user.id == nil)
            #expect(!(try await w.curator.get(org + "/mentors").text.contains("Арсений")))
            #expect(try await w.curator.get(org + "/mentees/\(w.mentee.id!)").text.contains("«бывший наставляемый»"))
            try await Self.expectNowhere("Арсений", app: app)
            try await Self.expectNowhere("777-66-55", app: app)
        }
    }

    @Test("Карточка «бывший наставляемый» с собственным согласием на обработку остаётся после отзыва согласия в базе наставляемых")
    func longTermCopyWithItsOwnConsentStays() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let (copy, _) = try await PairCompletion.moveToLongTermBase(w.mentee, form: .studentStudent, on: app.db)
            try await PairingFixtures.addConsent(app, organizationID: w.territory.organizationID, kind: .mentor, subjectID: copy.id!, byGuardian: true)

            #expect(try await withdrawProcessing(app, w).status == .seeOther)

            let after = try #require(try await Mentor.find(copy.id, on: app.db))
            #expect(after.anonymizedAt == nil && after.lastName == "Иванов" && after.firstName == "Арсений")
            #expect(try await Mentee.find(w.mentee.id, on: app.db)?.anonymizedAt != nil)
            let card = try await w.curator.get("/orgs/\(w.territory.organizationID)/mentees/\(w.mentee.id!)")
            #expect(card.text.contains("на неё дано отдельное согласие"))
            // The kept card uses his account: it stays open, under his own login; only the mentee's role goes.
            #expect(after.$user.id == w.child.id)
            let account = try #require(try await User.find(w.child.id, on: app.db))
            #expect(account.isActive && account.login == "ivanov.arseniy" && account.lastName == "Иванов")
            #expect(try await RoleAssignment.query(on: app.db).filter(\.$user.$id == w.child.id!).filter(\.$role == .mentee).count() == 0)
            #expect(card.text.contains("учётная запись осталась"))
        }
    }

    @Test("Карточку «бывший наставляемый» отзыв находит по связи с карточкой наставляемого, даже если ФИО потом исправили, а чужую карточку с тем же ФИО не трогает")
    func longTermCopyFoundByItsLink() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            w.mentee.birthDate = Date(timeIntervalSince1970: 1_302_000_000)
            try await w.mentee.save(on: app.db)
            let (copy, _) = try await PairCompletion.moveToLongTermBase(w.mentee, form: .studentStudent, on: app.db)
            #expect(copy.sourceMenteeID == w.mentee.id)
            // The school corrects the spelling on the mentee card after the copy was made.
            w.mentee.firstName = "Арсэний"
            w.mentee.updateSearchKey()
            try await w.mentee.save(on: app.db)
            // Another pupil of the school with the same name, a former mentee entered by hand (another birth date).
            let namesake = try await PairingFixtures.mentor(app, organization: w.territory.organization, lastName: "Иванов")
            namesake.firstName = "Арсэний"
            namesake.middleName = "Павлович"
            namesake.birthDate = Date(timeIntervalSince1970: 1_262_000_000)
            namesake.formerMentee = true
            try await namesake.save(on: app.db)

            #expect(try await withdrawProcessing(app, w).status == .seeOther)

            #expect(try await Mentor.find(copy.id, on: app.db)?.anonymizedAt != nil, "копия найдена по связи, хотя ФИО исправлено")
            let other = try #require(try await Mentor.find(namesake.id, on: app.db))
            #expect(other.anonymizedAt == nil && other.firstName == "Арсэний" && other.status != .left, "чужая карточка с тем же ФИО осталась")
        }
    }
}
