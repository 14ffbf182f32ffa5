import Fluent
import Vapor

/// «Мои пары»: a mentor or mentee sees the pairs proposed to them and answers — the consent
/// of both sides without which no pair forms — and, once formed and fixed, with whom they work.
struct MyPairsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.MyPairs.index, use: index)
        routes.on(SiteRoute.MyPairs.answer, use: answer)
    }

    struct Row: Encodable {
        let memberID: UUID
        let pairingID: UUID
        let side: String
        let program: String
        let organization: String
        /// The other side: the mentor for a mentee, the mentee for a mentor.
        let partner: String
        let partnerDetail: String
        let scheme: String
        let statusName: String
        let ownAnswer: String
        let otherAnswer: String
        let mayAnswer: Bool
        /// «Согласен работать в паре» / «Согласна …», by the person's gender.
        let acceptLabel: String
        let isFormed: Bool
        let order: String
        let explanation: [String]
    }

    struct Page: Encodable {
        let rows: [Row]
    }

    /// Everything proposed to or formed with the person, newest first.
    static func rows(for userID: UUID, on db: any Database) async throws -> [Row] {
        let menteeIDs = try await Mentee.query(on: db).filter(\.$user.$id == userID).all(\.$id)
        let mentorIDs = try await Mentor.query(on: db).filter(\.$user.$id == userID).all(\.$id)
        var rows: [(Date, Row)] = []
        let visible: [PairingStatus] = [.proposed, .formed, .finished]
        if !menteeIDs.isEmpty {
            let members = try await PairingMember.query(on: db).filter(\.$mentee.$id ~~ menteeIDs).with(\.$mentee)
                .with(\.$pairing) { $0.with(\.$mentor).with(\.$program) { $0.with(\.$organization) } }.all()
            for member in members where visible.contains(member.pairing.status) {
                rows.append((member.pairing.proposedAt ?? .distantPast, row(member, pairing: member.pairing, side: .mentee,
                    partner: member.pairing.mentor.fullName,
                    partnerDetail: [member.pairing.mentor.position, member.pairing.mentor.workplace].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "))))
            }
        }
        if !mentorIDs.isEmpty {
            let pairings = try await Pairing.query(on: db).filter(\.$mentor.$id ~~ mentorIDs).filter(\.$status ~~ visible)
                .with(\.$mentor).with(\.$program) { $0.with(\.$organization) }.with(\.$members) { $0.with(\.$mentee) }.all()
            for pairing in pairings {
                for member in pairing.members {
                    rows.append((pairing.proposedAt ?? .distantPast, row(member, pairing: pairing, side: .mentor, partner: member.mentee.fullName,
                                                                          partnerDetail: member.mentee.className ?? "")))
                }
            }
        }
        return rows.sorted { $0.0 > $1.0 }.map(\.1)
    }

    private static func row(_ member: PairingMember, pairing: Pairing, side: PairingAnswers.Side, partner: String, partnerDetail: String) -> Row {
        let own = side == .mentee ? member.menteeAnswer : member.mentorAnswer
        let other = side == .mentee ? member.mentorAnswer : member.menteeAnswer
        // A minor's own «согласен» waits for the legal representative's agreement (`AgreementRule`);
        // for 14–17 the representative's waits for the child's.
        let ownNote = side == .mentee ? member.menteeAnswerNote : member.mentorAnswerNote
        let awaitsGuardian = own == .pending && ownNote == PairingAnswers.wishNote(side)
        let guardianAgreed = own == .pending && ownNote == PairingAnswers.guardianWaitsNote(side)
        // The words agree with whoever answered: «Согласна» to a woman, «Отказался» of a man.
        let menteeGender = member.$mentee.value?.gender, mentorGender = pairing.$mentor.value?.gender
        let ownGender = side == .mentee ? menteeGender : mentorGender
        let otherGender = side == .mentee ? mentorGender : menteeGender
        return Row(
            memberID: member.id!, pairingID: pairing.id!, side: side.rawValue, program: pairing.program.name, organization: pairing.program.organization.shortName,
            partner: partner, partnerDetail: partnerDetail, scheme: pairing.scheme.russianName,
            statusName: member.isAgreed ? "Пара сформирована" : member.isDeclined ? "Пара не состоялась"
                : awaitsGuardian ? "Ждёт согласия законного представителя"
                : guardianAgreed ? "Законный представитель согласен, ждёт вашего ответа" : "Ждёт ответов",
            ownAnswer: awaitsGuardian ? "\(PairingAnswer.accepted.russianName(for: ownGender)) (нужно согласие законного представителя)"
                : own.russianName(for: ownGender),
            otherAnswer: other.russianName(for: otherGender),
            mayAnswer: own == .pending && !member.isDeclined && pairing.status != .finished,
            acceptLabel: Gender.form(ownGender, male: "Согласен", female: "Согласна") + " работать в паре",
            isFormed: member.isAgreed,
            order: pairing.orderNumber.map { "Закреплена приказом № \($0)" + (pairing.orderOn.flatMap(CalendarDay.init(iso:)).map { " от \($0.russian)" } ?? "") } ?? "",
            explanation: MatchingRunner.explanationForParticipants(member.explanationLines))
    }

    /// GET /me/pairs
    @Sendable func index(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        return try await req.page("pairing/mine", title: "Мои пары", breadcrumbs: [.init("Главная", "/"), .init("Мои пары")],
                                  content: Page(rows: try await Self.rows(for: principal.userID, on: req.db)))
    }

    /// POST /me/pairs/:memberID/answer — `answer` is `accepted` or `declined`; only for the person's own side.
    @Sendable func answer(req: Request) async throws -> Response {
        _ = try req.requirePrincipal()
        guard let memberID = req.parameters.get("memberID", as: UUID.self) else { throw AppError.notFound }
        let given = PairingAnswer(rawValue: try req.formValues()["answer"] ?? "")
        do {
            guard let answer = given, answer != .pending else {
                // Whose pair it is comes first: anyone else's is not found, whatever was sent.
                _ = try await PairingService.ownSide(memberID: memberID, by: req.auditActor, on: req.db)
                throw AppError.badRequest("Выберите: согласен или отказываюсь.")
            }
            let own = try await PairingService.answerOwn(memberID: memberID, answer: answer, by: req.auditActor, on: req.db)
            let message = switch own.outcome {
            case .formed: "Спасибо! Обе стороны согласны — пара сформирована."
            case .declined: "Ваш отказ записан. Куратор продолжит подбор."
            case .waiting where answer == .accepted && own.needsGuardian:
                "Спасибо, ваше согласие записано. Пара сформируется, когда согласие даст ваш законный представитель: в личном кабинете или на бумаге у куратора."
            case .waiting: "Спасибо, ваш ответ записан. Ждём ответа второй стороны."
            }
            return req.redirect(to: SiteRoute.MyPairs.index.path(), flash: FlashMessage(.success, message))
        } catch {
            guard let message = PairingRefusal.message(error) else { throw error }
            return req.redirect(to: SiteRoute.MyPairs.index.path(), flash: FlashMessage(.error, message))
        }
    }
}
