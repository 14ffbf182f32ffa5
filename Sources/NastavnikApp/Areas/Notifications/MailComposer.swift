import Foundation

/// Turns a stored letter into an RFC 5322 message: UTF-8 text in base64, headers in RFC 2047
/// encoded words, the Message-ID the outbox keeps, and the unsubscribe link (RFC 2369).
enum MailComposer {
    static func message(_ letter: Outbox.Claimed, settings: MailSettings, unsubscribeToken: String, date: Date = Date()) -> String {
        let body = letter.body.replacingOccurrences(of: LetterText.sitePlaceholder, with: settings.siteURL)
            + LetterText.footer(site: settings.siteURL, unsubscribeToken: unsubscribeToken)
        let headers = [
            "From: \(encodedWords(settings.fromName)) <\(settings.from)>",
            "To: <\(letter.recipient)>",
            "Subject: \(encodedWords(letter.subject))",
            "Date: \(rfc5322Date(date))",
            "Message-ID: <\(letter.message_id)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "List-Unsubscribe: <\(settings.siteURL)\(SiteRoute.Notifications.unsubscribePage.path(unsubscribeToken))>",
            "Auto-Submitted: auto-generated",
        ]
        let encodedBody = Data(body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
            .base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + encodedBody + "\r\n"
    }

    /// `=?UTF-8?B?…?=` words of at most 75 characters, folded onto continuation lines; ASCII text stays as it is.
    static func encodedWords(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if clean.allSatisfy({ $0.isASCII }) { return clean }
        var words: [String] = []
        var chunk = ""
        for character in clean {
            // 45 bytes of UTF-8 make 60 of base64: with `=?UTF-8?B?` and `?=` a word stays under 75.
            if chunk.utf8.count + String(character).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }

    static func rfc5322Date(_ date: Date) -> String {
        DateFormatting.string(date, "EEE, dd MMM yyyy HH:mm:ss '+0000'", zone: TimeZone(identifier: "UTC")!, locale: "en_US_POSIX")
    }
}
