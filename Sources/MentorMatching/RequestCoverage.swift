/// Whether a mentor can answer a mentee's request: the rule the compatibility score's
/// «request» criterion uses, asked for one request at a time. Selection uses it to derive its
/// criteria from the mentees' requests before any pair is scored.
extension Compatibility {
    /// True when one of the mentor's competencies or life-experience entries matches the
    /// request («адаптация» matches «адаптация в новом коллективе»), compared as the score
    /// compares terms: case-insensitively, «ё» as «е», spaces collapsed, words under four
    /// letters only when equal. An empty request or an empty profile never matches.
    public static func offers(_ mentor: MentorProfile, request: String) -> Bool {
        let wanted = termKey(request)
        guard !wanted.isEmpty else { return false }
        return (mentor.competencies + mentor.lifeExperience).contains { offered in
            let key = termKey(offered)
            return !key.isEmpty && termsMatch(wanted, key)
        }
    }

    /// The same normalization as the score's term lists.
    static func termKey(_ value: String) -> String {
        value.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased().replacing("ё", with: "е")
    }
}
