import Foundation
@testable import NastavnikApp
import Testing
import Vapor

/// The navigation reads `AccessPolicy` as the routes do: for every role it shows exactly the
/// sections the policy opens, and each shown link opens while each hidden one is refused.
@Suite("Навигация показывает ровно те разделы, которые открывает AccessPolicy")
struct NavigationAccessTests {
    struct Persona {
        let name: String
        let login: String
        let user: User
    }

    static func links(in page: String) -> [String] {
        guard let start = page.range(of: "<nav id=\"main-nav\""), let end = page.range(of: "</nav>", range: start.upperBound..<page.endIndex) else { return [] }
        let nav = String(page[start.upperBound..<end.lowerBound])
        return nav.components(separatedBy: "href=\"").dropFirst().compactMap { $0.split(separator: "\"", maxSplits: 1).first.map(String.init) }
    }

    @Test("Для каждой роли навигация организации — ровно разделы, разрешённые AccessPolicy, и каждый показанный открывается, а скрытый — нет")
    func everyRole() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            let elsewhere = try await Fixtures.territory(app, regionCode: "77", organizationName: "ГБОУ Школа № 2")
            let orgID = school.organizationID
            var personas: [Persona] = []
            for (name, role) in [("администрация", Role.orgAdmin), ("куратор", .curator), ("психолог", .psychologist),
                                 ("наставник", .mentor), ("наставляемый", .mentee), ("представитель", .guardian)] {
                let login = "nav.\(role.rawValue.lowercased())"
                personas.append(Persona(name: name, login: login, user: try await Fixtures.person(app, login: login, role: role, organization: school.organization)))
            }
            personas.append(Persona(name: "координатор региона", login: "nav.region",
                                    user: try await Fixtures.person(app, login: "nav.region", role: .regionalCoordinator, regionID: school.region.id)))
            personas.append(Persona(name: "координатор муниципалитета", login: "nav.municipal",
                                    user: try await Fixtures.person(app, login: "nav.municipal", role: .regionalCoordinator, municipalityID: school.municipality.id)))
            personas.append(Persona(name: "координатор другого региона", login: "nav.region77",
                                    user: try await Fixtures.person(app, login: "nav.region77", role: .regionalCoordinator, regionID: elsewhere.region.id)))
            personas.append(Persona(name: "администратор платформы", login: "nav.admin", user: try await Fixtures.person(app, login: "nav.admin", platformAdmin: true)))

            let scope = OrganizationScope(id: orgID, municipalityID: school.municipality.id!, regionID: school.region.id!)
            for persona in personas {
                let principal = try await PrincipalLoader.load(persona.user, on: app.db)
                let browser = Browser(app)
                try await browser.signIn(persona.login)
                let allowed = Navigation.organizationSections.filter { AccessPolicy.decide(principal, $0.permission, in: scope) == .allowed }
                let organizationPage = try await browser.get("/orgs/\(orgID)")
                let shown: [String]
                if AccessPolicy.decide(principal, .viewOrganization, in: scope) == .notFound {
                    #expect(organizationPage.status == .notFound, "\(persona.name)")
                    shown = Self.links(in: try await browser.get("/").text).filter { $0.hasPrefix("/orgs/\(orgID)") }
                } else {
                    #expect(organizationPage.status == .ok, "\(persona.name)")
                    shown = Self.links(in: organizationPage.text).filter { $0.hasPrefix("/orgs/\(orgID)") }
                }
                #expect(shown == allowed.map { "/orgs/\(orgID)" + $0.path }, "\(persona.name): навигация расходится с AccessPolicy")
                // And the routes agree: a shown section opens, a hidden one is refused.
                for section in Navigation.organizationSections {
                    let status = try await browser.get("/orgs/\(orgID)" + section.path).status
                    if allowed.contains(where: { $0.title == section.title }) {
                        #expect(status == .ok, "\(persona.name): «\(section.title)» показан, но не открывается (\(status.code))")
                    } else {
                        #expect(status == .forbidden || status == .notFound, "\(persona.name): «\(section.title)» скрыт, но открывается")
                    }
                }
                // The person's own areas: every link shown opens.
                for href in Self.links(in: try await browser.get("/").text) where !href.hasPrefix("/orgs/") && !href.contains("#") {
                    #expect(try await browser.get(href).status == .ok, "\(persona.name): «\(href)» в навигации не открывается")
                }
                let home = Self.links(in: try await browser.get("/").text)
                #expect(home.contains("/territory") == !AccessPolicy.coordinatedTerritory(of: principal).isEmpty, "\(persona.name)")
                #expect(home.contains("/contests") == AccessPolicy.takesPartInContests(principal, isJuror: false), "\(persona.name)")
            }
        }
    }

    @Test("Кого координирует координатор: весь регион или только свой муниципалитет")
    func coordinatedTerritory() {
        let region = UUID(), municipality = UUID(), otherMunicipality = UUID(), otherRegion = UUID()
        func principal(_ grants: [Principal.Grant]) -> Principal {
            Principal(userID: UUID(), fullName: "", shortName: "", isPlatformAdmin: false, mustChangePassword: false, grants: grants)
        }
        let regional = principal([.init(role: .regionalCoordinator, organizationID: nil, municipalityID: nil, regionID: region)])
        // A municipality grant carries its region too; it must not widen to the region.
        let municipal = principal([.init(role: .regionalCoordinator, organizationID: nil, municipalityID: municipality, regionID: region)])
        let inMunicipality = OrganizationScope(id: UUID(), municipalityID: municipality, regionID: region)
        let inRegion = OrganizationScope(id: UUID(), municipalityID: otherMunicipality, regionID: region)
        let outside = OrganizationScope(id: UUID(), municipalityID: UUID(), regionID: otherRegion)
        #expect(AccessPolicy.coordinatedTerritory(of: regional).covers(inMunicipality) && AccessPolicy.coordinatedTerritory(of: regional).covers(inRegion))
        #expect(!AccessPolicy.coordinatedTerritory(of: regional).covers(outside))
        #expect(AccessPolicy.coordinatedTerritory(of: municipal).covers(inMunicipality) && !AccessPolicy.coordinatedTerritory(of: municipal).covers(inRegion))
        #expect(regional.roles(in: inRegion) == [.regionalCoordinator] && municipal.roles(in: inRegion).isEmpty)
        #expect(AccessPolicy.managesContest(regional, regionID: region) && !AccessPolicy.managesContest(municipal, regionID: region))
        #expect(AccessPolicy.contestRegions(of: municipal).isEmpty)
    }
}
