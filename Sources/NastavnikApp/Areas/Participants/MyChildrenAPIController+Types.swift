import Vapor

/// The API's own types of «Мои дети»: the same children, consents and proposals as the page, as
/// codes, ISO dates and names, without the page's sentences («действует с …, подпись: …»). Only
/// the children linked to the token's owner are ever listed (`GuardianLinks`), and a withdrawn
/// child's name is the anonymized one stored.
extension MyChildrenAPIController {
    struct ChildConsent: Content {
        let purpose: ConsentPurpose
        /// The consent's Russian name, as the text calls it.
        let purposeName: String
        let valid: Bool
        /// The consent in force, which the representative may withdraw.
        let consentID: UUID?
        let givenOn: String?
        let signedBy: String?
        /// Given in the representative's app at this moment; absent for a paper consent entered by the curator.
        let givenAt: Date?
        /// The exact text: the one agreed to, else the one to agree to.
        let text: String
        let textHash: String

        init?(_ consent: MyChildrenController.Page.Consent) {
            guard let purpose = ConsentPurpose(rawValue: consent.code) else { return nil }
            self.purpose = purpose; purposeName = consent.purpose; valid = consent.valid; consentID = consent.consentID
            givenOn = consent.givenOn.map { day in
                // Stored as midnight UTC, the day the form says (`FieldParsing`).
                let parts = FieldParsing.calendar.dateComponents([.year, .month, .day], from: day)
                return CalendarDay(year: parts.year ?? 2000, month: parts.month ?? 1, day: parts.day ?? 1).iso
            }; signedBy = consent.signedBy; givenAt = consent.givenAt
            text = consent.text; textHash = consent.textHash
        }
    }

    struct ChildProgram: Content {
        let programID: UUID?
        let name: String
        let organization: String
        let startsOn: String
        let endsOn: String
        /// The program's stage, 1–7.
        let stage: ProgramStage
        let place: GuardianChildPrograms.Place

        init(_ row: MyChildrenController.Page.ProgramRow) {
            programID = row.programID; name = row.name; organization = row.organization; startsOn = row.startsOn; endsOn = row.endsOn
            stage = row.stageCode; place = row.place
        }
    }

    struct ChildProposal: Content {
        let memberID: UUID
        /// The child's side in the pair.
        let side: PairingAnswers.Side
        let programID: UUID?
        let program: String
        let scheme: PairingScheme?
        let status: MyChildrenController.Page.ProposalStatus
        let mentor: String
        let mentorDetail: String
        /// The other side of the pair: the mentor, or the mentee of a child mentor.
        let partner: String
        let menteeAnswer: PairingAnswer
        let mentorAnswer: PairingAnswer
        let childAgreed: Bool
        let mayAnswer: Bool

        init(_ proposal: MyChildrenController.Page.Proposal) {
            memberID = proposal.memberID; side = proposal.side; programID = proposal.programID; program = proposal.program
            scheme = proposal.schemeCode; status = proposal.status; mentor = proposal.mentor; mentorDetail = proposal.mentorDetail
            partner = proposal.partner; menteeAnswer = proposal.menteeAnswerCode; mentorAnswer = proposal.mentorAnswerCode
            childAgreed = proposal.childAgreed; mayAnswer = proposal.mayAnswer
        }
    }

    struct Child: Content {
        let id: UUID
        /// The base the child's card is in: `mentee`, or `mentor` for a pupil mentor.
        let kind: BaseKind
        let fullName: String
        /// The class (a mentee) or the position (a pupil mentor).
        let className: String
        let organization: String
        let agreement: AgreementRule.Parties
        let consents: [ChildConsent]
        let proposals: [ChildProposal]
        let programs: [ChildProgram]

        init(_ child: MyChildrenController.Page.Child) {
            id = child.id; kind = child.kind == BaseKind.mentor.pathComponent ? .mentor : .mentee
            fullName = child.fullName; className = child.className; organization = child.organization; agreement = child.agreementCode
            consents = child.consents.compactMap(ChildConsent.init); proposals = child.proposals.map(ChildProposal.init)
            programs = child.programs.map(ChildProgram.init)
        }
    }
}
