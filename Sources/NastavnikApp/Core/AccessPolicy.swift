/// What a person may do, by organization and role: the one table every area asks.
public enum Permission: String, Sendable, CaseIterable {
    /// See the organization's page and its programs in outline.
    case viewOrganization
    /// Invite people, grant and revoke roles in the organization.
    case manageMembers
    /// Read the organization's audit log.
    case readAuditLog
    /// See the organization's indicators in aggregate (no personal data of minors).
    case viewIndicators
    /// See and edit the mentee and mentor bases with people's personal data, consents and imports.
    case manageBases
    /// Copy, edit, publish and send questionnaires and surveys.
    case manageQuestionnaires
    /// Read the answers people gave and the results of questionnaires.
    case readAnswers
    /// See the organization's mentoring programs, their stages, checklists and roadmaps.
    case viewPrograms
    /// Create and edit programs, move their stages, keep their roadmaps, generate their documents.
    case managePrograms
    /// Keep the selection of mentors (interviews, tests, decisions) and their training.
    case selectMentors
    /// Run matching, propose pairs and groups, record consents to them, fix them by order.
    case formPairs
    /// See a program's monitoring: surveys in aggregate, the SWOT table, dynamics without names.
    case monitorPrograms
    /// Enter and read each participant's measurements on entry and exit (children's data).
    case measureImpact
    /// Approve a case or an honor for publication on the public pages.
    case approvePublications
    /// Set the organization's own target share of involved students (instead of the region's or the federal 70 %).
    case setInvolvementTarget
    /// Issue one-time links to the participants of the bases (mentees, mentors), never to staff.
    case inviteParticipants
    /// As a partner of another organization's program, put forward mentors from the own base and
    /// follow their pairs (issue 18).
    case nominatePartnerMentors
    /// Put the organization's mentors forward for the regional contest «Быть учителем!» and see
    /// the files of its own applications (issue 12).
    case applyToContests
}

public enum AccessDecision: Equatable, Sendable {
    case allowed
    /// The person belongs to the organization but their role does not allow this.
    case forbidden
    /// The organization is none of theirs: answer as if it did not exist.
    case notFound
}

public enum AccessPolicy {
    /// The roles that grant each permission inside an organization. A platform administrator
    /// is allowed everything.
    public static func roles(for permission: Permission) -> Set<Role> {
        switch permission {
        case .viewOrganization: Set(Role.allCases)
        case .manageMembers: [.orgAdmin]
        case .readAuditLog: [.orgAdmin]
        case .viewIndicators: [.orgAdmin, .curator, .psychologist, .regionalCoordinator]
        case .manageBases: [.orgAdmin, .curator, .psychologist]
        case .manageQuestionnaires: [.orgAdmin, .curator, .psychologist]
        case .readAnswers: [.curator, .psychologist]
        case .viewPrograms: [.orgAdmin, .curator, .psychologist, .regionalCoordinator]
        case .managePrograms: [.orgAdmin, .curator]
        case .selectMentors: [.orgAdmin, .curator, .psychologist]
        case .formPairs: [.orgAdmin, .curator]
        case .monitorPrograms: [.orgAdmin, .curator, .psychologist]
        case .measureImpact: [.curator, .psychologist]
        case .approvePublications: [.orgAdmin]
        case .setInvolvementTarget: [.orgAdmin]
        case .inviteParticipants: [.orgAdmin, .curator]
        case .nominatePartnerMentors: [.orgAdmin, .curator]
        case .applyToContests: [.orgAdmin, .curator]
        }
    }

    public static func decide(_ principal: Principal, _ permission: Permission, in organization: OrganizationScope) -> AccessDecision {
        decide(principal, permission, holding: principal.roles(in: organization))
    }

    /// The same decision from the roles the person holds in the organization (`Principal.roles(in:)`).
    public static func decide(_ principal: Principal, _ permission: Permission, holding held: Set<Role>) -> AccessDecision {
        if principal.isPlatformAdmin { return .allowed }
        if held.isEmpty { return .notFound }
        return held.isDisjoint(with: roles(for: permission)) ? .forbidden : .allowed
    }
}
