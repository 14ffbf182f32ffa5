import Foundation
@testable import NastavnikApp
import Testing
import Vapor

/// Renders every Leaf template with real content types and hostile text (the penny-bot pattern):
/// a template that misses a key or prints unescaped HTML fails here, not in front of a person.
@Suite("Шаблоны страниц")
struct LeafRenderTests {
    static let hostile = "<script>alert('x')</script> «О'Коннор» & \"Ко\""

    /// Pages rendered below; the test fails when a template in Resources/Views is not listed.
    static let pages = [
        "error", "accounts/login", "accounts/invitation", "accounts/password", "accounts/profile", "home/index",
        "admin/regions", "admin/region", "organizations/show", "organizations/members", "audit/index", "territory/index",
        "participants/mentees", "participants/mentors", "participants/card", "participants/mentee_form", "participants/mentor_form",
        "participants/import_upload", "participants/import_preview", "participants/requests", "participants/participation",
        "questionnaires/index", "questionnaires/show", "questionnaires/edit", "questionnaires/mine", "questionnaires/fill",
        "questionnaires/results", "questionnaires/program",
        "programs/index", "programs/form", "programs/show", "programs/roadmap",
        "selection/index", "selection/candidate", "selection/registry", "training/index", "training/session",
    ] + pairingPages + monitoringPages + guardianPages + homePages + invitationPages + notificationPages + partnerPages
    /// Included by other templates rather than rendered alone.
    static let fragments = ["base", "partials/pagination", "pairing/candidate-filter", "questionnaires/assignment-list", "questionnaires/question", "training/session-fields"]

    @Test("Каждый шаблон из Resources/Views проверяется этим набором")
    func everyTemplateListed() throws {
        let root = packageRoot + "Resources/Views/"
        let enumerator = try #require(FileManager.default.enumerator(atPath: root))
        let found = Set(enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".leaf") }.map { String($0.dropLast(5)) })
        #expect(found == Set(Self.pages + Self.fragments))
    }

    @Test("Шаблоны рендерятся с данными и экранируют опасный текст")
    func renderAll() async throws {
        try await withTestApp { app in
            let request = Request(application: app, url: "/orgs/x/members?page=2", on: app.eventLoopGroup.next())
            let pagination = Pagination(request: request, total: 120, perPage: 50, baseQuery: ["q": Self.hostile])
            let id = UUID()
            let h = Self.hostile
            let form = FormState(values: ["login": h, "name": h, "municipalityID": id.uuidString], errors: ["login": h, "role": h, "kind": h])
            var rendered: [String: String] = [:]

            func render<C: Encodable>(_ template: String, _ content: C) async throws {
                let context = PageContext(
                    title: h, breadcrumbs: [.init("Главная", "/"), .init(h)],
                    person: PersonBadge(name: h, roles: h, isPlatformAdmin: true),
                    organization: OrganizationBadge(id: id, name: h),
                    nav: [NavItem(title: h, href: "/", isCurrent: true)],
                    flash: FlashMessage(.success, h), csrfToken: "token-123", form: form, description: h, content: content
                )
                let view = try await app.view.render(template, context)
                rendered[template] = String(buffer: view.data)
                let missing = try LeafKeyCheck.missingKeys(template, context, app: app)
                #expect(missing.isEmpty, "«\(template)» читает ключи, которых нет в его данных: \(missing)")
            }

            let summary = ProgramSummary(id: id, name: h, forms: h, period: h, stage: 2, stageName: h, overdueItems: 3,
                                         health: .atRisk, healthName: h)
            let row = RoadmapRow(id: id, number: 1, title: h, stage: 1, stageName: h, contour: h, deadline: h, academicYear: "2022/2023",
                                 expectedResult: h, responsible: h, document: h, status: "overdue", statusName: h, isOverdue: true, note: h)
            let entry = StageChecklist.Entry(id: id, stage: 1, contour: h, title: h, isDone: true, isDerived: false, doneBy: h)
            let derived = StageChecklist.Entry(id: id, stage: 1, contour: h, title: h, isDone: true, isDerived: true, doneBy: nil)
            let open = StageChecklist.Entry(id: id, stage: 1, contour: h, title: h, isDone: false, isDerived: false, doneBy: nil)
            try await render("programs/index", ProgramsController.ListPage(organizationID: id, programs: [summary], canManage: true))
            try await render("programs/form", ProgramsController.FormPage(
                organizationID: id, programID: nil, forms: [.init(value: "teacherTeacher", title: h, checked: true)],
                roleModels: [.init(value: "noviceMaster", title: h, checked: false)], templates: [.init(value: "schoolPlan", title: h, checked: true)], teacherFormName: h))
            try await render("programs/show", ProgramsController.ShowPage(
                organizationID: id, programID: id, name: h, forms: h, roleModels: [h, h], goals: h, expectedResults: h, period: h,
                partners: [h], curators: [.init(name: h, responsibility: h)], team: [.init(name: h, responsibility: "")], stage: 1,
                stageName: h, health: h,
                stages: [.init(number: 1, name: h, isCurrent: true, isPast: false, items: [entry, derived, open], openCount: 1)],
                next: .init(number: 2, name: h, openCount: 1, confirm: h), previous: nil, overdue: [row], roadmapTotal: 40, roadmapDone: 3,
                transitions: [.init(at: Date(), from: 1, to: 2, actor: h, openItems: 2)], canManage: true, canSelectMentors: true,
                surveys: .init(questionnaires: 2, sent: 12, answered: 7, waiting: 5)))
            try await render("programs/roadmap", RoadmapController.RoadmapPage(
                organizationID: id, programID: id, programName: h, period: h, rows: [row], overdueCount: 1,
                stages: [.init(value: "1", title: h, selected: true)], contours: [.init(value: "internal", title: h, selected: false)],
                deadlineKinds: [.init(value: "month", title: h, selected: true)], statuses: [.init(value: "done", title: h, selected: false)],
                templates: [.init(value: "schoolPlan", title: h, selected: false)], canManage: true))
            try await render("error", ErrorRendering.ErrorPage(status: 404, heading: h, message: h))
            try await render("accounts/login", SignInController.LoginPage(next: h))
            try await render("accounts/invitation", InvitationController.InvitationPage(valid: true, fullName: h, login: h, token: "abc"))
            try await render("accounts/invitation", InvitationController.InvitationPage(valid: false, fullName: "", login: "", token: "", alreadyUsed: true))
            try await render("accounts/password", AccountController.PasswordPage(mustChange: true))
            try await render("accounts/profile", AccountController.ProfilePage(
                fullName: h, login: h, roles: [.init(role: h, place: h, position: h)],
                tokens: [.init(id: id, name: h, prefix: "nst_abc", createdAt: Date(), lastUsedAt: nil, expiresAt: Date(), scope: h, expired: true)],
                newToken: h, readOnlyChecked: true))
            try await render("home/index", Self.withHomeTasks(id: id, HomeController.HomePage(
                fullName: h, places: [.init(href: "/orgs/\(id)", name: h, roles: h, kind: h)], isPlatformAdmin: true, isCoordinator: true,
                assignments: [.init(id: id, title: h, status: h, isOpen: true, due: "01.12.2026", overdue: true, anonymous: true)],
                pairs: [.init(memberID: id, pairingID: id, side: "mentor", program: h, organization: h, partner: h, partnerDetail: h, scheme: h, statusName: h,
                              ownAnswer: h, otherAnswer: h, mayAnswer: false, acceptLabel: h, isFormed: true, order: h, explanation: [])],
                children: Self.guardianChildren(id: id))))
            try await render("admin/regions", TerritoryAdminController.RegionsPage(
                regions: [.init(id: id, name: h, code: "25", municipalities: 2, organizations: 3)]))
            try await render("admin/region", TerritoryAdminController.RegionPage(
                id: id, name: h, code: "25",
                municipalities: [.init(id: id, name: h, organizations: [.init(id: id, name: h, kind: h)])],
                kinds: [.init(value: "school", title: h)], invitationLink: "/invitations/abc", invitedName: h))
            try await render("organizations/show", OrganizationController.OrganizationPage(
                id: id, name: h, kind: h, municipality: h, region: h, inn: "2536001234", address: h, myRoles: h,
                counts: [.init(role: h, count: 5)], canManageMembers: true, canReadAudit: true, canPrepareCases: true,
                programs: [summary], canViewPrograms: true, canManagePrograms: true))
            try await render("organizations/members", MembersController.MembersPage(
                organizationID: id,
                rows: [.init(assignmentID: id, userID: id, fullName: h, login: h, role: h, position: h, activated: false)],
                roleFilter: [.init(value: "mentor", title: h, selected: true)], query: h, pagination: pagination,
                roles: [.init(value: "mentor", title: h, selected: false)], invitationLink: "/invitations/abc", invitedName: h,
                offers: [.init(login: h, role: h, offeredAt: Date())]))
            try await render("audit/index", AuditLogController.AuditPage(
                rows: [.init(at: Date(), actor: h, action: h, object: h, details: h, ip: "127.0.0.1")],
                actions: [.init(value: "auth.signIn", title: h, selected: true)], pagination: pagination))
            try await render("territory/index", CoordinatorController.TerritoryPage(
                scopes: [h, h], organizations: [.init(id: id, name: h, municipality: h, kind: h, mentors: 3, mentees: 7)]))

            let options = [SelectOption("a", h, selected: true), SelectOption("b", h)]
            try await render("participants/mentees", MenteeBaseController.ListPage(
                organizationID: id, rows: [.init(id: id, fullName: h, className: h, form: h, requests: h, status: h, consent: h, consentOK: false, isMinor: true)],
                search: h, forms: options, requests: options, statuses: options, classes: options, consents: options, sorts: options,
                pagination: pagination, exportQuery: "q=1"))
            try await render("participants/mentors", MentorBaseController.ListPage(
                organizationID: id, rows: [.init(id: id, fullName: h, origin: h, contour: h, forms: h, subjects: h, capacity: 2, status: h, consent: h, consentOK: true, longTerm: true)],
                search: h, forms: options, statuses: options, contours: options, consents: options, sorts: options, pagination: pagination, exportQuery: ""))
            try await render("participants/card", MenteeBaseController.CardPage(
                organizationID: id, id: id, fullName: h, facts: [.init(label: h, value: h)], anonymized: false, isMinor: true,
                consents: [.init(id: id, purpose: h, givenOn: "01.09.2025", givenBy: h, version: "2026-1", active: true, withdrawnAt: nil, source: h, text: h),
                           .init(id: id, purpose: h, givenOn: "01.09.2025", givenBy: h, version: "2026-1", active: false, withdrawnAt: Date())],
                purposes: options, eligibility: [h], links: BaseCardLinks(.mentee, organizationID: id, id: id),
                guardians: .init(rows: [.init(userID: id, fullName: h, login: h, relation: h, createdBy: h)], isMinor: true,
                                 suggestions: [.init(fullName: h, login: h), .init(fullName: h, login: h)])))
            try await render("participants/mentee_form", MenteeBaseController.FormPage(
                organizationID: id, menteeID: id, forms: options, requests: options, channels: options, statuses: options, version: "3"))
            try await render("participants/mentor_form", MentorBaseController.FormPage(
                organizationID: id, mentorID: nil, origins: options, forms: options, places: options, statuses: options, longTerm: true, formerMentee: false))
            try await render("participants/import_upload", ImportController.UploadPage(organizationID: id, kinds: options, maxMegabytes: 10))
            try await render("participants/import_preview", ImportController.PreviewPage(
                organizationID: id, batchID: id, kind: h, fileName: h, columns: [.init(index: 0, header: h, options: options)],
                sample: [[h]], problems: [.init(line: 3, message: h)], newCount: 1, updateCount: 2, canImport: true, imported: false))
            // Issue 16: a withdrawal's list of what was removed, a stale save's two texts, an imported file without its rows.
            // Rendered under other names so the variants above stay checked too.
            let withdrawnCard = try await app.view.render("participants/card", PageContext(
                title: h, breadcrumbs: [], person: nil, organization: nil, nav: [], flash: nil, csrfToken: "token-123", form: FormState(), description: h,
                content: MenteeBaseController.CardPage(organizationID: id, id: id, fullName: h, facts: [], anonymized: true, isMinor: true, consents: [],
                                                       purposes: options, eligibility: [], links: BaseCardLinks(.mentee, organizationID: id, id: id), removed: [h])))
            #expect(String(buffer: withdrawnCard.data).contains("Что удалено после отзыва согласия") && !String(buffer: withdrawnCard.data).contains(h))
            let staleForm = try await app.view.render("participants/mentee_form", PageContext(
                title: h, breadcrumbs: [], person: nil, organization: nil, nav: [], flash: nil, csrfToken: "token-123", form: FormState(), description: h,
                content: MenteeBaseController.FormPage(organizationID: id, menteeID: id, forms: options, requests: options, channels: options, statuses: options,
                                                       version: "3", conflicts: [.init(field: "requestNote", title: h, saved: h, typed: h)], conflictMessage: h)))
            #expect(String(buffer: staleForm.data).contains(#"name="version" value="3""#) && !String(buffer: staleForm.data).contains(h))
            let importedFile = try await app.view.render("participants/import_preview", PageContext(
                title: h, breadcrumbs: [], person: nil, organization: nil, nav: [], flash: nil, csrfToken: "token-123", form: FormState(), description: h,
                content: ImportController.PreviewPage(organizationID: id, batchID: id, kind: h, fileName: h, columns: [], sample: [], problems: [],
                                                      newCount: 0, updateCount: 0, canImport: false, imported: true, createdCount: 3, updatedCount: 1)))
            #expect(String(buffer: importedFile.data).contains("добавлено 3, обновлено 1") && !String(buffer: importedFile.data).contains(h))
            try await render("participants/requests", RequestCatalogueController.CataloguePage(organizationID: id, items: [.init(name: h, builtIn: true, mentees: 3)],
                vocabulary: [.init(head: h, synonyms: h, related: h)], ownLines: [.init(term: h, phrase: h, relation: h, byName: h)],
                relations: options))
            try await render("participants/participation", OwnProfileController.ParticipationPage(
                mentees: [.init(id: id, organization: h, form: h, requests: h, status: h, className: h, values: ["requestNote": h])],
                mentors: [.init(id: id, organization: h, forms: h, status: h, values: ["competencies": h])], errors: [h]))
            try await renderQuestionnaires(render: { try await render($0, $1) }, id: id, pagination: pagination)
            try await renderPairing(render: { try await render($0, $1) }, id: id, pagination: pagination)
            try await renderGuardians(render: { try await render($0, $1) }, id: id)
            try await renderNotifications(render: { try await render($0, $1) }, id: id, pagination: pagination)
            try await renderInvitations(render: { try await render($0, $1) }, id: id, pagination: pagination)
            try await renderHome(render: { try await render($0, $1) }, id: id)
            try await renderSelection(render: { try await render($0, $1) }, id: id)
            try await renderPartners(render: { try await render($0, $1) }, id: id)
            try await renderMonitoring(render: { try await render($0, $1) }, id: id, pagination: pagination)

            #expect(Set(rendered.keys) == Set(Self.pages))
            for (template, html) in rendered {
                #expect(!html.contains("<script>alert"), "\(template) выводит неэкранированный текст")
                #expect(html.contains("&lt;script&gt;alert"), "\(template) не показал данные")
                #expect(html.contains("<html lang=\"ru\">"), "\(template) не в базовом макете")
            }
            #expect(rendered["accounts/login"]!.contains("name=\"_csrf\" value=\"token-123\""))
            #expect(rendered["organizations/members"]!.contains("Страница 2 из 3"))
            #expect(rendered["admin/region"]!.contains("selected"))
            #expect(rendered["questionnaires/fill"]!.contains("type=\"radio\""))
            #expect(rendered["questionnaires/results"]!.contains("<rect"))
            #expect(rendered["home/index"]!.contains("Ждут заполнения"))
            #expect(rendered["home/index"]!.contains("Вы в паре"))
            #expect(rendered["pairing/mentor_match"]!.contains("Раунд 1"))
            #expect(rendered["programs/roadmap"]!.contains("class=\"overdue\""))
            #expect(rendered["programs/show"]!.contains("Просрочено мероприятий: 1"))
            #expect(rendered["selection/index"]!.contains("мест меньше, чем наставляемых"))
            #expect(rendered["training/index"]!.contains("name=\"attended[]\""))
        }
    }
}
