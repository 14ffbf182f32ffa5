import Foundation

extension String {
    /// A title in Russian quotes, as a page or a document names a program, a questionnaire or a
    /// roadmap item: «Шаг вперёд». A title typed with its own quotes is not quoted again («««…»»»
    /// was seen in flash messages); quotes inside become „…“, as Russian nests them
    /// («ООО „Томскнефтехим“»); a title longer than `limit` is cut after a whole word, with «…».
    func quoted(limit: Int? = nil) -> String {
        var text = trimmingCharacters(in: .whitespacesAndNewlines)
        while text.count >= 2, let first = text.first, let last = text.last,
              (first == "«" && last == "»") || (first == "\"" && last == "\"") || (first == "„" && last == "“"),
              Self.balanced(String(text.dropFirst().dropLast())) {
            text = String(text.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
        }
        if let limit, text.count > limit {
            let head = String(text.prefix(limit))
            let cut = head.lastIndex(where: { $0 == " " }).map { String(head[..<$0]) } ?? head
            text = cut.trimmingCharacters(in: CharacterSet(charactersIn: " ,.;:–—-")) + "…"
        }
        var nested = ""
        var open = true
        for character in text {
            switch character {
            case "«": nested.append("„")
            case "»": nested.append("“")
            case "\"":
                nested.append(open ? "„" : "“")
                open.toggle()
            default: nested.append(character)
            }
        }
        return "«\(nested)»"
    }

    /// Whether the «» inside pair up, so stripping the outer ones does not break «а» и «б».
    private static func balanced(_ text: String) -> Bool {
        var depth = 0
        for character in text {
            if character == "«" { depth += 1 }
            if character == "»" { depth -= 1; if depth < 0 { return false } }
        }
        return depth == 0
    }
}
