import Foundation

/// The Russian text of letters. The site's address and the unsubscribe link are added when the
/// letter is sent (`MailComposer`), so a letter written before the address changed still links right.
enum LetterText {
    /// Stands for the site's address in a stored body: `{{site}}/me/pairs`.
    static let sitePlaceholder = "{{site}}"

    static func subject(_ message: NotificationMessage) -> String {
        "Наставник: \(message.title)"
    }

    static func single(_ message: NotificationMessage, at date: Date) -> String {
        """
        Здравствуйте!

        \(message.body)

        Открыть: \(sitePlaceholder)\(message.link)
        """
    }

    struct DigestItem: Decodable {
        let title: String
        let body: String
        let link: String
        let created_at: Date
    }

    static func digestSubject(count: Int, day: Date) -> String {
        "Наставник: сводка за \(Self.day(day, withYear: false)) — \(count.russian("уведомление", "уведомления", "уведомлений"))"
    }

    /// A day's notifications in one letter, in the order they came.
    static func digest(_ items: [DigestItem], day: Date) -> String {
        var lines = ["Здравствуйте!", "", "За \(Self.day(day, withYear: false)) в «Наставнике» для вас \(items.count.russian("новое уведомление", "новых уведомления", "новых уведомлений")):", ""]
        for (index, item) in items.enumerated() {
            lines.append("\(index + 1). \(item.title) (\(time(item.created_at)))")
            lines.append("   \(item.body)")
            lines.append("   Открыть: \(sitePlaceholder)\(item.link)")
            lines.append("")
        }
        lines.append("Все уведомления: \(sitePlaceholder)\(SiteRoute.Notifications.index.path())")
        return lines.joined(separator: "\n")
    }

    static func footer(site: String, unsubscribeToken: String) -> String {
        """


        --
        Это письмо отправила платформа программ наставничества «Наставник».
        Как и когда присылать письма: \(site)\(SiteRoute.Notifications.settings.path())
        Отписаться от писем: \(site)\(SiteRoute.Notifications.unsubscribePage.path(unsubscribeToken))
        """
    }

    /// The platform's time, as on its pages.
    static var timeZone: TimeZone { RussianDate.timeZone }

    /// «12 декабря 2026» (or without the year).
    static func day(_ date: Date, withYear: Bool = true) -> String {
        DateFormatting.string(date, withYear ? "d MMMM yyyy" : "d MMMM", zone: timeZone)
    }

    static func time(_ date: Date) -> String {
        DateFormatting.string(date, "HH:mm", zone: timeZone)
    }
}

/// A check of an e-mail address good enough to keep a typo out of the SMTP envelope; the server decides the rest.
enum MailAddress {
    static func isValid(_ address: String?) -> Bool {
        guard let address, address.count <= 254, !address.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "\r" || $0 == "\n" }) else {
            return false
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
    }
}
