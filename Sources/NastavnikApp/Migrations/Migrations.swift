import Fluent

/// Every migration in order. Append only: a landed migration is never edited.
enum AppMigrations {
    static var all: [any Migration] {
        [
            M001_CreateTerritory(),
            M002_CreateAccounts(),
            M003_CreateSessionsAndTokens(),
            M004_CreateAuditLog(),
            M005_CreateParticipantBases(),
            M006_CreateQuestionnaires(),
            M007_CreatePrograms(),
            M008_CreateSelectionAndTraining(),
            M009_CreatePairings(),
            M010_CreatePairMeetings(),
            M011_CreatePairGoalsAndDiary(),
            M012_CreateCompletion(),
            M013_CreateYearFigures(),
            M014_CreateMonitoring(),
            M015_CreateAnswerScores(),
            M016_CreatePracticeCases(),
            M017_CreateContests(),
            M018_CreateAttachedFiles(),
            M019_AccountsTrust(),
            M020_ParticipantsTrust(),
            M021_PairingTrust(),
            M022_SurveysTrust(),
            M023_GuardiansTrust(),
            M024_PersonGender(),
            M025_ProgramSurveys(),
            M026_MatchingVocabulary(),
            M027_HomeTasks(),
            M028_Notifications(),
            M029_InvitationsAtScale(),
            M030_TrustFollowUps(),
            M031_ProgramPartners(),
            M032_GuardianConsents(),
            M033_DeliveryFollowUps(),
            M034_FormWords(),
            M035_OwnScales(),
            M036_TrustRaces(),
            M037_MentorClasses(),
            M038_IndicatorCounts(),
            M039_CandidatePaging(),
            M040_AuditEntryPeople(),
        ]
    }
}
