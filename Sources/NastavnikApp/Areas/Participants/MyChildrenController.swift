import Fluent
import Vapor

/// «Мои дети»: a legal representative sees the children linked to them (and nothing else of the
/// organization): each child's consents and the pairs proposed to the child, and agrees or
/// declines for the child — without that agreement, or the curator's record of a paper one, a
/// minor's pair does not form.
struct MyChildrenController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("me", "children", use: index)
        routes.post("me", "children", "pairs", ":memberID", "answer", use: answer)
    }

    struct Page: Encodable {
        struct Consent: Encodable { let purpose: String; let state: String; let valid: Bool }
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
        }
        struct Child: Encodable {
            let id: UUID
            let fullName: String
            let className: String
            let organization: String
            let consents: [Consent]
            let proposals: [Proposal]
        }
        let children: [Child]
        /// The buttons in the words of the signed-in representative: «Согласна на участие ребёнка
        /// в паре» / «Не согласна»; both forms when their gender is unknown. Not part of the API.
        var acceptLabel = Self.acceptLabel(for: nil)
        var declineLabel = Self.declineLabel(for: nil)
        static func acceptLabel(for gender: Gender?) -> String {
            Gender.form(gender, male: "Согласен", female: "Согласна") + " на участие ребёнка в паре"
        }
        static func declineLabel(for gender: Gender?) -> String { "Не " + Gender.form(gender, male: "согласен", female: "согласна") }
    }

    static func page(for userID: UUID, on db: any Database) async throws -> Page {
        let children = try await GuardianLinks.children(of: userID, on: db)
        let ids = children.compactMap(\.id)
        guard !ids.isEmpty else { return Page(children: []) }
        let representative = try await User.find(userID, on: db)?.gender
        let consents = try await ConsentRecord.query(on: db).filter(\.$subjectKind == .mentee).filter(\.$subjectID ~~ ids).all()
        let members = try await PairingMember.query(on: db).filter(\.$mentee.$id ~~ ids)
            .with(\.$pairing) { $0.with(\.$mentor).with(\.$program) }.all()
            .filter { [.proposed, .formed, .finished].contains($0.pairing.status) }
        return Page(children: children.map { child in
            let own = consents.filter { $0.subjectID == child.id && $0.isActive }
            return Page.Child(
                id: child.id!, fullName: child.fullName, className: child.className ?? "", organization: child.organization.shortName,
                consents: ConsentPurpose.allCases.map { purpose in
                    let record = own.filter { $0.purpose == purpose }.max { $0.givenOn < $1.givenOn }
                    return Page.Consent(purpose: purpose.russianName,
                                        // The signer is a name typed by hand, its gender unknown: no verb to agree.
                                        state: record.map { "действует с \(FieldParsing.text($0.givenOn)), подпись: \($0.givenByName)" } ?? "нет",
                                        valid: record != nil)
                },
                proposals: members.filter { $0.$mentee.id == child.id }
                    .sorted { ($0.pairing.proposedAt ?? .distantPast) > ($1.pairing.proposedAt ?? .distantPast) }
                    .map { member in
                        let mentor = member.pairing.mentor
                        return Page.Proposal(
                            memberID: member.id!, mentor: mentor.fullName,
                            mentorDetail: [mentor.position, mentor.workplace].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "),
                            program: member.pairing.program.name, scheme: member.pairing.scheme.russianName,
                            statusName: member.isAgreed ? "Пара сформирована" : member.isDeclined ? "Пара не состоялась" : "Ждёт ответов",
                            // Each answer agrees with its side: the child's with the child, the mentor's with the mentor.
                            menteeAnswer: member.menteeAnswer.russianName(for: child.gender),
                            mentorAnswer: member.mentorAnswer.russianName(for: mentor.gender),
                            childAgreed: member.menteeAnswer == .pending && member.menteeAnswerNote == PairingAnswers.minorWishNote,
                            mayAnswer: member.menteeAnswer == .pending && !member.isDeclined && member.pairing.status != .finished)
                    })
        }, acceptLabel: Page.acceptLabel(for: representative), declineLabel: Page.declineLabel(for: representative))
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
        let principal = try req.requirePrincipal()
        guard let memberID = req.parameters.get("memberID", as: UUID.self),
              let member = try await PairingMember.query(on: req.db).filter(\.$id == memberID).with(\.$pairing).with(\.$mentee).first(),
              try await GuardianLinks.represents(userID: principal.userID, mentee: member.mentee, on: req.db) else {
            throw AppError.notFound
        }
        guard let answer = PairingAnswer(rawValue: try req.formValues()["answer"] ?? ""), answer != .pending else {
            throw AppError.badRequest("Выберите: согласен или отказываюсь.")
        }
        do {
            let outcome = try await req.db.transaction { db in
                try await PairingAnswers.answer(member, side: .mentee, answer: answer, note: nil, by: .guardian(userID: principal.userID), on: db)
            }
            try await req.audit(.pairingAnswered, organizationID: member.pairing.organizationID, objectType: "pairingMember", objectID: member.id,
                                details: "mentee: \(answer.russianName), \(PairingAnswers.guardianAppNote)")
            let message = switch outcome {
            case .formed: "Спасибо! Согласие записано, наставник тоже согласен — пара сформирована."
            case .declined: "Отказ записан. Куратор продолжит подбор наставника для ребёнка."
            case .waiting: "Спасибо, согласие записано. Ждём ответа наставника."
            }
            return req.redirect(to: "/me/children", flash: FlashMessage(.success, message))
        } catch AppError.validation(let errors) {
            return req.redirect(to: "/me/children", flash: FlashMessage(.error, errors.values.sorted().joined(separator: " ")))
        } catch AppError.conflict(let message) {
            return req.redirect(to: "/me/children", flash: FlashMessage(.error, message))
        }
    }
}
