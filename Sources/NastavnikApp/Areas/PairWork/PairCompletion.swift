import Fluent
import Foundation
import SQLKit

/// The end of a pair's cycle (seed 003, «Итоговая встреча» and the first level of completion):
/// each side's final answers, then the decision to continue with a new goal, to finish, or an
/// early end by either side with its reason. The statuses in the bases follow the decision.
enum PairCompletion {
    struct AnswerDraft: Sendable {
        var mostValuable: String
        var results: String
        var learned: String
        var closeness: Int
        var changed: String
        var understood: String
        var remembered: String
        var continueTogether: Bool
        var wantsToMentor: Bool
    }

    static func parseAnswers(_ values: [String: String]) -> Result<AnswerDraft, AppError> {
        var errors: [String: String] = [:]
        func text(_ key: String) -> String {
            let value = (values[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if value.count > 2000 { errors[key] = "Не более 2000 знаков." }
            return value
        }
        let closeness = Int((values["closeness"] ?? "").trimmingCharacters(in: .whitespaces))
        if closeness == nil || !(1...10).contains(closeness!) { errors["closeness"] = "Оцените от 1 до 10, насколько вы приблизились к цели." }
        func yesNo(_ key: String) -> Bool? {
            if values[key] == "yes" { return true }
            if values[key] == "no" { return false }
            errors[key] = "Ответьте «да» или «нет»."
            return nil
        }
        let draft = AnswerDraft(mostValuable: text("mostValuable"), results: text("results"), learned: text("learned"), closeness: closeness ?? 0,
                                changed: text("changed"), understood: text("understood"), remembered: text("remembered"),
                                continueTogether: yesNo("continueTogether") ?? false, wantsToMentor: yesNo("wantsToMentor") ?? false)
        if draft.results.isEmpty { errors["results"] = "Каких результатов вы достигли? Это главный ответ итоговой встречи." }
        return errors.isEmpty ? .success(draft) : .failure(.validation(errors))
    }

    /// Saves one side's answers. Without `version` they are the first: refused when the side has
    /// answered already (M034's partial unique indexes decide when two arrive at once); with
    /// `version` they replace the saved ones only if nobody changed them since that version.
    /// A mentor who wants to go on mentoring is marked for the long-term base at once; a mentee
    /// who wants to become a mentor waits for the curator.
    static func saveAnswers(_ draft: AnswerDraft, in pairing: Pairing, side: BaseKind, memberID: UUID?, version: Int?, by name: String,
                            on db: any Database) async throws -> FinalAnswer {
        var query = try FinalAnswer.query(on: db).filter(\.$pairing.$id == pairing.requireID()).filter(\.$side == side)
        query = memberID.map { query.filter(\.$memberID == $0) } ?? query.filter(\.$memberID == nil)
        let saved = try await query.first()
        if version == nil && saved != nil { throw PairWorkError.finalAnswersAlreadySaved }
        if version != nil && saved == nil { throw PairWorkError.finalAnswersChangedMeanwhile }
        let answer = saved ?? FinalAnswer()
        answer.$pairing.id = try pairing.requireID()
        answer.programID = pairing.$program.id
        answer.side = side
        answer.memberID = memberID
        answer.mostValuable = draft.mostValuable
        answer.results = draft.results
        answer.learned = draft.learned
        answer.closeness = draft.closeness
        answer.changed = draft.changed
        answer.understood = draft.understood
        answer.remembered = draft.remembered
        answer.continueTogether = draft.continueTogether
        answer.wantsToMentor = draft.wantsToMentor
        answer.writtenByName = name
        try await db.transaction { db in
            if let version, let sql = db as? any SQLDatabase {
                // Claims the version first: an edit from an older copy changes nothing.
                let claimed = try await sql.raw("""
                    UPDATE \(ident: FinalAnswer.schema) SET version = \(bind: version + 1)
                    WHERE id = \(bind: try answer.requireID()) AND COALESCE(version, 1) = \(bind: version) RETURNING id
                    """).all()
                if claimed.isEmpty { throw PairWorkError.finalAnswersChangedMeanwhile }
                answer.version = version + 1
                try await answer.save(on: db)
            } else {
                answer.version = 1
                do {
                    try await answer.save(on: db)
                } catch let error as any DatabaseError where error.isConstraintFailure {
                    throw PairWorkError.finalAnswersAlreadySaved
                }
            }
            if side == .mentor && draft.wantsToMentor {
                try await Mentor.query(on: db).filter(\.$id == pairing.$mentor.id).set(\.$longTerm, to: true).update()
            }
            // The mentee's «how close to the goal» is the indicators' average closeness.
            if side == .mentee { try await IndicatorCountsTable.refresh(pairings: [pairing.requireID()], on: db) }
        }
        return answer
    }

    struct Decision: Sendable {
        var decision: ClosureDecision
        var reason: String
        var newGoal: PairGoals.Draft?
    }

    /// The decision and, to continue, the new goal from the `next…` fields (the page's form and
    /// the API's `newGoal`, which its adapter spells the same way).
    static func decision(_ values: [String: String]) throws -> Decision {
        guard let decision = ClosureDecision(rawValue: values["decision"] ?? "") else {
            throw AppError.validation(["decision": "Выберите решение."])
        }
        var goal: PairGoals.Draft?
        if decision == .continue {
            let goalValues = ["horizon": values["nextHorizon"] ?? "short", "title": values["nextTitle"] ?? "", "dueOn": values["nextDueOn"] ?? "",
                              "indicator": values["nextIndicator"] ?? "", "desiredResult": values["nextDesiredResult"] ?? "", "actions": ""]
            switch PairGoals.parse(goalValues) {
            case .success(let draft): goal = draft
            case .failure(let error):
                guard case .validation(let errors) = error else { throw error }
                throw AppError.validation(Dictionary(uniqueKeysWithValues: errors.map { ("next" + $0.key.prefix(1).uppercased() + $0.key.dropFirst(), $0.value) }))
            }
        }
        return Decision(decision: decision, reason: values["reason"] ?? "", newGoal: goal)
    }

    /// Continue and finish are decided at the held final meeting; an early end needs a reason and
    /// may come from any side at any time.
    /// With `refreshCounts: false` the caller refreshes the indicators' counts itself, once, after all
    /// its changes (a withdrawal ending several pairs must not hold the counts' lock while it writes more rows).
    static func close(_ pairing: Pairing, _ decision: Decision, role: PairAccess.Role, by name: String, userID: UUID? = nil,
                      today: CalendarDay = .today(), refreshCounts: Bool = true, on db: any Database) async throws -> PairClosure {
        guard pairing.status == .formed else { throw PairWorkError.pairAlreadyClosed }
        let reason = decision.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.count > 2000 { throw AppError.validation(["reason": "Не более 2000 знаков."]) }
        switch decision.decision {
        case .earlyEnd:
            if reason.isEmpty { throw AppError.validation(["reason": "Укажите причину досрочного завершения."]) }
        case .continue, .finish:
            guard role == .curator else { throw PairWorkError.curatorOnly }
            let finalHeld = try await PairMeeting.query(on: db).filter(\.$pairing.$id == pairing.requireID())
                .filter(\.$kind == .final).filter(\.$status == .held).count()
            if finalHeld == 0 { throw AppError.validation(["decision": "Решение принимается на итоговой встрече: сначала отметьте её состоявшейся."]) }
            if decision.decision == .continue && decision.newGoal == nil {
                throw AppError.validation(["decision": "Для нового цикла поставьте новую цель."])
            }
        }
        let closure = PairClosure()
        closure.$pairing.id = try pairing.requireID()
        closure.programID = pairing.$program.id
        closure.decision = decision.decision
        closure.decidedByRole = role.russianName
        closure.reason = reason
        closure.decidedOn = today.iso
        closure.decidedByName = name
        closure.decidedByUserID = userID
        try await db.transaction { db in
            // Two decisions at once (two tabs, a withdrawal): the second waits here and finds the pair closed.
            try await RowLock.lock(Pairing.schema, id: pairing.requireID(), on: db)
            guard try await Pairing.query(on: db).filter(\.$id == pairing.requireID()).filter(\.$status == .formed).count() == 1 else {
                throw PairWorkError.pairAlreadyClosed
            }
            try await closure.create(on: db)
            if decision.decision == .continue, let goal = decision.newGoal {
                _ = try await PairGoals.create(goal, in: pairing, by: name, on: db)
                return
            }
            pairing.status = .finished
            try await pairing.save(on: db)
            // The children's places in the program are free again (the one-place index, M021).
            try await PairingMember.query(on: db).filter(\.$pairing.$id == pairing.requireID()).set(\.$holdsPlace, to: false).update()
            let menteeIDs = try await PairingMember.query(on: db).filter(\.$pairing.$id == pairing.requireID()).all()
                .filter(\.isAgreed).map(\.$mentee.id)
            // After an early end the mentee goes back to the base, so the curator can find another mentor.
            let menteeStatus: MenteeStatus = decision.decision == .finish ? .finished : .inBase
            if !menteeIDs.isEmpty {
                try await Mentee.query(on: db).filter(\.$id ~~ menteeIDs).filter(\.$status == .inPair).set(\.$status, to: menteeStatus).update()
            }
            let otherPairs = try await Pairing.query(on: db).filter(\.$mentor.$id == pairing.$mentor.id).filter(\.$status == .formed).count()
            if otherPairs == 0 {
                try await Mentor.query(on: db).filter(\.$id == pairing.$mentor.id).filter(\.$status == .active).set(\.$status, to: .resting).update()
            }
            // The pair's end decides its years and counts it finished or ended early.
            if refreshCounts { try await IndicatorCountsTable.refresh(pairings: [pairing.requireID()], on: db) }
        }
        return closure
    }

    /// A mentee who answered that they want to mentor becomes a candidate of the long-term
    /// mentor base (seed 001: «в том числе бывшие наставляемые»). Consent for the new purpose is
    /// asked again, so the new row starts without one. Moving twice finds the same row.
    /// The cards «бывший наставляемый» of the mentee's organization that bear the mentee's name and
    /// link to no mentee: how a copy made before M042 is recognised (`moveToLongTermBase`, and the
    /// mentee's consent withdrawal in `Consents.anonymizeLongTermCopies`).
    static func copiesBeforeTheLink(of mentee: Mentee, on db: any Database) -> QueryBuilder<Mentor> {
        let query = Mentor.query(on: db).filter(\.$organization.$id == mentee.$organization.id).filter(\.$formerMentee == true)
            .filter(\.$sourceMenteeID == nil).filter(\.$lastName == mentee.lastName).filter(\.$firstName == mentee.firstName)
        return mentee.middleName.map { query.filter(\.$middleName == $0) } ?? query.filter(\.$middleName == nil)
    }

    static func moveToLongTermBase(_ mentee: Mentee, form: MentoringForm, on db: any Database) async throws -> (Mentor, created: Bool) {
        let menteeID = try mentee.requireID()
        // Its own copy first (M042); a card copied before M042 by its name, and then marked as its copy.
        let own = try await Mentor.query(on: db).filter(\.$sourceMenteeID == menteeID).filter(\.$anonymizedAt == nil).first()
        let found: Mentor? = if let own { own } else { try await copiesBeforeTheLink(of: mentee, on: db).first() }
        if let mentor = found {
            if !mentor.longTerm || mentor.sourceMenteeID == nil {
                mentor.longTerm = true
                mentor.sourceMenteeID = menteeID
                try await mentor.save(on: db)
            }
            return (mentor, false)
        }
        let mentor = Mentor()
        mentor.$organization.id = mentee.$organization.id
        mentor.municipalityID = mentee.municipalityID
        mentor.regionID = mentee.regionID
        // One account, one card (M021): an account that already has a mentor card here keeps that one.
        if let userID = mentee.$user.id, try await Mentor.query(on: db).filter(\.$organization.$id == mentee.$organization.id)
            .filter(\.$user.$id == userID).count() == 0 {
            mentor.$user.id = userID
        }
        mentor.lastName = mentee.lastName
        mentor.firstName = mentee.firstName
        mentor.middleName = mentee.middleName
        mentor.birthDate = mentee.birthDate
        mentor.isMinor = mentee.isMinor
        // A young teacher mentored by a teacher becomes a teacher mentor; a pupil or a student a student mentor.
        mentor.origin = form == .teacherTeacher ? .teacher : .student
        mentor.contour = .internal
        let mentorForm: MentoringForm = switch form {
        case .teacherTeacher: .teacherTeacher
        case .employerStudent: .collegeStudentPupil
        default: .studentStudent
        }
        mentor.formsMask = MentoringForm.mask([mentorForm])
        mentor.capacity = 1
        mentor.meetingPlace = .inPerson
        mentor.phone = mentee.phone
        mentor.email = mentee.email
        mentor.status = .candidate
        mentor.longTerm = true
        mentor.formerMentee = true
        mentor.sourceMenteeID = menteeID
        mentor.consentState = .missing
        mentor.enteredOn = Date()
        mentor.updateSearchKey()
        try await mentor.create(on: db)
        return (mentor, true)
    }
}
