/// Whether a mentor can answer a mentee's request: the rule the compatibility score's
/// «request» criterion uses, asked for one request at a time. Selection uses it to derive its
/// criteria from the mentees' requests before any pair is scored.
extension Compatibility {
    /// True when one of the mentor's competencies or life-experience entries matches the
    /// request («адаптация» matches «адаптация в новом коллективе»), compared as the score
    /// compares terms: case-insensitively, «ё» as «е», spaces collapsed, words under four
    /// letters only when equal. An empty request or an empty profile never matches.
    /// `terms` is the same rule the score is given (by default the literal one).
    public static func offers(_ mentor: MentorProfile, request: String, terms: any TermMatcher = LiteralTermMatcher()) -> Bool {
        guard !termKey(request).isEmpty else { return false }
        return (mentor.competencies + mentor.lifeExperience).contains { offered in
            // A neighbouring meaning helps a pair, but does not make the mentor one who answers the request.
            !termKey(offered).isEmpty && (terms.match(wanted: request, offered: offered)?.strength ?? 0) >= 1
        }
    }

    /// The same normalization as the score's term lists.
    static func termKey(_ value: String) -> String {
        value.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased().replacing("ё", with: "е")
    }
}
