/// The form of mentoring (форма наставничества), seeds 000 and 004.
public enum MentoringForm: String, Codable, Sendable, CaseIterable {
    case studentStudent, teacherTeacher, collegeStudentPupil, employerPupil, employerStudent

    /// The name a curator reads.
    public var russianName: String {
        switch self {
        case .studentStudent: "ученик–ученик"
        case .teacherTeacher: "учитель–учитель"
        case .collegeStudentPupil: "студент–ученик"
        case .employerPupil: "работодатель–ученик"
        case .employerStudent: "работодатель–студент"
        }
    }
}

/// Role-model variants inside teacher–teacher mentoring (seed 003).
public enum RoleModel: String, Codable, Sendable, CaseIterable {
    case newcomerMaster, reservedLeader, skillsExchange, reverseDigital, subjectExperience, communityLeader

    public var russianName: String {
        switch self {
        case .newcomerMaster: "новичок–мастер"
        case .reservedLeader: "зажатый–лидер"
        case .skillsExchange: "«физик–русисту»"
        case .reverseDigital: "современный–опытному"
        case .subjectExperience: "опытный предметник–неопытному предметнику"
        case .communityLeader: "лидер педагогического сообщества–педагог с проблемами"
        }
    }
}

/// Where a person can meet.
public enum MeetingPlace: String, Codable, Sendable, CaseIterable {
    case inPerson, online, either
}

/// Part of the day for meetings.
public enum DayPart: String, Codable, Sendable, CaseIterable, Comparable {
    case morning, afternoon, evening

    public static func < (a: DayPart, b: DayPart) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A weekly time a person can meet: a weekday (1 is Monday … 7 is Sunday) and a part of day.
public struct MeetingTime: Hashable, Codable, Sendable, Comparable {
    public var weekday: Int
    public var dayPart: DayPart

    public init(weekday: Int, dayPart: DayPart) {
        self.weekday = weekday
        self.dayPart = dayPart
    }

    public static func < (a: MeetingTime, b: MeetingTime) -> Bool {
        (a.weekday, a.dayPart) < (b.weekday, b.dayPart)
    }

    /// «пн вечер».
    public var russianName: String {
        let days = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"]
        let day = (1...7).contains(weekday) ? days[weekday - 1] : "день \(weekday)"
        let part = switch dayPart {
        case .morning: "утро"
        case .afternoon: "день"
        case .evening: "вечер"
        }
        return "\(day) \(part)"
    }
}

/// An inclusive range of ages in years.
public struct AgeRange: Hashable, Codable, Sendable {
    public var minimum: Int
    public var maximum: Int
    public init(minimum: Int, maximum: Int) {
        self.minimum = minimum
        self.maximum = maximum
    }
}

/// What the mentor base records about a mentor (seed 001): what it can offer.
/// Every field may be empty; an empty field never counts as a match.
public struct MentorProfile: Codable, Sendable, Equatable {
    public var id: String
    /// Topics and problems the mentor can help with («адаптация», «подготовка к ОГЭ»).
    public var competencies: [String]
    public var subjects: [String]
    public var interests: [String]
    /// Life experience that may answer a request («переезд», «олимпиады», «своё дело»).
    public var lifeExperience: [String]
    public var preferredMenteeAge: AgeRange?
    /// Time resource: hours a week for all of the mentor's mentees together.
    public var hoursPerWeek: Double?
    public var meetingTimes: [MeetingTime]
    public var meetingPlace: MeetingPlace?
    public var forms: [MentoringForm]
    public var roleModels: [RoleModel]
    /// How many mentees the mentor takes (a group when above 1).
    public var capacity: Int

    public init(
        id: String, competencies: [String] = [], subjects: [String] = [], interests: [String] = [],
        lifeExperience: [String] = [], preferredMenteeAge: AgeRange? = nil, hoursPerWeek: Double? = nil,
        meetingTimes: [MeetingTime] = [], meetingPlace: MeetingPlace? = nil, forms: [MentoringForm] = [],
        roleModels: [RoleModel] = [], capacity: Int = 1
    ) {
        self.id = id
        self.competencies = competencies
        self.subjects = subjects
        self.interests = interests
        self.lifeExperience = lifeExperience
        self.preferredMenteeAge = preferredMenteeAge
        self.hoursPerWeek = hoursPerWeek
        self.meetingTimes = meetingTimes
        self.meetingPlace = meetingPlace
        self.forms = forms
        self.roleModels = roleModels
        self.capacity = capacity
    }
}

/// What the mentee base records about a mentee (seed 001): what it needs.
public struct MenteeProfile: Codable, Sendable, Equatable {
    public var id: String
    /// The request (запрос): problems or goals («низкая успеваемость», «буллинг», «профориентация»).
    public var requests: [String]
    public var subjects: [String]
    public var interests: [String]
    public var age: Int?
    public var availability: [MeetingTime]
    public var meetingPlace: MeetingPlace?
    public var form: MentoringForm?
    /// The role-model variant wanted (teacher–teacher).
    public var roleModel: RoleModel?
    /// Hours a week the mentee needs; when absent, one meeting of an hour every two weeks
    /// (the minimum the seeds set) is assumed.
    public var hoursPerWeekNeeded: Double?

    public init(
        id: String, requests: [String] = [], subjects: [String] = [], interests: [String] = [],
        age: Int? = nil, availability: [MeetingTime] = [], meetingPlace: MeetingPlace? = nil,
        form: MentoringForm? = nil, roleModel: RoleModel? = nil, hoursPerWeekNeeded: Double? = nil
    ) {
        self.id = id
        self.requests = requests
        self.subjects = subjects
        self.interests = interests
        self.age = age
        self.availability = availability
        self.meetingPlace = meetingPlace
        self.form = form
        self.roleModel = roleModel
        self.hoursPerWeekNeeded = hoursPerWeekNeeded
    }
}
