import Foundation
@testable import Leaf
@testable import LeafKit
import Vapor

/// Leaf renders a variable its context lacks as nothing, so a renamed field leaves a blank on the
/// page and the render test passes. This walks a template the way LeafKit's serializer does — the
/// same parser, the context encoded by Leaf's own encoder, `#if` conditions evaluated by LeafKit's
/// resolver, `#for` bodies once per element, `#extend` and `#import` followed — and lists every
/// variable that a printed expression (`#(x)`) or a tag's parameter (`#dateTime(x)`, `#count(x)`)
/// reads and the context does not hold.
///
/// Conditions are not checked: `#if(x)` on a missing key is false, which is how a template asks
/// for an optional value (nil is left out of the context, as a missing key is), and a branch the
/// condition skips is not walked, so `#if(note): #(note) #endif` is sound. A printed optional the
/// test leaves nil is reported: guard it with `#if` or give it a value in the test. The maps of
/// typed values and errors (`form.values.x`, `form.errors.x`) hold only filled fields and are
/// not checked.
enum LeafKeyCheck {
    static func missingKeys(_ template: String, _ context: some Encodable, app: Application) throws -> [String] {
        var walker = Walker(root: packageRoot + "Resources/Views/", tags: app.leaf.tags)
        try walker.walk(try walker.parse(template), data: try LeafEncoder.encode(context), exports: [:])
        return walker.missing.sorted()
    }

    private struct Walker {
        let root: String
        let tags: [String: any LeafTag]
        var missing: Set<String> = []

        func parse(_ name: String) throws -> [Syntax] {
            let text = try String(contentsOfFile: root + name + ".leaf", encoding: .utf8)
            var lexer = LeafLexer(name: name, template: text)
            var parser = LeafParser(name: name, tokens: try lexer.lex())
            return try parser.parse()
        }

        mutating func walk(_ syntax: [Syntax], data: [String: LeafData], exports: [String: [Syntax]]) throws {
            for node in syntax {
                switch node {
                case .raw: break
                case .expression(let parameters):
                    check(parameters, data)
                case .custom(let tag):
                    check(tag.params, data)
                    if let body = tag.body { try walk(body, data: data, exports: exports) }
                case .with(let with):
                    try walk(with.body, data: data, exports: exports)
                case .conditional(let conditional):
                    for block in conditional.chain {
                        if case .else = block.condition {
                            try walk(block.body, data: data, exports: exports)
                            break
                        }
                        let value = try ParameterResolver(params: block.condition.expression(), data: data, tags: tags, userInfo: [:])
                            .resolve().first?.result ?? .trueNil
                        if (value.bool ?? false) || (!value.isNil && value.celf != .bool) {
                            try walk(block.body, data: data, exports: exports)
                            break
                        }
                    }
                case .loop(let loop):
                    guard let array = data[keyPath: loop.array]?.array else {
                        missing.insert(loop.array)
                        continue
                    }
                    for (index, item) in array.enumerated() {
                        var inner = data
                        inner["isFirst"] = .bool(index == 0)
                        inner["isLast"] = .bool(index == array.count - 1)
                        inner[loop.index] = .int(index)
                        inner[loop.item] = item
                        try walk(loop.body, data: inner, exports: exports)
                    }
                case .`import`(let place):
                    if let body = exports[place.key] { try walk(body, data: data, exports: [:]) }
                case .extend(let extend):
                    try walk(try parse(extend.key), data: data, exports: extend.exports.mapValues(\.body))
                case .export:
                    break
                }
            }
        }

        /// `form.values.login`, `row.values.email`, `form.errors.role`: the maps of what was typed and
        /// of the errors hold only the fields that have them; a field left empty has no key.
        static func isTypedValue(_ name: String) -> Bool {
            let parts = name.split(separator: ".")
            return parts.count >= 2 && ["values", "errors"].contains(parts[parts.count - 2])
        }

        /// Every variable the parameters read, tag arguments and operands included.
        mutating func check(_ parameters: [ParameterDeclaration], _ data: [String: LeafData]) {
            for parameter in parameters {
                switch parameter {
                case .parameter(.variable(let name)):
                    if data[keyPath: name] == nil && !Self.isTypedValue(name) { missing.insert(name) }
                case .parameter: break
                case .expression(let inner): check(inner, data)
                case .tag(let tag): check(tag.params, data)
                }
            }
        }
    }
}
