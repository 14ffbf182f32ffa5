import Fluent
import Foundation
@testable import NastavnikApp
import SQLKit
import Testing
import Vapor

/// The rules of accounts, roles and the territory called as services, without HTTP (issue 22,
/// item 1): each change and its audit entry are one transaction, and the typed errors are the
/// words the pages show.
@Suite("Учётные записи, роли и территория без HTTP")
struct AccountServicesTests {
    struct World {
        let school: Fixtures.Territory
        let director: User
        let teacher: User
        /// The director acting from 10.0.0.7.
        let admin: AuditActor
        /// The platform administrator.
        let platform: AuditActor
    }

    static func actor(_ user: User, platformAdmin: Bool = false, administers organization: UUID? = nil) -> AuditActor {
        let grants = organization.map { [Principal.Grant(role: .orgAdmin, organizationID: $0, municipalityID: nil, regionID: nil)] } ?? []
        return AuditActor(principal: Principal(userID: user.id!, fullName: user.fullName, shortName: user.fullName, isPlatformAdmin: platformAdmin,
                                               mustChangePassword: false, grants: grants), ip: "10.0.0.7")
    }

    static func world(_ app: Application) async throws -> World {
        let school = try await Fixtures.territory(app)
        let director = try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: school.organization, lastName: "Директорова")
        let teacher = try await Fixtures.person(app, login: "uchitel", role: .mentor, organization: school.organization, lastName: "Учителева")
        let root = try await Fixtures.person(app, login: "root", platformAdmin: true)
        return World(school: school, director: director, teacher: teacher, admin: actor(director, administers: school.organizationID), platform: actor(root, platformAdmin: true))
    }

    static func audits(_ action: AuditAction, on db: any Database) async throws -> [AuditEntry] {
        try await AuditEntry.query(on: db).filter(\.$action == action.rawValue).all()
    }

    /// The API code of the error `body` throws (nil when it throws none).
    static func code(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
        } catch let error as any AppErrorConvertible {
            return error.code
        } catch {
            return "\(error)"
        }
        return nil
    }

    static func validationFields(_ body: () async throws -> Void) async -> Set<String> {
        do {
            try await body()
        } catch AppError.validation(let errors) {
            return Set(errors.keys)
        } catch {
            return ["не та ошибка: \(error)"]
        }
        return []
    }

    // MARK: - API tokens and the password

    @Test("API-токен: название и срок проверяются, выпуск и отзыв записаны в журнал с тем, кто их сделал; второй отзыв и чужой токен отказаны")
    func tokens() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            #expect(await Self.validationFields {
                _ = try await ApiTokenRules.create(.init(name: " ", expiresInDays: "400", readOnly: false), for: w.director.id!, by: w.admin, on: app.db)
            } == ["name", "expiresInDays"])
            let (secret, token) = try await ApiTokenRules.create(.init(name: "Выгрузка в АИС", expiresInDays: "30", readOnly: true),
                                                                 for: w.director.id!, by: w.admin, on: app.db)
            #expect(secret.hasPrefix("nst_") && token.tokenHash == SecureToken.hash(secret) && token.readOnly)
            let created = try await Self.audits(.apiTokenCreated, on: app.db)
            #expect(created.count == 1 && created.first?.actorName == w.director.fullName && created.first?.ip == "10.0.0.7")
            #expect(created.first?.details == "Выгрузка в АИС (только чтение, 30 дн.)")

            #expect(await Self.code {
                try await ApiTokenRules.revoke(token.id, of: w.teacher.id!, by: Self.actor(w.teacher), on: app.db)
            } == "not_found")
            try await ApiTokenRules.revoke(token.id, of: w.director.id!, by: w.admin, on: app.db)
            #expect(try await ApiToken.find(token.id, on: app.db)?.revokedAt != nil)
            await #expect(throws: ApiTokenError.revokedAlready("Выгрузка в АИС")) {
                try await ApiTokenRules.revoke(token.id, of: w.director.id!, by: w.admin, on: app.db)
            }
            #expect(try await Self.audits(.apiTokenRevoked, on: app.db).count == 1)
        }
    }

    @Test("Смена пароля без HTTP: неверный текущий пароль отказан; новый пароль завершает другие сеансы и все API-токены, текущий сеанс остаётся")
    func passwordChange() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let userID = w.director.id!
            for token in ["этот-сеанс", "другой-сеанс"] {
                try await UserSession(tokenHash: SecureToken.hash(token), userID: userID, now: Date(), expiresAt: Date().addingTimeInterval(3600), ip: nil).save(on: app.db)
            }
            _ = try await ApiTokenRules.create(.init(name: "АИС", expiresInDays: nil, readOnly: false), for: userID, by: w.admin, on: app.db)
            let change = PasswordChange.Input(currentPassword: "не тот пароль", newPassword: "Новый-пароль-2027", confirmation: "Новый-пароль-2027")
            #expect(await Self.validationFields {
                try await PasswordChange.change(change, of: userID, keepingSession: "этот-сеанс", passwords: app.password.async, by: w.admin, on: app.db)
            } == ["currentPassword"])
            var right = change
            right.currentPassword = Fixtures.password
            right.confirmation = "Другой-пароль-2027"
            #expect(await Self.validationFields {
                try await PasswordChange.change(right, of: userID, keepingSession: "этот-сеанс", passwords: app.password.async, by: w.admin, on: app.db)
            } == ["newPasswordConfirmation"])
            right.confirmation = right.newPassword
            try await PasswordChange.change(right, of: userID, keepingSession: "этот-сеанс", passwords: app.password.async, by: w.admin, on: app.db)
            let user = try #require(try await User.find(userID, on: app.db))
            #expect(try app.password.verify("Новый-пароль-2027", created: user.passwordHash ?? ""))
            #expect(try await UserSession.query(on: app.db).filter(\.$user.$id == userID).all().map(\.tokenHash) == [SecureToken.hash("этот-сеанс")])
            #expect(try await ApiToken.query(on: app.db).filter(\.$revokedAt == nil).count() == 0)
            #expect(try await Self.audits(.passwordChanged, on: app.db).count == 1)
        }
    }

    // MARK: - Roles

    @Test("Роль выдаётся один раз: повтор — понятный отказ; принятое позже предложение той же роли не дублирует её")
    func grantOnce() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let place = Memberships.Place.organization(w.school.organizationID)
            let offer = try await RoleOffers.offer(.curator, position: nil, to: w.teacher, organization: w.school.organization, by: w.admin, on: app.db)
            #expect(offer == .offered)
            try await Memberships.grant(.curator, at: place, position: "учитель физики", to: w.teacher, by: w.admin, on: app.db)
            await #expect(throws: MembershipError.roleHeld(.curator, meanwhile: false)) {
                try await Memberships.grant(.curator, at: place, to: w.teacher, by: w.admin, on: app.db)
            }
            let open = try #require(try await RoleOffer.query(on: app.db).first())
            #expect(try await RoleOffers.answer(open.id, accept: true, by: Self.actor(w.teacher), on: app.db) != nil)
            let curators = try await RoleAssignment.query(on: app.db).filter(\.$user.$id == w.teacher.id!).filter(\.$role == .curator).all()
            #expect(curators.count == 1 && curators.first?.position == "учитель физики")
            let granted = try await Self.audits(.roleGranted, on: app.db)
            #expect(granted.count == 1 && granted.first?.organizationID == w.school.organizationID && granted.first?.details == "\(w.teacher.fullName): Куратор")
            #expect(try await Self.audits(.roleOfferAccepted, on: app.db).count == 1)
        }
    }

    @Test("Снятие роли: себе администрацию не снять, последнего администратора не снять, снятая роль — в журнале, повтор — «уже снята» или не найдено")
    func revokeRules() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let organizationID = w.school.organizationID
            func assignment(_ user: User, _ role: Role) async throws -> UUID {
                try #require(try await RoleAssignment.query(on: app.db).filter(\.$user.$id == user.id!).filter(\.$role == role).first()?.id)
            }
            let own = try await assignment(w.director, .orgAdmin)
            await #expect(throws: MembershipError.ownAdministration) { try await Memberships.revoke(own, in: organizationID, by: w.admin, on: app.db) }
            await #expect(throws: MembershipError.lastAdministration) { try await Memberships.revoke(own, in: organizationID, by: w.platform, on: app.db) }
            // A mentor cannot manage members, whatever the request's grants said.
            let mentorRole = try await assignment(w.teacher, .mentor)
            #expect(await Self.code { try await Memberships.revoke(own, in: organizationID, by: Self.actor(w.teacher), on: app.db) } == "forbidden")
            let other = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 2")
            #expect(await Self.code { try await Memberships.revoke(mentorRole, in: other.organizationID, by: w.platform, on: app.db) } == "not_found")

            let removed = try await Memberships.revoke(mentorRole, in: organizationID, by: w.admin, on: app.db)
            #expect(removed.role == .mentor)
            #expect(await Self.code { try await Memberships.revoke(mentorRole, in: organizationID, by: w.admin, on: app.db) } == "not_found")
            let revoked = try await Self.audits(.roleRevoked, on: app.db)
            #expect(revoked.count == 1 && revoked.first?.details == "\(w.teacher.fullName): Наставник" && revoked.first?.organizationID == organizationID)
            #expect(try await RoleAssignment.find(own, on: app.db) != nil)
        }
    }

    @Test("Добавление человека без HTTP: новый логин — роль и ссылка; чужая учётная запись — только предложение; ошибки полей — по полям")
    func addPerson() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let other = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 2")
            let stranger = try await Fixtures.person(app, login: "chuzhoy", role: .curator, organization: other.organization, lastName: "Чужой")
            #expect(await Self.validationFields {
                _ = try await Memberships.add(PersonInvite(lastName: "", firstName: "Анна", login: "a"), role: "nobody", position: nil,
                                              to: w.school.organization, by: w.admin, on: app.db)
            } == ["lastName", "login", "role"])
            let added = try await Memberships.add(PersonInvite(lastName: "Сидорова", firstName: "Анна", login: "sidorova"), role: "curator",
                                                  position: "педагог-психолог", to: w.school.organization, by: w.admin, on: app.db)
            guard case .granted(let user, let link?) = added else { Issue.record("нет ссылки: \(added)"); return }
            #expect(user.login == "sidorova" && link.hasPrefix("/invitations/"))
            let offered = try await Memberships.add(PersonInvite(lastName: "Любая", firstName: "Фамилия", login: "chuzhoy"), role: "mentor",
                                                    position: nil, to: w.school.organization, by: w.admin, on: app.db)
            guard case .offered(.offered) = offered else { Issue.record("не предложение: \(offered)"); return }
            #expect(try await RoleAssignment.query(on: app.db).filter(\.$user.$id == stranger.id!).count() == 1)
            await #expect(throws: MembershipError.roleHeld(.curator, meanwhile: false)) {
                _ = try await Memberships.add(PersonInvite(lastName: "Сидорова", firstName: "Анна", login: "sidorova"), role: "curator",
                                              position: nil, to: w.school.organization, by: w.admin, on: app.db)
            }

            // A lost link: a new one replaces it, for a person whose roles are all the school's.
            let (again, newLink) = try await Memberships.reissueInvitation(for: user.id, in: w.school.organizationID, by: w.admin, on: app.db)
            #expect(again.id == user.id && newLink != link)
            #expect(try await Invitation.query(on: app.db).filter(\.$user.$id == user.id!).filter(\.$usedAt == nil).count() == 1)
            #expect(try await Self.audits(.invitationCreated, on: app.db).count == 2)
            #expect(await Self.code { _ = try await Memberships.reissueInvitation(for: stranger.id, in: w.school.organizationID, by: w.admin, on: app.db) }
                    == "not_found")
            try await RoleAssignment(userID: stranger.id!, role: .mentor, organizationID: w.school.organizationID).save(on: app.db)
            await #expect(throws: MembershipError.rolesElsewhere(name: stranger.fullName)) {
                _ = try await Memberships.reissueInvitation(for: stranger.id, in: w.school.organizationID, by: w.admin, on: app.db)
            }
        }
    }

    // MARK: - The territory

    @Test("Регион, муниципалитет, организация и координатор без HTTP: повтор кода, названия и назначения — понятный отказ, каждое изменение в журнале")
    func territory() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            #expect(await Self.validationFields {
                _ = try await TerritoryService.createRegion(name: "Другой край", code: w.school.region.code, by: w.platform, on: app.db)
            } == ["code"])
            let region = try await TerritoryService.createRegion(name: " Приморский край ", code: "125", by: w.platform, on: app.db)
            #expect(region.name == "Приморский край")
            let city = try await TerritoryService.createMunicipality(name: "Владивостокский городской округ", in: region, by: w.platform, on: app.db)
            #expect(await Self.validationFields {
                _ = try await TerritoryService.createMunicipality(name: "Владивостокский городской округ", in: region, by: w.platform, on: app.db)
            } == ["municipalityName"])
            #expect(await Self.validationFields {
                _ = try await TerritoryService.createOrganization(.init(municipalityID: w.school.municipality.id!.uuidString, name: "", shortName: "",
                                                                        kind: "zoo", inn: "12", address: ""), in: region, by: w.platform, on: app.db)
            } == ["municipalityID", "organizationName", "kind", "inn"])
            let college = try await TerritoryService.createOrganization(.init(municipalityID: city.id!.uuidString, name: "КГА ПОУ «Колледж»",
                                                                              shortName: "", kind: "college", inn: "2536000000", address: ""),
                                                                        in: region, by: w.platform, on: app.db)
            #expect(college.shortName == "КГА ПОУ «Колледж»" && college.inn == "2536000000" && college.address == nil)

            let invite = PersonInvite(lastName: "Орлова", firstName: "Вера", login: "orlova")
            let (coordinator, link) = try await TerritoryService.appointCoordinator(invite, municipalityID: city.id!.uuidString, in: region,
                                                                                   by: w.platform, on: app.db)
            #expect(link != nil)
            await #expect(throws: MembershipError.coordinatorHeld(name: coordinator.fullName, municipality: true, meanwhile: false)) {
                _ = try await TerritoryService.appointCoordinator(invite, municipalityID: city.id!.uuidString, in: region, by: w.platform, on: app.db)
            }
            #expect(await Self.validationFields {
                _ = try await TerritoryService.appointCoordinator(invite, municipalityID: w.school.municipality.id!.uuidString, in: region,
                                                                  by: w.platform, on: app.db)
            } == ["scope"])
            let roles = try await RoleAssignment.query(on: app.db).filter(\.$user.$id == coordinator.id!).all()
            #expect(roles.count == 1 && roles.first?.$municipality.id == city.id && roles.first?.role == .regionalCoordinator)
            for action in [AuditAction.regionCreated, .municipalityCreated, .organizationCreated, .roleGranted] {
                #expect(try await Self.audits(action, on: app.db).count == 1, "\(action)")
            }
            #expect(try await Self.audits(.roleGranted, on: app.db).first?.details == "Координатор: Приморский край")
        }
    }

    // MARK: - The audit entry is part of the change

    @Test("Если запись в журнал не удалась, изменение роли, токена, пароля или территории не сохраняется")
    func auditInsideTheChange() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let organizationID = w.school.organizationID
            let (_, token) = try await ApiTokenRules.create(.init(name: "АИС", expiresInDays: nil, readOnly: false), for: w.director.id!, by: w.admin, on: app.db)
            let second = try await Fixtures.person(app, login: "zavuch", role: .orgAdmin, organization: w.school.organization, lastName: "Завучева")
            let secondAdmin = try #require(try await RoleAssignment.query(on: app.db).filter(\.$user.$id == second.id!).first()?.id)
            _ = try await RoleOffers.offer(.curator, position: nil, to: w.teacher, organization: w.school.organization, by: w.admin, on: app.db)
            let offer = try #require(try await RoleOffer.query(on: app.db).first())
            let hashBefore = try await User.find(w.director.id, on: app.db)?.passwordHash
            let counts = (roles: try await RoleAssignment.query(on: app.db).count(), tokens: try await ApiToken.query(on: app.db).count())
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("ALTER TABLE \(ident: AuditEntry.schema) RENAME TO \(ident: "audit_entries_away")").run()

            await #expect(throws: (any Error).self) {
                _ = try await ApiTokenRules.create(.init(name: "Ещё", expiresInDays: nil, readOnly: false), for: w.director.id!, by: w.admin, on: app.db)
            }
            await #expect(throws: (any Error).self) { try await ApiTokenRules.revoke(token.id, of: w.director.id!, by: w.admin, on: app.db) }
            await #expect(throws: (any Error).self) {
                try await PasswordChange.change(.init(currentPassword: Fixtures.password, newPassword: "Новый-пароль-2027", confirmation: "Новый-пароль-2027"),
                                                of: w.director.id!, keepingSession: nil, passwords: app.password.async, by: w.admin, on: app.db)
            }
            await #expect(throws: (any Error).self) {
                try await Memberships.grant(.curator, at: .organization(organizationID), to: w.teacher, by: w.admin, on: app.db)
            }
            await #expect(throws: (any Error).self) { try await Memberships.revoke(secondAdmin, in: organizationID, by: w.admin, on: app.db) }
            await #expect(throws: (any Error).self) { _ = try await RoleOffers.answer(offer.id, accept: true, by: Self.actor(w.teacher), on: app.db) }
            await #expect(throws: (any Error).self) {
                _ = try await TerritoryService.createRegion(name: "Приморский край", code: "125", by: w.platform, on: app.db)
            }
            await #expect(throws: (any Error).self) {
                _ = try await TerritoryService.createMunicipality(name: "Артёмовский городской округ", in: w.school.region, by: w.platform, on: app.db)
            }
            await #expect(throws: (any Error).self) {
                _ = try await TerritoryService.createOrganization(.init(municipalityID: w.school.municipality.id!.uuidString, name: "МБОУ СОШ № 3",
                                                                        shortName: "", kind: "school", inn: "", address: ""),
                                                                  in: w.school.region, by: w.platform, on: app.db)
            }
            await #expect(throws: (any Error).self) {
                _ = try await TerritoryService.appointCoordinator(PersonInvite(lastName: "Учителева", firstName: "Мария", login: "uchitel"),
                                                                  municipalityID: "", in: w.school.region, by: w.platform, on: app.db)
            }
            try await sql.raw("ALTER TABLE \(ident: "audit_entries_away") RENAME TO \(ident: AuditEntry.schema)").run()

            #expect(try await RoleAssignment.query(on: app.db).count() == counts.roles)
            #expect(try await ApiToken.query(on: app.db).count() == counts.tokens)
            #expect(try await ApiToken.find(token.id, on: app.db)?.revokedAt == nil)
            #expect(try await User.find(w.director.id, on: app.db)?.passwordHash == hashBefore)
            #expect(try await RoleOffer.find(offer.id, on: app.db)?.answeredAt == nil)
            #expect(try await Region.query(on: app.db).count() == 1)
            #expect(try await Municipality.query(on: app.db).count() == 1)
            #expect(try await Organization.query(on: app.db).count() == 1)
        }
    }
}
