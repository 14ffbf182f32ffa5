/// The five forms of mentoring (DOMAIN.md §2, seeds 000 and 004).
public enum MentoringForm: String, Codable, CaseIterable, Sendable {
    case studentStudent, teacherTeacher, collegeStudentPupil, employerPupil, employerStudent

    public var russianName: String {
        switch self {
        case .studentStudent: "ученик – ученик"
        case .teacherTeacher: "учитель – учитель"
        case .collegeStudentPupil: "студент – ученик"
        case .employerPupil: "работодатель – ученик"
        case .employerStudent: "работодатель – студент"
        }
    }

    /// The name in the organization's own words: a college's peers are students and its mentors
    /// of colleagues are «педагоги» («студент – студент», «педагог – педагог», as the methodology
    /// names the forms for professional education); elsewhere the general name.
    public func russianName(in kind: OrganizationKind) -> String {
        switch (self, kind) {
        case (.studentStudent, .college): "студент – студент"
        case (.teacherTeacher, .college): "педагог – педагог"
        default: russianName
        }
    }

    /// One bit per form, so a set of forms filters with `forms_mask & bit` in either database.
    public var bit: Int { 1 << (Self.allCases.firstIndex(of: self) ?? 0) }

    public static func mask(_ forms: some Sequence<MentoringForm>) -> Int { forms.reduce(0) { $0 | $1.bit } }

    public static func forms(inMask mask: Int) -> [MentoringForm] { allCases.filter { mask & $0.bit != 0 } }
}
