import Foundation

/// One line of a home page's «what to do now»: how many, of what (agreeing with the number),
/// and where to go to handle it. The notifications can send the same lines.
struct HomeTask: Encodable, Sendable, Equatable {
    /// Which check produced the line, stable for tests and for notifications.
    let kind: String
    let count: Int
    /// The words after the number: «пары не встречались больше 14 дней».
    let label: String
    let href: String
    /// Someone asked for help or a deadline passed long ago: shown first and marked.
    var isUrgent = false
    /// Extra words after the label, e.g. «из них просят вмешаться: 1».
    var detail = ""

    /// «3 пары …»: the count before the label, for lists and messages.
    var text: String { "\(count) \(label)" + (detail.isEmpty ? "" : " (\(detail))") }
}

/// A group of tasks under a heading: an organization, or one of its programs.
struct HomeTaskGroup: Encodable, Sendable {
    let title: String
    let href: String
    var tasks: [HomeTask]
}
