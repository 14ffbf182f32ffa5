import Fluent
import Vapor

/// A program's selection as the curator works with it: the candidates in the selection with
/// their application questionnaire, interview, test and decision, and the candidates not added
/// yet. The pages and the API show the same rows.
struct SelectionBoard: Sendable {
    struct MentorApplication: Content, Equatable {
        let questionnaireID: UUID
        let submittedAt: Date?
        /// The mentor's own 1–5 answer to «Насколько вы готовы к роли наставника психологически?».
        let selfAssessedReadiness: Int?
    }

    struct Candidate: Content {
        let mentorID: UUID
        let fullName: String
        let origin: MentorOrigin
        let originName: String
        let contourName: String
        let isStudent: Bool
        let forms: [MentoringForm]
        let formNames: String
        let competencies: String
        let lifeExperience: String
        let capacity: Int
        let status: MentorStatus
        let statusName: String
        let application: MentorApplication?
        let interviewedOn: String?
        let interviewer: String?
        let readiness: PsychologicalReadiness?
        let readinessName: String?
        let interviewConclusion: String?
        let testedOn: String?
        let communicationScore: Int?
        let empathyScore: Int?
        let skillGaps: [String]
        let decision: SelectionDecision
        let decisionName: String
        let decisionReason: String?
        let decidedAt: Date?
        let decidedBy: String?
    }

    struct Available: Encodable, Sendable {
        let mentorID: UUID
        let fullName: String
        let originName: String
        let formNames: String
        let statusName: String
    }

    /// A candidate in the selection as it is stored, for the API's own type.
    struct Entry: Sendable {
        let mentor: Mentor
        let selection: MentorSelection
        let application: MentorApplication?
    }

    let inSelection: [Candidate]
    let available: [Available]
    let criteria: SelectionCriteria
    var entries: [Entry] = []
    var availableMentors: [Mentor] = []

    static func load(program: Program, on db: any Database) async throws -> SelectionBoard {
        let candidates = try await SelectionService.candidates(of: program, on: db)
        let selections = try await SelectionService.selections(of: program, on: db)
        let criteria = try await SelectionCriteria.load(program: program, candidates: candidates, selections: selections, on: db)
        let chosen = candidates.filter { $0.id.map { selections[$0] != nil } ?? false }
        let applications = try await applications(of: chosen, organizationID: program.$organization.id, on: db)
        let entries = try chosen.map { mentor in
            Entry(mentor: mentor, selection: selections[try mentor.requireID()]!, application: mentor.$user.id.flatMap { applications[$0] })
        }
        let others = candidates.filter { $0.id.map { selections[$0] == nil } ?? false }
        return SelectionBoard(
            inSelection: entries.map { candidate($0.mentor, $0.selection, application: $0.application) },
            available: try others.map {
                Available(mentorID: try $0.requireID(), fullName: $0.fullName, originName: $0.origin.russianName,
                          formNames: $0.forms.map(\.russianName).joined(separator: ", "), statusName: $0.status.russianName)
            },
            criteria: criteria, entries: entries, availableMentors: others)
    }

    static func candidate(_ mentor: Mentor, _ selection: MentorSelection, application: MentorApplication?) -> Candidate {
        Candidate(
            mentorID: mentor.id ?? UUID(), fullName: mentor.fullName, origin: mentor.origin, originName: mentor.origin.russianName,
            contourName: mentor.contour.russianName, isStudent: mentor.origin == .student, forms: mentor.forms,
            formNames: mentor.forms.map(\.russianName).joined(separator: ", "), competencies: mentor.competencies ?? "",
            lifeExperience: mentor.lifeExperience ?? "", capacity: mentor.capacity, status: mentor.status, statusName: mentor.status.russianName,
            application: application, interviewedOn: selection.interviewedOn.flatMap(CalendarDay.init(iso:))?.russian,
            interviewer: selection.interviewer, readiness: selection.readiness, readinessName: selection.readiness?.russianName,
            interviewConclusion: selection.interviewConclusion, testedOn: selection.testedOn.flatMap(CalendarDay.init(iso:))?.russian,
            communicationScore: selection.communicationScore, empathyScore: selection.empathyScore, skillGaps: selection.gapList,
            decision: selection.decision, decisionName: selection.decision.russianName, decisionReason: selection.decisionReason,
            decidedAt: selection.decidedAt, decidedBy: selection.decidedBy)
    }

    /// The latest mentor application (a questionnaire with the «мотивация наставника» question,
    /// whatever its wording) of each person, read by `QuestionKey` as `TypedAnswers` does: filled in
    /// the program's organization, or — for a partner's mentor — in the mentor's own organization,
    /// where the partner's curator sent it. Another organization's answers of the same account stay out.
    static func applications(of mentors: [Mentor], organizationID: UUID, on db: any Database) async throws -> [UUID: MentorApplication] {
        var places: [UUID: Set<UUID>] = [:]
        for mentor in mentors {
            guard let userID = mentor.$user.id else { continue }
            places[userID, default: [organizationID]].insert(mentor.$organization.id)
        }
        guard !places.isEmpty else { return [:] }
        let organizations = Array(places.values.reduce(into: Set<UUID>()) { $0.formUnion($1) })
        let answers = try await Answer.query(on: db)
            .filter(\.$organizationID ~~ organizations).filter(\.$respondent.$id ~~ Array(places.keys))
            .sort(\.$submittedAt, .ascending).with(\.$version).all()
        var result: [UUID: MentorApplication] = [:]
        for answer in answers {
            guard let person = answer.$respondent.id, places[person]?.contains(answer.organizationID) == true,
                  let definition = try? answer.version.definition(),
                  definition.questions.contains(where: { $0.key == .mentorMotivation }) else { continue }
            let readiness = (try? answer.sheet()).flatMap { TypedAnswers.value(.mentorReadiness, in: $0, definition: definition)?.scaleValue }
            result[person] = MentorApplication(questionnaireID: answer.$questionnaire.id, submittedAt: answer.submittedAt, selfAssessedReadiness: readiness)
        }
        return result
    }
}
