import Vapor

/// The route table, in sections per area. Browser pages share the session, CSRF and sign-in
/// middleware; the API authenticates with bearer tokens only, so it needs no CSRF token.
func routes(_ app: Application) throws {
    let browser = app.grouped(SessionAuthenticator(), CSRFProtection())
    let signedIn = browser.grouped(RequireSignedInPage())

    try browser.register(collection: SignInController())
    try browser.register(collection: InvitationController())
    try signedIn.register(collection: HomeController())
    try signedIn.register(collection: AccountController())
    try signedIn.register(collection: TerritoryAdminController())
    try signedIn.register(collection: CoordinatorController())
    try signedIn.register(collection: OrganizationController())
    try signedIn.register(collection: MembersController())
    try signedIn.register(collection: AuditLogController())
    try signedIn.register(collection: MenteeBaseController())
    try signedIn.register(collection: MentorBaseController())
    try signedIn.register(collection: ConsentController())
    try signedIn.register(collection: BaseExportController())
    try signedIn.register(collection: ImportController())
    try signedIn.register(collection: RequestCatalogueController())
    try signedIn.register(collection: OwnProfileController())
    try signedIn.register(collection: QuestionnairesController())
    try signedIn.register(collection: QuestionnaireEditController())
    try signedIn.register(collection: QuestionnaireResultsController())
    try signedIn.register(collection: MyQuestionnairesController())
    try signedIn.register(collection: ProgramsController())
    try signedIn.register(collection: RoadmapController())
    try signedIn.register(collection: PairsController())
    try signedIn.register(collection: MentorMatchController())
    try signedIn.register(collection: MyPairsController())
    try signedIn.register(collection: PairSpaceController())
    try signedIn.register(collection: PairProgressController())
    try signedIn.register(collection: ProgramCompletionController())
    try signedIn.register(collection: IndicatorsController())
    try signedIn.register(collection: SelectionController())
    try signedIn.register(collection: TrainingController())

    let api = app.grouped("api", "v1").grouped(BearerAuthenticator())
    try api.register(collection: APIController())
    try api.register(collection: BasesAPIController())
    try api.register(collection: QuestionnairesAPIController())
    try api.register(collection: ProgramsAPIController())
    try api.register(collection: PairsAPIController())
    try api.register(collection: PairWorkAPIController())
    try api.register(collection: CompletionAPIController())
    try api.register(collection: IndicatorsAPIController())
    try api.register(collection: SelectionAPIController())
    try api.register(collection: TrainingAPIController())
    // Unknown API paths answer JSON 404 too, not an HTML page.
    api.get("**") { _ -> Response in throw AppError.notFound }
}
