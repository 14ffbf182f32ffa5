/// Every API area's operations and schemas, gathered into the one OpenAPI document. An area
/// that registers routes under `/api/v1` adds itself here; the parity test holds us to it.
enum APIAreas {
    static var operations: [OpenAPIDocument.Operation] {
        APIController.operations + BasesAPIController.operations + ConsentsAPIController.operations + BaseExportAPIController.operations + RequestCatalogueAPIController.operations + QuestionnairesAPIController.operations
            + ProgramsAPIController.operations + PairsAPIController.operations + SelectionAPIController.operations + TrainingAPIController.operations
            + PairWorkAPIController.operations + CompletionAPIController.operations + IndicatorsAPIController.operations
            + PublicCasesAPIController.operations + MyChildrenAPIController.operations + NotificationsAPIController.operations
            + CasesAPIController.operations + ContestAPIController.operations
            + ProgramSurveysAPIController.operations + ProgramMonitoringAPIController.operations
            + ProgramStagesAPIController.operations + ProgramPartnersAPIController.operations + YearFiguresAPIController.operations
            + OwnScalesAPIController.operations + PartnerProgramsAPIController.operations
    }

    static var schemas: [String: Any] {
        APIController.schemas
            .merging(BasesAPIController.schemas) { first, _ in first }
            .merging(ConsentsAPIController.schemas) { first, _ in first }
            .merging(RequestCatalogueAPIController.schemas) { first, _ in first }
            .merging(QuestionnairesAPIController.schemas) { first, _ in first }
            .merging(ProgramsAPIController.schemas) { first, _ in first }
            .merging(PairsAPIController.schemas) { first, _ in first }
            .merging(SelectionAPIController.schemas) { first, _ in first }
            .merging(TrainingAPIController.schemas) { first, _ in first }
            .merging(PairWorkAPIController.schemas) { first, _ in first }
            .merging(CompletionAPIController.schemas) { first, _ in first }
            .merging(IndicatorsAPIController.schemas) { first, _ in first }
            .merging(PublicCasesAPIController.schemas) { first, _ in first }
            .merging(CasesAPIController.schemas) { first, _ in first }
            .merging(ContestAPIController.schemas) { first, _ in first }
            .merging(MyChildrenAPIController.schemas) { first, _ in first }
            .merging(NotificationsAPIController.schemas) { first, _ in first }
            .merging(ProgramSurveysAPIController.schemas) { first, _ in first }
            .merging(ProgramMonitoringAPIController.schemas) { first, _ in first }
            .merging(ProgramStagesAPIController.schemas) { first, _ in first }
            .merging(ProgramPartnersAPIController.schemas) { first, _ in first }
            .merging(YearFiguresAPIController.schemas) { first, _ in first }
            .merging(OwnScalesAPIController.schemas) { first, _ in first }
            .merging(PartnerProgramsAPIController.schemas) { first, _ in first }
    }
}
