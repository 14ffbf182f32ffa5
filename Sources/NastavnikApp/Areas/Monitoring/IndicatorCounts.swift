import Foundation

/// The counts behind the indicators of a scope (an organization, a municipality, the region) for
/// one academic year. Shares are computed from summed counts, never by averaging shares, so a
/// small school weighs as little as it should.
public struct IndicatorCounts: Codable, Sendable, Equatable {
    /// Denominators the organizations reported (`OrganizationYearFigures`).
    public var students = 0
    public var teachers = 0
    public var youngTeachers = 0
    /// Organizations that reported their figures, out of those counted.
    public var reporting = 0
    public var organizations = 0
    /// Mentees of student forms and student mentors in the year's formed or finished pairs.
    public var involvedMentees = 0
    public var involvedStudentMentors = 0
    /// Mentees of the teacher–teacher form: young teachers in mentoring.
    public var involvedYoungTeachers = 0
    public var pairs = 0
    public var activeMentors = 0
    public var enterpriseMentors = 0
    public var finished = 0
    public var endedEarly = 0
    public var closenessSum = 0
    public var closenessCount = 0
    /// Satisfaction on the 1–10 scale of the surveys after the program, by respondents' group.
    public var mentorSatisfactionSum = 0
    public var mentorSatisfactionCount = 0
    public var menteeSatisfactionSum = 0
    public var menteeSatisfactionCount = 0
    public var partnerSatisfactionSum = 0
    public var partnerSatisfactionCount = 0

    public init() {}

    public static func + (lhs: IndicatorCounts, rhs: IndicatorCounts) -> IndicatorCounts {
        var sum = IndicatorCounts()
        sum.students = lhs.students + rhs.students
        sum.teachers = lhs.teachers + rhs.teachers
        sum.youngTeachers = lhs.youngTeachers + rhs.youngTeachers
        sum.reporting = lhs.reporting + rhs.reporting
        sum.organizations = lhs.organizations + rhs.organizations
        sum.involvedMentees = lhs.involvedMentees + rhs.involvedMentees
        sum.involvedStudentMentors = lhs.involvedStudentMentors + rhs.involvedStudentMentors
        sum.involvedYoungTeachers = lhs.involvedYoungTeachers + rhs.involvedYoungTeachers
        sum.pairs = lhs.pairs + rhs.pairs
        sum.activeMentors = lhs.activeMentors + rhs.activeMentors
        sum.enterpriseMentors = lhs.enterpriseMentors + rhs.enterpriseMentors
        sum.finished = lhs.finished + rhs.finished
        sum.endedEarly = lhs.endedEarly + rhs.endedEarly
        sum.closenessSum = lhs.closenessSum + rhs.closenessSum
        sum.closenessCount = lhs.closenessCount + rhs.closenessCount
        sum.mentorSatisfactionSum = lhs.mentorSatisfactionSum + rhs.mentorSatisfactionSum
        sum.mentorSatisfactionCount = lhs.mentorSatisfactionCount + rhs.mentorSatisfactionCount
        sum.menteeSatisfactionSum = lhs.menteeSatisfactionSum + rhs.menteeSatisfactionSum
        sum.menteeSatisfactionCount = lhs.menteeSatisfactionCount + rhs.menteeSatisfactionCount
        sum.partnerSatisfactionSum = lhs.partnerSatisfactionSum + rhs.partnerSatisfactionSum
        sum.partnerSatisfactionCount = lhs.partnerSatisfactionCount + rhs.partnerSatisfactionCount
        return sum
    }

    /// Students involved in mentoring, as mentees or as mentors.
    public var involvedStudents: Int { involvedMentees + involvedStudentMentors }

    /// Seed 004's share: involved ÷ all students (the seed prints the fraction the other way
    /// round). nil when no organization reported its number of students.
    public var studentShare: Double? { students > 0 ? Double(involvedStudents) / Double(students) : nil }
    public var youngTeacherShare: Double? { youngTeachers > 0 ? Double(involvedYoungTeachers) / Double(youngTeachers) : nil }
    public var completionRate: Double? { pairs > 0 ? Double(finished) / Double(pairs) : nil }
    public var earlyEndRate: Double? { pairs > 0 ? Double(endedEarly) / Double(pairs) : nil }
    public var averageCloseness: Double? { closenessCount > 0 ? Double(closenessSum) / Double(closenessCount) : nil }

    /// The counts as shown and sent: a satisfaction figure behind fewer answers than an anonymous
    /// survey shows (`QuestionnaireResults.anonymityThreshold`) is left out, its sum and count
    /// zeroed, since one answer's average is that person's own score («9,0 (1)» in a school of one
    /// respondent). The stored counts keep them, so totals over many schools still add up.
    public var withoutIdentifiableSatisfaction: IndicatorCounts {
        var shown = self
        let threshold = QuestionnaireResults.anonymityThreshold
        if shown.mentorSatisfactionCount < threshold { shown.mentorSatisfactionSum = 0; shown.mentorSatisfactionCount = 0 }
        if shown.menteeSatisfactionCount < threshold { shown.menteeSatisfactionSum = 0; shown.menteeSatisfactionCount = 0 }
        if shown.partnerSatisfactionCount < threshold { shown.partnerSatisfactionSum = 0; shown.partnerSatisfactionCount = 0 }
        return shown
    }

    static func average(_ sum: Int, _ count: Int) -> String {
        count == 0 ? "—" : (Double(sum) / Double(count)).russian()
    }

    static func percent(_ share: Double?) -> String {
        guard let share else { return "—" }
        return (share * 100).russian() + " %"
    }
}

/// One line of an indicators table, formatted for the page and the API.
public struct IndicatorRow: Codable, Sendable {
    public let id: UUID?
    public let name: String
    public let counts: IndicatorCounts
    /// Mentees and student mentors together (a computed count, spelled out for the pages).
    public let involvedStudents: Int
    public let studentShare: String
    public let youngTeacherShare: String
    public let completionRate: String
    public let earlyEndRate: String
    public let averageCloseness: String
    /// «8,4 (12)»: the average and the number of answers behind it.
    public let mentorSatisfaction: String
    public let menteeSatisfaction: String
    public let partnerSatisfaction: String
    /// The share as a number 0–100 for charts; nil without a denominator.
    public let studentPercent: Double?

    public init(id: UUID?, name: String, counts: IndicatorCounts) {
        self.id = id
        self.name = name
        self.counts = counts
        involvedStudents = counts.involvedStudents
        studentShare = IndicatorCounts.percent(counts.studentShare)
        youngTeacherShare = IndicatorCounts.percent(counts.youngTeacherShare)
        completionRate = IndicatorCounts.percent(counts.completionRate)
        earlyEndRate = IndicatorCounts.percent(counts.earlyEndRate)
        averageCloseness = counts.averageCloseness.map { $0.russian() } ?? "—"
        studentPercent = counts.studentShare.map { $0 * 100 }
        func satisfaction(_ sum: Int, _ count: Int) -> String { count == 0 ? "—" : "\(IndicatorCounts.average(sum, count)) (\(count))" }
        let shown = counts.withoutIdentifiableSatisfaction
        mentorSatisfaction = satisfaction(shown.mentorSatisfactionSum, shown.mentorSatisfactionCount)
        menteeSatisfaction = satisfaction(shown.menteeSatisfactionSum, shown.menteeSatisfactionCount)
        partnerSatisfaction = satisfaction(shown.partnerSatisfactionSum, shown.partnerSatisfactionCount)
    }
}
