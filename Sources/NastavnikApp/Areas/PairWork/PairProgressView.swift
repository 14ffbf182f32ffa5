import Fluent
import Vapor

/// The parts of a pair's page beyond meetings and goals: the rules of interaction, the wishes
/// table, intermediate results, private concerns, and the completion of the cycle.
struct PairProgressView: Encodable {
    struct Agreement: Encodable {
        let confidentiality: String
        let communication: String
        let boundaries: String
        let contacts: String
        let meetingsPerMonth: Int
        let agreedOn: String
        let writtenBy: String
    }

    struct Wish: Encodable {
        let wish: String
        let resources: String
        let missingResources: String
        let measure: String
        let timeNeeded: String
    }

    struct Result: Encodable {
        let id: UUID
        let kind: String
        let title: String
        let achievedOn: String
        let link: String
        let fileName: String?
        let writtenBy: String
    }

    struct Concern: Encodable {
        let id: UUID
        let author: String
        let at: String
        let text: String
        let asksIntervention: Bool
        let status: String
        let reply: String
    }

    struct Answer: Encodable {
        let author: String
        let closeness: Int
        let mostValuable: String
        let results: String
        let learned: String
        let changed: String
        let understood: String
        let remembered: String
        let continueTogether: Bool
        let wantsToMentor: Bool
        let writtenBy: String
        /// For the curator: the side whose answers «Изменить» opens in the form (`?answers=`).
        var editKey: String = ""
    }

    struct Closure: Encodable {
        let decision: String
        let decidedOn: String
        let decidedBy: String
        let reason: String
        /// An early end's reason that this reader may not see (`PairAccess.mayReadReason`).
        var reasonHidden: Bool = false
    }

    let agreement: Agreement?
    let hasAgreement: Bool
    let wishes: [Wish]
    let results: [Result]
    let resultKinds: [SelectOption]
    let concerns: [Concern]
    let openConcerns: Int
    let mayRaiseConcern: Bool
    let answers: [Answer]
    /// Whose answers the curator may write from a paper questionnaire; a participant writes their own.
    let answerSides: [SelectOption]
    let myAnswerGiven: Bool
    let closures: [Closure]
    let isFinished: Bool
    let finalHeld: Bool
    let mayDecide: Bool
    let maxFileMegabytes: Int

    /// How a form names a side: `mentor` or `mentee:<memberID>`.
    static func sideKey(_ side: BaseKind, _ memberID: UUID?) -> String {
        side == .mentor ? "mentor" : "mentee:\(memberID?.uuidString ?? "")"
    }

    /// The final-answers form filled with saved answers and their version, for an explicit edit.
    static func answerDefaults(_ answer: FinalAnswer) -> [String: String] {
        ["answerSide": sideKey(answer.side, answer.memberID), "answerVersion": String(answer.version ?? 1),
         "answerVersionSide": sideKey(answer.side, answer.memberID),
         "mostValuable": answer.mostValuable, "results": answer.results, "learned": answer.learned, "closeness": String(answer.closeness),
         "changed": answer.changed, "understood": answer.understood, "remembered": answer.remembered,
         "continueTogether": answer.continueTogether ? "yes" : "no", "wantsToMentor": answer.wantsToMentor ? "yes" : "no"]
    }

    /// The form values the agreement form starts with: the saved rules, or the seeds' suggestions.
    static func agreementDefaults(_ agreement: PairAgreement?) -> [String: String] {
        guard let agreement else {
            return PairAgreements.suggested.merging(["meetingsPerMonth": "4", "agreedOn": CalendarDay.today().iso]) { $1 }
        }
        return ["confidentiality": agreement.confidentiality, "communication": agreement.communication, "boundaries": agreement.boundaries,
                "contacts": agreement.contacts, "meetingsPerMonth": String(agreement.meetingsPerMonth), "agreedOn": agreement.agreedOn]
    }

    static func load(_ access: PairAccess, agreement: PairAgreement?, meetings: [PairMeeting], values: [String: String],
                     on db: any Database) async throws -> PairProgressView {
        let pairing = access.pairing
        let id = try pairing.requireID()
        let members = access.agreedMembers
        let nameOfMember = Dictionary(uniqueKeysWithValues: members.map { ($0.id!, $0.mentee.fullName) })
        func author(_ side: BaseKind, _ memberID: UUID?) -> String {
            side == .mentor ? "Наставник \(pairing.mentor.fullName)" : "Наставляемый" + (memberID.flatMap { nameOfMember[$0] }.map { " \($0)" } ?? "")
        }
        let wishes = try await PairWish.query(on: db).filter(\.$pairing.$id == id).sort(\.$createdAt).all()
        let results = try await PairResult.query(on: db).filter(\.$pairing.$id == id)
            // The files stay in the database until someone opens one.
            .field(\.$id).field(\.$pairing.$id).field(\.$kind).field(\.$title).field(\.$achievedOn).field(\.$link).field(\.$fileName)
            .field(\.$writtenByName).sort(\.$achievedOn, .descending).all()
        let concerns = try await PairConcerns.visible(in: pairing, to: access.role, on: db)
        let answers = try await FinalAnswer.query(on: db).filter(\.$pairing.$id == id).all()
        let closures = try await PairClosure.query(on: db).filter(\.$pairing.$id == id).sort(\.$createdAt).all()
        let mine = access.ownSide
        var sides = [SelectOption("mentor", "Наставник: \(pairing.mentor.fullName)", selected: values["answerSide"] == "mentor")]
        sides += members.map { SelectOption("mentee:\($0.id!)", "Наставляемый: \($0.mentee.fullName)", selected: values["answerSide"] == "mentee:\($0.id!)") }
        return PairProgressView(
            agreement: agreement.map {
                Agreement(confidentiality: $0.confidentiality, communication: $0.communication, boundaries: $0.boundaries, contacts: $0.contacts,
                          meetingsPerMonth: $0.meetingsPerMonth, agreedOn: CalendarDay(iso: $0.agreedOn)?.russian ?? $0.agreedOn, writtenBy: $0.writtenByName)
            },
            hasAgreement: agreement != nil,
            wishes: wishes.map { Wish(wish: $0.wish, resources: $0.resources, missingResources: $0.missingResources, measure: $0.measure, timeNeeded: $0.timeNeeded) },
            results: results.map {
                Result(id: $0.id!, kind: $0.kind.russianName, title: $0.title, achievedOn: CalendarDay(iso: $0.achievedOn)?.russian ?? $0.achievedOn,
                       link: $0.link, fileName: $0.fileName, writtenBy: $0.writtenByName)
            },
            resultKinds: ResultKind.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: values["resultKind"] == $0.rawValue) },
            concerns: concerns.map {
                Concern(id: $0.id!, author: author($0.side, $0.memberID), at: $0.createdAt.map(RussianDate.dateTime) ?? "", text: $0.text,
                        asksIntervention: $0.asksIntervention, status: $0.status.russianName, reply: $0.curatorReply)
            },
            openConcerns: concerns.filter { $0.status == .open }.count,
            mayRaiseConcern: access.role != .curator && pairing.status == .formed,
            answers: answers.filter { access.mayRead(side: $0.side, memberID: $0.memberID) }
                .sorted { ($0.side == .mentor ? 0 : 1) < ($1.side == .mentor ? 0 : 1) }.map {
                Answer(author: author($0.side, $0.memberID), closeness: $0.closeness, mostValuable: $0.mostValuable, results: $0.results,
                       learned: $0.learned, changed: $0.changed, understood: $0.understood, remembered: $0.remembered,
                       continueTogether: $0.continueTogether, wantsToMentor: $0.wantsToMentor, writtenBy: $0.writtenByName,
                       editKey: access.role == .curator ? Self.sideKey($0.side, $0.memberID) : "")
            },
            answerSides: access.role == .curator ? sides : [],
            myAnswerGiven: mine.map { side, member in answers.contains { $0.side == side && $0.memberID == member } } ?? false,
            closures: closures.map {
                Closure(decision: $0.decision.russianName, decidedOn: CalendarDay(iso: $0.decidedOn)?.russian ?? $0.decidedOn,
                        decidedBy: "\($0.decidedByName) (\($0.decidedByRole))", reason: access.mayReadReason(of: $0) ? $0.reason : "",
                        reasonHidden: !access.mayReadReason(of: $0) && !$0.reason.isEmpty)
            },
            isFinished: pairing.status == .finished,
            finalHeld: meetings.contains { $0.kind == .final && $0.status == .held },
            mayDecide: access.role == .curator && pairing.status == .formed,
            maxFileMegabytes: AttachedFile.maxSize / 1024 / 1024)
    }
}
