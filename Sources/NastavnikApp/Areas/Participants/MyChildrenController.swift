import Fluent
import Vapor

/// «Мои дети»: a legal representative sees the children linked to them (and nothing else of the
/// organization): each child's consents and the pairs proposed to the child, and agrees or
/// declines for the child — without that agreement, or the curator's record of a paper one, a
/// minor's pair does not form.
struct MyChildrenController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.MyChildren.index, use: index)
        routes.on(SiteRoute.MyChildren.answer, use: answer)
        GuardianConsentsController().register(on: routes)
    }

    struct Page: Encodable {
        struct Consent: Encodable {
            let purpose: String
            let state: String
            let valid: Bool
            /// `ConsentPurpose`'s code, for the form.
            var code = ""
            /// The consent in force, which the representative may withdraw.
            var consentID: UUID?
            /// «в личном кабинете …» or «на бумаге, внёс куратор».
            var source = ""
            /// The exact text: the one agreed for a consent given in the app, else the one to agree to.
            var text = ""
            var textHash = ""
            /// As stored, for the API: the day, the signer and, when given in the app, the moment.
            var givenOn: Date?
            var signedBy: String?
            var givenAt: Date?
        }
        /// A program the child takes part in or waits in, and where the child is in it.
        struct ProgramRow: Encodable {
            let name: String
            let organization: String
            let period: String
            let stage: String
            let childPlace: String
            /// As stored, for the API.
            var programID: UUID?
            var startsOn = ""
            var endsOn = ""
            var stageCode = ProgramStage.preparation
            var place = GuardianChildPrograms.Place.waitingForMentor
        }
        struct Proposal: Encodable {
            let memberID: UUID
            let mentor: String
            let mentorDetail: String
            let program: String
            let scheme: String
            let statusName: String
            let menteeAnswer: String
            let mentorAnswer: String
            /// The child said «согласен» alone and waits for the representative.
            let childAgreed: Bool
            let mayAnswer: Bool
            /// The child's side in the pair: `mentee`, or `mentor` for a pupil or student mentor.
            var side = PairingAnswers.Side.mentee
            /// The other side of the pair, as the page names it.
            var partner = ""
            var partnerRole = "Наставник"
            /// As stored, for the API: the program, the scheme, both answers and where the pair is.
            var programID: UUID?
            var schemeCode: PairingScheme?
            var menteeAnswerCode = PairingAnswer.pending
            var mentorAnswerCode = PairingAnswer.pending
            var status = ProposalStatus.waiting
        }
        /// Where a proposed pair is, as the API names it (`statusName` on the page).
        enum ProposalStatus: String, Codable, CaseIterable, Sendable {
            case waiting, waitingForChild, formed, declined
        }
        struct Child: Encodable {
            let id: UUID
            let fullName: String
            let className: String
            let organization: String
            let consents: [Consent]
            let proposals: [Proposal]
            /// `mentees` or `mentors`: the base the child's card is in, for the consent forms.
            var kind = BaseKind.mentee.pathComponent
            /// Who must agree to a pair for this child (`AgreementRule`), as the page says it.
            var agreement = ""
            var programs: [ProgramRow] = []
            var agreementCode = AgreementRule.Parties.personAlone
        }
        let children: [Child]
        /// The buttons in the words of the signed-in representative: «Согласна на участие ребёнка
        /// в паре» / «Не согласна»; both forms when their gender is unknown. Not part of the API.
        var acceptLabel = Self.acceptLabel(for: nil)
        var declineLabel = Self.declineLabel(for: nil)
        var confirmLabel = Self.confirmLabel(for: nil)
        static func confirmLabel(for gender: Gender?) -> String {
            "Я " + Gender.form(gender, male: "прочитал", female: "прочитала") + " текст согласия и даю его как законный представитель"
        }
        static func acceptLabel(for gender: Gender?) -> String {
            Gender.form(gender, male: "Согласен", female: "Согласна") + " на участие ребёнка в паре"
        }
        static func declineLabel(for gender: Gender?) -> String { "Не " + Gender.form(gender, male: "согласен", female: "согласна") }
    }

    static func page(for userID: UUID, on db: any Database) async throws -> Page {
        let children = try await GuardianLinks.children(of: userID, on: db)
        let mentorChildren = try await GuardianLinks.mentorChildren(of: userID, on: db)
        guard !children.isEmpty || !mentorChildren.isEmpty else { return Page(children: []) }
        let representative = try await User.find(userID, on: db)?.gender
        let ids = children.compactMap(\.id), mentorIDs = mentorChildren.compactMap(\.id)
        let consents = try await ConsentRecord.query(on: db).filter(\.$subjectKind == .mentee).filter(\.$subjectID ~~ ids).all()
        let mentorConsents = try await ConsentRecord.query(on: db).filter(\.$subjectKind == .mentor).filter(\.$subjectID ~~ mentorIDs).all()
        let members = try await PairingMember.query(on: db).filter(\.$mentee.$id ~~ ids)
            .with(\.$pairing) { $0.with(\.$mentor).with(\.$program) }.all()
            .filter { [.proposed, .formed, .finished].contains($0.pairing.status) }
        // The pairs a minor mentor was proposed in, one row per mentee of the pair.
        let mentorMembers = mentorIDs.isEmpty ? [] : try await PairingMember.query(on: db).with(\.$mentee)
            .join(Pairing.self, on: \PairingMember.$pairing.$id == \Pairing.$id).filter(Pairing.self, \.$mentor.$id ~~ mentorIDs)
            .with(\.$pairing) { $0.with(\.$mentor).with(\.$program) }.all()
            .filter { [.proposed, .formed, .finished].contains($0.pairing.status) }
        let agreedTexts = try await ConsentTexts.texts((consents + mentorConsents).compactMap(\.textHash), on: db)
        func consentRows(_ own: [ConsentRecord], kind: BaseKind, organization: Organization) -> [Page.Consent] {
            ConsentPurpose.allCases.map { purpose in
                let record = own.filter { $0.purpose == purpose }.max { $0.givenOn < $1.givenOn }
                let wording = ConsentTexts.forGuardian(purpose, organization: organization, kind: kind)
                let source = record.map { record in
                    record.givenAt.map { "в личном кабинете законного представителя, \(RussianDate.dateTime($0))" } ?? "на бумаге, внесено куратором"
                } ?? ""
                return Page.Consent(purpose: purpose.russianName,
                                    // The signer is a name typed by hand, its gender unknown: no verb to agree.
                                    state: record.map { "действует с \(FieldParsing.text($0.givenOn)), подпись: \($0.givenByName)" } ?? "нет",
                                    valid: record != nil, code: purpose.rawValue, consentID: record?.id, source: source,
                                    text: record?.textHash.flatMap { agreedTexts[$0] } ?? wording.text,
                                    textHash: record?.textHash ?? wording.hash,
                                    givenOn: record?.givenOn, signedBy: record?.givenByName, givenAt: record?.givenAt)
            }
        }
        let programs = try await GuardianChildPrograms.rows(mentees: children, mentors: mentorChildren, on: db)
        func sorted(_ rows: [PairingMember]) -> [PairingMember] {
            rows.sorted { ($0.pairing.proposedAt ?? .distantPast) > ($1.pairing.proposedAt ?? .distantPast) }
        }
        let menteeRows = children.map { child in
            Page.Child(
                id: child.id!, fullName: child.fullName, className: child.className ?? "", organization: child.organization.shortName,
                consents: consentRows(consents.filter { $0.subjectID == child.id && $0.isActive }, kind: .mentee, organization: child.organization),
                proposals: sorted(members.filter { $0.$mentee.id == child.id }).map { member in
                    let mentor = member.pairing.mentor
                    return Page.Proposal(
                        memberID: member.id!, mentor: mentor.fullName,
                        mentorDetail: [mentor.position, mentor.workplace].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "),
                        program: member.pairing.program.name, scheme: member.pairing.scheme.russianName,
                        statusName: Self.statusName(member, side: .mentee),
                        // Each answer agrees with its side: the child's with the child, the mentor's with the mentor.
                        menteeAnswer: member.menteeAnswer.russianName(for: child.gender),
                        mentorAnswer: member.mentorAnswer.russianName(for: mentor.gender),
                        childAgreed: member.menteeAnswer == .pending && member.menteeAnswerNote == PairingAnswers.minorWishNote,
                        mayAnswer: member.menteeAnswer == .pending && !member.isDeclined && member.pairing.status != .finished
                            && member.menteeAnswerNote != PairingAnswers.guardianWaitsNote(.mentee),
                        side: .mentee, partner: mentor.fullName, partnerRole: "Наставник",
                        programID: member.pairing.$program.id, schemeCode: member.pairing.scheme,
                        menteeAnswerCode: member.menteeAnswer, mentorAnswerCode: member.mentorAnswer, status: Self.status(member, side: .mentee))
                }, kind: BaseKind.mentee.pathComponent, agreement: AgreementRule.whoMustAgree(for: child).russianName,
                programs: programs[child.id!] ?? [], agreementCode: AgreementRule.whoMustAgree(for: child))
        }
        let mentorRows = mentorChildren.map { child in
            Page.Child(
                id: child.id!, fullName: child.fullName, className: child.position ?? "", organization: child.organization.shortName,
                consents: consentRows(mentorConsents.filter { $0.subjectID == child.id && $0.isActive }, kind: .mentor, organization: child.organization),
                proposals: sorted(mentorMembers.filter { $0.pairing.$mentor.id == child.id }).map { member in
                    Page.Proposal(
                        memberID: member.id!, mentor: child.fullName, mentorDetail: child.position ?? "",
                        program: member.pairing.program.name, scheme: member.pairing.scheme.russianName,
                        statusName: Self.statusName(member, side: .mentor),
                        menteeAnswer: member.menteeAnswer.russianName(for: member.mentee.gender),
                        mentorAnswer: member.mentorAnswer.russianName(for: child.gender),
                        childAgreed: member.mentorAnswer == .pending && member.mentorAnswerNote == PairingAnswers.minorMentorWishNote,
                        mayAnswer: member.mentorAnswer == .pending && !member.isDeclined && member.pairing.status != .finished
                            && member.mentorAnswerNote != PairingAnswers.guardianWaitsNote(.mentor),
                        side: .mentor, partner: member.mentee.fullName, partnerRole: "Наставляемый",
                        programID: member.pairing.$program.id, schemeCode: member.pairing.scheme,
                        menteeAnswerCode: member.menteeAnswer, mentorAnswerCode: member.mentorAnswer, status: Self.status(member, side: .mentor))
                }, kind: BaseKind.mentor.pathComponent, agreement: AgreementRule.whoMustAgree(for: child).russianName,
                programs: programs[child.id!] ?? [], agreementCode: AgreementRule.whoMustAgree(for: child))
        }
        return Page(children: menteeRows + mentorRows, acceptLabel: Page.acceptLabel(for: representative), declineLabel: Page.declineLabel(for: representative),
                    confirmLabel: Page.confirmLabel(for: representative))
    }

    private static func status(_ member: PairingMember, side: PairingAnswers.Side) -> Page.ProposalStatus {
        let note = side == .mentee ? member.menteeAnswerNote : member.mentorAnswerNote
        if !member.isAgreed, !member.isDeclined, note == PairingAnswers.guardianWaitsNote(side) { return .waitingForChild }
        return member.isAgreed ? .formed : member.isDeclined ? .declined : .waiting
    }

    private static func statusName(_ member: PairingMember, side: PairingAnswers.Side) -> String {
        switch status(member, side: side) {
        case .waitingForChild: "Ваше согласие записано; ребёнку 14–17 лет, поэтому нужно и его собственное согласие в «Мои пары»"
        case .formed: "Пара сформирована"
        case .declined: "Пара не состоялась"
        case .waiting: "Ждёт ответов"
        }
    }

    /// GET /me/children
    @Sendable func index(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        return try await req.page("participants/children", title: "Мои дети", breadcrumbs: [.init("Главная", "/"), .init("Мои дети")],
                                  content: try await Self.page(for: principal.userID, on: req.db))
    }

    /// POST /me/children/pairs/:memberID/answer — `answer` is `accepted` or `declined`, given for
    /// the child by their linked representative; any other pair is not found.
    @Sendable func answer(req: Request) async throws -> Response {
        _ = try req.requirePrincipal()
        guard let memberID = req.parameters.get("memberID", as: UUID.self) else { throw AppError.notFound }
        // The child's side: `side=mentor` when the child is the pair's minor mentor.
        let side: PairingAnswers.Side = try req.formValues()["side"] == PairingAnswers.Side.mentor.rawValue ? .mentor : .mentee
        guard let answer = PairingAnswer(rawValue: try req.formValues()["answer"] ?? ""), answer != .pending else {
            // Whose child it is comes first: anyone else's pair is not found, whatever was sent.
            _ = try await PairingService.representedSide(memberID: memberID, side: side, by: req.auditActor, on: req.db)
            throw AppError.badRequest("Выберите: согласен или отказываюсь.")
        }
        do {
            let (member, outcome) = try await PairingService.answerAsGuardian(memberID: memberID, side: side, answer: answer, by: req.auditActor, on: req.db)
            let message = switch outcome {
            case .formed: "Спасибо! Согласие записано, вторая сторона тоже согласна — пара сформирована."
            case .declined: "Отказ записан. Куратор продолжит подбор."
            case .waiting where (side == .mentee ? member.menteeAnswerNote : member.mentorAnswerNote) == PairingAnswers.guardianWaitsNote(side):
                "Спасибо, ваше согласие записано. Ребёнку 14–17 лет: пара сформируется, когда согласится и он сам (в «Мои пары» или у куратора)."
            case .waiting: "Спасибо, согласие записано. Ждём ответа второй стороны."
            }
            return req.redirect(to: SiteRoute.MyChildren.index.path(), flash: FlashMessage(.success, message))
        } catch {
            guard let message = PairingRefusal.message(error) else { throw error }
            return req.redirect(to: SiteRoute.MyChildren.index.path(), flash: FlashMessage(.error, message))
        }
    }
}
