/// What other areas read from answers, by name rather than by parsing wording: the bases'
/// questionnaires (matching profiles), Mentor Match preferences, monitoring. A curator may
/// reword a question; its key stays, so the reading areas keep working.
public enum QuestionKey: String, Codable, CaseIterable, Sendable {
    // Mentor application (seed 001 «Разработка вопросов для наставников»).
    case mentorEducation = "mentor.education"
    case mentorExperience = "mentor.experience"
    case mentorAchievements = "mentor.achievements"
    case mentorStrengths = "mentor.strengths"
    case mentorWeaknesses = "mentor.weaknesses"
    case mentorHobbies = "mentor.hobbies"
    case mentorExpectations = "mentor.expectations"
    case mentorMotivation = "mentor.motivation"
    case mentorReadiness = "mentor.psychologicalReadiness"
    case mentorPreferredMenteeAge = "mentor.preferredMenteeAge"
    case mentorMeetingTime = "mentor.meetingTime"
    case mentorMeetingFrequency = "mentor.meetingFrequency"
    /// Matching «по анкетам» (issue 17, item 2): what the mentor can help with, and how both sides meet.
    case mentorCompetencies = "mentor.competencies"
    case mentorMeetingFormat = "mentor.meetingFormat"
    // Test of communication skills and empathy for student mentors (seed 000).
    case mentorCommunicationScore = "mentorTest.communication"
    case mentorEmpathyScore = "mentorTest.empathy"
    // Mentee request.
    case menteeRequest = "mentee.request"
    case menteeGoals = "mentee.goals"
    case menteeInterests = "mentee.interests"
    case menteeWishesForMentor = "mentee.wishesForMentor"
    case menteeMeetingFrequency = "mentee.meetingFrequency"
    case menteeMeetingTime = "mentee.meetingTime"
    case menteeMeetingFormat = "mentee.meetingFormat"
    // Mentor Match feedback (seed 001, four questions).
    case mentorMatchRanking = "mentorMatch.ranking"
    case mentorMatchHelpfulMentors = "mentorMatch.helpfulMentors"
    case mentorMatchMenteeRanking = "mentorMatch.menteeRanking"
    case mentorMatchMenteesICanHelp = "mentorMatch.menteesICanHelp"
    // Meetings (seed 003).
    case planningWishes = "planning.wishesTable"
    case reflectionCloserToGoal = "reflection.closerToGoal"
    case finalClosenessToGoal = "final.closenessToGoal"
    case finalContinueTogether = "final.continueTogether"
    case finalWantsToMentor = "final.wantsToMentor"
    // Satisfaction and monitoring (seed 003 «Мониторинг»).
    case satisfaction = "satisfaction.overall"
    case swotStrengths = "swot.strengths"
    case swotWeaknesses = "swot.weaknesses"
    case swotOpportunities = "swot.opportunities"
    case swotThreats = "swot.threats"
    case programQuality = "monitoring.programQuality"
    case pairsMeetRegularly = "monitoring.meetsRegularly"
    /// Clubs and sections besides lessons: seed 003's «процент посещающих кружки и секции».
    case menteeExtracurricular = "mentee.extracurricular"
    /// «Когда заполняется анкета»: on entering the program or after it.
    case surveyStage = "monitoring.surveyStage"
}
