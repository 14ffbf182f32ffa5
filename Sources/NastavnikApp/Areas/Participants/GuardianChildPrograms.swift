import Fluent
import Foundation

/// The programs a represented child takes part in, for «Мои дети»: where the child has a pair (or
/// a proposal), is a selected mentor, or waits for a mentor in a program of the child's form.
enum GuardianChildPrograms {
    typealias Row = MyChildrenController.Page.ProgramRow

    /// Where the child is in a program, as the API names it (`childPlace` on the page).
    enum Place: String, Codable, CaseIterable, Sendable {
        case inPair, mentorInPair, pairFinished, proposed, waitingForMentor, selectedMentor, mentorCandidate

        var russianName: String {
            switch self {
            case .inPair: "в паре с наставником"
            case .mentorInPair: "наставник в паре"
            case .pairFinished: "пара завершена"
            case .proposed: "предложена пара, ждёт согласий"
            case .waitingForMentor: "ждёт подбора наставника"
            case .selectedMentor: "отобран наставником"
            case .mentorCandidate: "кандидат в наставники"
            }
        }
    }

    static func rows(mentees: [Mentee], mentors: [Mentor], on db: any Database) async throws -> [UUID: [Row]] {
        var result: [UUID: [Row]] = [:]
        let menteeIDs = mentees.compactMap(\.id), mentorIDs = mentors.compactMap(\.id)
        func row(_ program: Program, _ place: Place) -> Row {
            Row(name: program.name, organization: program.organization.shortName,
                period: [CalendarDay(iso: program.startsOn)?.russian, CalendarDay(iso: program.endsOn)?.russian].compactMap { $0 }.joined(separator: " — "),
                stage: program.stage.numberedName, childPlace: place.russianName,
                programID: program.id, startsOn: program.startsOn, endsOn: program.endsOn, stageCode: program.stage, place: place)
        }
        func place(_ status: PairingStatus, mentor: Bool) -> Place {
            switch status {
            case .formed: mentor ? .mentorInPair : .inPair
            case .finished: .pairFinished
            default: .proposed
            }
        }
        var seen = Set<String>()
        func add(_ childID: UUID, _ program: Program, _ text: Place) {
            guard let programID = program.id, seen.insert("\(childID)-\(programID)").inserted else { return }
            result[childID, default: []].append(row(program, text))
        }
        if !menteeIDs.isEmpty {
            let members = try await PairingMember.query(on: db).filter(\.$mentee.$id ~~ menteeIDs)
                .with(\.$pairing) { $0.with(\.$program) { $0.with(\.$organization) } }.all()
                .filter { !$0.isDeclined && [.proposed, .formed, .finished].contains($0.pairing.status) }
                .sorted { $0.pairing.status == .formed && $1.pairing.status != .formed }
            for member in members { add(member.$mentee.id, member.pairing.program, place(member.pairing.status, mentor: false)) }
            // Still waiting for a mentor: the programs of the child's organization and form.
            let waiting = mentees.filter { [.candidate, .inBase].contains($0.status) && $0.graduatedYear == nil }
            let organizationIDs = Set(waiting.map { $0.$organization.id })
            if !organizationIDs.isEmpty {
                let programs = try await Program.query(on: db).filter(\.$organization.$id ~~ organizationIDs)
                    .filter(\.$stage != .completion).with(\.$organization).sort(\.$name).all()
                for mentee in waiting {
                    for program in programs where program.$organization.id == mentee.$organization.id && program.forms.contains(mentee.form) {
                        add(mentee.id!, program, .waitingForMentor)
                    }
                }
            }
        }
        if !mentorIDs.isEmpty {
            let pairings = try await Pairing.query(on: db).filter(\.$mentor.$id ~~ mentorIDs)
                .filter(\.$status ~~ [.proposed, .formed, .finished]).with(\.$program) { $0.with(\.$organization) }.all()
            for pairing in pairings { add(pairing.$mentor.id, pairing.program, place(pairing.status, mentor: true)) }
            let selections = try await MentorSelection.query(on: db).filter(\.$mentor.$id ~~ mentorIDs)
                .with(\.$program) { $0.with(\.$organization) }.all()
            for selection in selections where selection.decision != .notNow {
                add(selection.$mentor.id, selection.program, selection.decision == .selected ? .selectedMentor : .mentorCandidate)
            }
        }
        return result
    }
}
