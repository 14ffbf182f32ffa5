import Leaf
import LeafKit
import Vapor

/// `#field("login", "Логин")`, `#field("password", "Пароль", "password")`,
/// `#field("note", "Примечание", "textarea", "Необязательно")`: a labelled input that shows the
/// value typed before and the error for this field, from the page's `form`. Every value is
/// escaped here, because the tag's output is not escaped again.
struct FormFieldTag: UnsafeUnescapedLeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard ctx.parameters.count >= 2,
              let name = ctx.parameters[0].string, let label = ctx.parameters[1].string else {
            throw LeafError(.unknownError("#field(name, label, [type], [hint]) needs a name and a label"))
        }
        let type = ctx.parameters.count > 2 ? (ctx.parameters[2].string ?? "text") : "text"
        let hint = ctx.parameters.count > 3 ? ctx.parameters[3].string : nil
        let form = ctx.data["form"]?.dictionary
        let value = form?["values"]?.dictionary?[name]?.string ?? ""
        let error = form?["errors"]?.dictionary?[name]?.string
        let id = "f-" + name
        let describedBy = [hint.map { _ in id + "-hint" }, error.map { _ in id + "-error" }].compactMap { $0 }
        var attributes = "id=\"\(id)\" name=\"\(name.htmlEscaped())\""
        if !describedBy.isEmpty { attributes += " aria-describedby=\"\(describedBy.joined(separator: " "))\"" }
        if error != nil { attributes += " aria-invalid=\"true\"" }

        var html = "<div class=\"field\(error == nil ? "" : " field-error")\">"
        html += "<label for=\"\(id)\">\(label.htmlEscaped())</label>"
        switch type {
        case "textarea":
            html += "<textarea \(attributes) rows=\"4\">\(value.htmlEscaped())</textarea>"
        case "password":
            // A password is never sent back to the page.
            html += "<input type=\"password\" \(attributes) autocomplete=\"current-password\">"
        case "new-password":
            html += "<input type=\"password\" \(attributes) autocomplete=\"new-password\">"
        default:
            html += "<input type=\"\(type.htmlEscaped())\" \(attributes) value=\"\(value.htmlEscaped())\">"
        }
        if let hint { html += "<p class=\"hint\" id=\"\(id)-hint\">\(hint.htmlEscaped())</p>" }
        if let error { html += "<p class=\"error\" id=\"\(id)-error\">\(error.htmlEscaped())</p>" }
        html += "</div>"
        return .string(html)
    }
}

/// `#csrfField()`: the hidden field every form must carry.
struct CSRFFieldTag: UnsafeUnescapedLeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        let token = ctx.data["csrfToken"]?.string ?? ""
        return .string("<input type=\"hidden\" name=\"\(CSRFProtection.fieldName)\" value=\"\(token.htmlEscaped())\">")
    }
}

/// `#dateTime(date)`: «25.11.2026 09:41» in Moscow time, as Russian users read dates.
struct DateTimeTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let seconds = ctx.parameters.first?.double else { return .string("—") }
        return .string(RussianDate.dateTime(Date(timeIntervalSince1970: seconds)))
    }
}

enum RussianDate {
    /// Most users are in Moscow time; a per-organization zone can come later.
    static let timeZone = TimeZone(identifier: "Europe/Moscow") ?? .current

    static func dateTime(_ date: Date) -> String {
        DateFormatting.string(date, "dd.MM.yyyy HH:mm")
    }
}
