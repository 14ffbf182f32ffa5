/// Reads an instance in the `mentor-match` JSON format in one pass over its bytes and
/// resolves ids to positions as it goes, without building the `Codable` tree: a dense
/// 3,000 × 3,000 matrix or a million edges are tens of megabytes, which `JSONDecoder`
/// turns into millions of boxed values before validation copies them again.
///
/// It takes the common shape of the format (ids without escapes or non-ASCII letters,
/// integers without fraction or exponent, no repeated keys) and gives up on anything
/// else, invalid input included: ``MatchingInstance/load(json:)`` then decodes the same
/// bytes with `Codable`, so a valid instance always gives the same ``ValidatedInstance``
/// and an invalid one the same message, whichever path read it.
struct StreamingInstanceDecoder {
    /// The input is outside what this decoder takes; not an error of the instance.
    struct Unsupported: Error {}

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private var objective = MatchingObjective.maxMatchedThenScore
    private var mentors = IdTable()
    private var mentees = IdTable()
    private var capacities: [Int] = []
    private var mentorsRead = false
    private var menteesRead = false
    private var edges: [ScoredPair]?
    private var scores: [UInt8]?
    private var fixedPairs: [IndexPair] = []
    private var forbiddenPairs: [IndexPair] = []
    private var menteePreferences: [(owner: Int, list: [Int])] = []
    private var mentorPreferences: [(owner: Int, list: [Int])] = []

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The validated instance, or ``Unsupported`` when the bytes must go the slow way.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(Unsupported) -> ValidatedInstance {
        var decoder = StreamingInstanceDecoder(bytes)
        try decoder.readDocument()
        return try decoder.validated()
    }

    // MARK: - Document

    private enum Field: CaseIterable {
        case objective, mentors, mentees, edges, scores, fixedPairs, forbiddenPairs
        case menteePreferences, mentorPreferences

        var name: StaticString {
            switch self {
            case .objective: "objective"
            case .mentors: "mentors"
            case .mentees: "mentees"
            case .edges: "edges"
            case .scores: "scores"
            case .fixedPairs: "fixedPairs"
            case .forbiddenPairs: "forbiddenPairs"
            case .menteePreferences: "menteePreferences"
            case .mentorPreferences: "mentorPreferences"
            }
        }
    }

    private mutating func readDocument() throws(Unsupported) {
        skipSpace()
        var seen = Set<Field>()
        // Fields that name people wait until both lists are read (their place in the
        // object is free), then are read from where they start.
        var waiting: [(Field, Int)] = []
        try readObject { (decoder: inout StreamingInstanceDecoder, key: Range<Int>) throws(Unsupported) in
            guard let field = Field.allCases.first(where: { decoder.equals(key, $0.name) }) else {
                try decoder.skipValue(depth: 1)
                return
            }
            guard seen.insert(field).inserted else { throw Unsupported() }
            switch field {
            case .objective, .mentors, .mentees:
                try decoder.read(field)
            default:
                if decoder.mentorsRead && decoder.menteesRead {
                    try decoder.read(field)
                } else {
                    waiting.append((field, decoder.index))
                    try decoder.skipValue(depth: 1)
                }
            }
        }
        skipSpace()
        guard index == bytes.count, mentorsRead, menteesRead else { throw Unsupported() }
        for (field, start) in waiting {
            index = start
            try read(field)
        }
    }

    private mutating func read(_ field: Field) throws(Unsupported) {
        switch field {
        case .objective:
            if readNull() { return }
            let text = try readString()
            guard let value = MatchingObjective.allCases.first(where: { equals(text, $0.rawValue) }) else {
                throw Unsupported()
            }
            objective = value
        case .mentors:
            try readArray { (decoder: inout StreamingInstanceDecoder) throws(Unsupported) in
                var id: Range<Int>?
                var capacity: Int?
                try decoder.readObject { (decoder: inout StreamingInstanceDecoder, key: Range<Int>) throws(Unsupported) in
                    if decoder.equals(key, "id") {
                        guard id == nil else { throw Unsupported() }
                        id = try decoder.readString()
                    } else if decoder.equals(key, "capacity") {
                        guard capacity == nil else { throw Unsupported() }
                        capacity = try decoder.readInteger()
                    } else {
                        try decoder.skipValue(depth: 3)
                    }
                }
                guard let id, let capacity, capacity >= 0, decoder.mentors.insert(id, decoder.bytes) else {
                    throw Unsupported()
                }
                decoder.capacities.append(capacity)
            }
            mentorsRead = true
        case .mentees:
            try readArray { (decoder: inout StreamingInstanceDecoder) throws(Unsupported) in
                var id: Range<Int>?
                try decoder.readObject { (decoder: inout StreamingInstanceDecoder, key: Range<Int>) throws(Unsupported) in
                    if decoder.equals(key, "id") {
                        guard id == nil else { throw Unsupported() }
                        id = try decoder.readString()
                    } else {
                        try decoder.skipValue(depth: 3)
                    }
                }
                guard let id, decoder.mentees.insert(id, decoder.bytes) else { throw Unsupported() }
            }
            menteesRead = true
        case .edges:
            if readNull() { return }
            var list: [ScoredPair] = []
            list.reserveCapacity(bytes.count / 48)
            try readArray { (decoder: inout StreamingInstanceDecoder) throws(Unsupported) in
                if let edge = try decoder.readEdgeInWriterOrder() {
                    list.append(edge)
                    return
                }
                let (pair, score) = try decoder.readPair(scored: true)
                guard let score, (0...100).contains(score) else { throw Unsupported() }
                list.append(ScoredPair(mentee: pair.mentee, mentor: pair.mentor, score: score))
            }
            edges = list
        case .scores:
            if readNull() { return }
            try readScores()
        case .fixedPairs:
            if readNull() { return }
            fixedPairs = try readPairs()
        case .forbiddenPairs:
            if readNull() { return }
            forbiddenPairs = try readPairs()
        case .menteePreferences:
            if readNull() { return }
            menteePreferences = try readPreferences(owners: mentees, listed: mentors)
        case .mentorPreferences:
            if readNull() { return }
            mentorPreferences = try readPreferences(owners: mentors, listed: mentees)
        }
    }

    /// `{"mentee": …, "mentor": …}` (and `"score"` for an edge), keys in any order.
    private mutating func readPair(scored: Bool) throws(Unsupported) -> (IndexPair, Int?) {
        var mentee: Int?
        var mentor: Int?
        var score: Int?
        try readObject { (decoder: inout StreamingInstanceDecoder, key: Range<Int>) throws(Unsupported) in
            if decoder.equals(key, "mentee") {
                guard mentee == nil else { throw Unsupported() }
                mentee = try decoder.mentees.find(try decoder.readString(), decoder.bytes)
            } else if decoder.equals(key, "mentor") {
                guard mentor == nil else { throw Unsupported() }
                mentor = try decoder.mentors.find(try decoder.readString(), decoder.bytes)
            } else if scored, decoder.equals(key, "score") {
                guard score == nil else { throw Unsupported() }
                score = try decoder.readInteger()
            } else {
                try decoder.skipValue(depth: 3)
            }
        }
        guard let mentee, let mentor, !scored || score != nil else { throw Unsupported() }
        return (IndexPair(mentee: mentee, mentor: mentor), score)
    }

    /// An edge as writers lay it out, `{"mentee": …, "mentor": …, "score": …}` in this
    /// order, read by matching the keys in place; `nil` (nothing read) for any other
    /// layout, which ``readPair(scored:)`` then takes.
    @inline(__always) private mutating func readEdgeInWriterOrder() throws(Unsupported) -> ScoredPair? {
        let start = index
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        guard key("mentee") else { index = start; return nil }
        let mentee = try mentees.find(try readString(), bytes)
        guard separator(UInt8(ascii: ",")), key("mentor") else { index = start; return nil }
        let mentor = try mentors.find(try readString(), bytes)
        guard separator(UInt8(ascii: ",")), key("score") else { index = start; return nil }
        let score = try readInteger()
        guard separator(UInt8(ascii: "}")) else { index = start; return nil }
        guard (0...100).contains(score) else { throw Unsupported() }
        return ScoredPair(mentee: mentee, mentor: mentor, score: score)
    }

    /// `"name"` and the colon, with the spaces around them.
    @inline(__always) private mutating func key(_ name: StaticString) -> Bool {
        skipSpace()
        let length = name.utf8CodeUnitCount
        guard index + length + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\""),
              bytes[index + length + 1] == UInt8(ascii: "\""),
              equals((index + 1)..<(index + 1 + length), name) else { return false }
        index += length + 2
        return separator(UInt8(ascii: ":"))
    }

    /// The byte, with the spaces around it.
    @inline(__always) private mutating func separator(_ byte: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        skipSpace()
        return true
    }

    private mutating func readPairs() throws(Unsupported) -> [IndexPair] {
        var list: [IndexPair] = []
        try readArray { (decoder: inout StreamingInstanceDecoder) throws(Unsupported) in
            list.append(try decoder.readPair(scored: false).0)
        }
        return list
    }

    /// The dense matrix, one row per mentee with one score per mentor, straight into bytes.
    private mutating func readScores() throws(Unsupported) {
        let columns = capacities.count
        let rows = mentees.count
        var flat = [UInt8](repeating: 0, count: rows * columns)
        var row = 0
        try flat.withUnsafeMutableBufferPointer { (flat: inout UnsafeMutableBufferPointer<UInt8>) throws(Unsupported) in
            try readArray { (decoder: inout StreamingInstanceDecoder) throws(Unsupported) in
                guard row < rows else { throw Unsupported() }
                var column = 0
                let base = row * columns
                try decoder.readArray { (decoder: inout StreamingInstanceDecoder) throws(Unsupported) in
                    guard column < columns else { throw Unsupported() }
                    flat[base + column] = try decoder.readScore()
                    column += 1
                }
                guard column == columns else { throw Unsupported() }
                row += 1
            }
        }
        guard row == rows else { throw Unsupported() }
        scores = flat
    }

    private mutating func readPreferences(owners: IdTable, listed: IdTable) throws(Unsupported) -> [(owner: Int, list: [Int])] {
        var result: [(owner: Int, list: [Int])] = []
        var seenOwners = Set<Int>()
        try readObject { (decoder: inout StreamingInstanceDecoder, key: Range<Int>) throws(Unsupported) in
            let owner = try owners.find(key, decoder.bytes)
            guard seenOwners.insert(owner).inserted else { throw Unsupported() }
            var list: [Int] = []
            var seen = Set<Int>()
            try decoder.readArray { (decoder: inout StreamingInstanceDecoder) throws(Unsupported) in
                let id = try listed.find(try decoder.readString(), decoder.bytes)
                guard seen.insert(id).inserted else { throw Unsupported() }
                list.append(id)
            }
            result.append((owner, list))
        }
        return result
    }

    // MARK: - Validation (the same rules as `MatchingInstance.validated()`, valid case only)

    private func validated() throws(Unsupported) -> ValidatedInstance {
        let n = mentees.count
        let m = capacities.count
        let candidates: CandidatePairs
        var edgeScore: [IndexPair: Int] = [:]
        if let scores {
            candidates = .dense(scores)
        } else {
            let list = edges ?? []
            try Self.checkDistinct(list, menteeCount: n, mentorCount: m)
            if objective == .stable {
                for p in list { edgeScore[IndexPair(mentee: p.mentee, mentor: p.mentor)] = p.score }
            }
            candidates = .sparse(list)
        }
        var fixedMentees = Set<Int>()
        var fixedLoad = [Int](repeating: 0, count: m)
        for pair in fixedPairs {
            guard fixedMentees.insert(pair.mentee).inserted else { throw Unsupported() }
            fixedLoad[pair.mentor] += 1
            guard fixedLoad[pair.mentor] <= capacities[pair.mentor] else { throw Unsupported() }
        }
        if objective == .stable, !fixedPairs.isEmpty { throw Unsupported() }
        let fixedSet = Set(fixedPairs)
        for pair in forbiddenPairs where fixedSet.contains(pair) { throw Unsupported() }
        let forbiddenSet = Set(forbiddenPairs)
        var menteeLists = [[Int]](repeating: [], count: n)
        for (owner, list) in menteePreferences {
            menteeLists[owner] = forbiddenSet.isEmpty
                ? list : list.filter { !forbiddenSet.contains(IndexPair(mentee: owner, mentor: $0)) }
        }
        var mentorLists = [[Int]](repeating: [], count: m)
        for (owner, list) in mentorPreferences { mentorLists[owner] = list }
        return ValidatedInstance(
            objective: objective,
            mentorIds: mentors.strings(bytes),
            menteeIds: mentees.strings(bytes),
            assignment: AssignmentProblem(
                menteeCount: n, capacities: capacities, candidates: candidates,
                objective: objective == .maxScore ? .maxScore : .maxMatchedThenScore,
                fixedPairs: fixedPairs, forbiddenPairs: forbiddenPairs),
            stable: StableMatchingProblem(
                capacities: capacities, menteePreferences: menteeLists, mentorPreferences: mentorLists),
            edgeScore: edgeScore)
    }

    /// No pair listed twice: edges grouped by mentee (a counting sort), then each group
    /// checked against a stamp per mentor, in time linear in the edges.
    private static func checkDistinct(_ list: [ScoredPair], menteeCount n: Int, mentorCount m: Int) throws(Unsupported) {
        var start = [Int](repeating: 0, count: n + 1)
        for p in list { start[p.mentee + 1] += 1 }
        for i in 0..<n { start[i + 1] += start[i] }
        var grouped = [Int32](repeating: 0, count: list.count)
        var fill = start
        for p in list {
            grouped[fill[p.mentee]] = Int32(p.mentor)
            fill[p.mentee] += 1
        }
        var stamp = [Int32](repeating: -1, count: m)
        for i in 0..<n {
            for k in start[i]..<start[i + 1] {
                let j = Int(grouped[k])
                guard stamp[j] != Int32(i) else { throw Unsupported() }
                stamp[j] = Int32(i)
            }
        }
    }

    // MARK: - JSON

    @inline(__always) private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    @inline(__always) private mutating func expect(_ byte: UInt8) throws(Unsupported) {
        guard index < bytes.count, bytes[index] == byte else { throw Unsupported() }
        index += 1
    }

    /// `null`, when it is the next value.
    private mutating func readNull() -> Bool {
        guard index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
              bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l") else { return false }
        index += 4
        return true
    }

    /// The bytes of a string without escapes, control characters or non-ASCII letters
    /// (`Codable` compares such ids by Unicode equivalence, not by bytes).
    @inline(__always) private mutating func readString() throws(Unsupported) -> Range<Int> {
        try expect(UInt8(ascii: "\""))
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return start..<(index - 1)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { throw Unsupported() }
            index += 1
        }
        throw Unsupported()
    }

    /// An integer as JSON writes it, without fraction or exponent, that fits easily.
    @inline(__always) private mutating func readInteger() throws(Unsupported) -> Int {
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let start = index
        var value = 0
        while index < bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            if digit > 9 { break }
            value = value &* 10 &+ Int(digit)
            index += 1
        }
        let digits = index - start
        guard digits > 0, digits <= 18, !(digits > 1 && bytes[start] == UInt8(ascii: "0")) else { throw Unsupported() }
        if index < bytes.count {
            let next = bytes[index]
            guard next != UInt8(ascii: "."), next != UInt8(ascii: "e"), next != UInt8(ascii: "E") else { throw Unsupported() }
        }
        return negative ? -value : value
    }

    /// A score 0–100 of the dense matrix: the hot loop of a large instance.
    @inline(__always) private mutating func readScore() throws(Unsupported) -> UInt8 {
        let value = try readInteger()
        guard (0...100).contains(value) else { throw Unsupported() }
        return UInt8(value)
    }

    /// `[` values `]`, calling `element` at each value.
    @inline(__always) private mutating func readArray(
        _ element: (inout StreamingInstanceDecoder) throws(Unsupported) -> Void
    ) throws(Unsupported) {
        try readContainer(UInt8(ascii: "["), UInt8(ascii: "]"), element)
    }

    /// `{` key `:` value … `}`, calling `member` with the key's bytes and the position
    /// at its value.
    @inline(__always) private mutating func readObject(
        _ member: (inout StreamingInstanceDecoder, Range<Int>) throws(Unsupported) -> Void
    ) throws(Unsupported) {
        try readContainer(UInt8(ascii: "{"), UInt8(ascii: "}")) { (decoder: inout StreamingInstanceDecoder) throws(Unsupported) in
            let key = try decoder.readString()
            decoder.skipSpace()
            try decoder.expect(UInt8(ascii: ":"))
            decoder.skipSpace()
            try member(&decoder, key)
        }
    }

    @inline(__always) private mutating func readContainer(
        _ open: UInt8, _ close: UInt8, _ element: (inout StreamingInstanceDecoder) throws(Unsupported) -> Void
    ) throws(Unsupported) {
        try expect(open)
        skipSpace()
        if index < bytes.count, bytes[index] == close {
            index += 1
            return
        }
        while true {
            skipSpace()
            try element(&self)
            skipSpace()
            guard index < bytes.count else { throw Unsupported() }
            let byte = bytes[index]
            index += 1
            if byte == close { return }
            guard byte == UInt8(ascii: ",") else { throw Unsupported() }
        }
    }

    /// Skips a value of a field this decoder does not use, checking that it is JSON.
    private mutating func skipValue(depth: Int) throws(Unsupported) {
        guard depth < 256, index < bytes.count else { throw Unsupported() }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            try readObject { (decoder: inout StreamingInstanceDecoder, _: Range<Int>) throws(Unsupported) in
                try decoder.skipValue(depth: depth + 1)
            }
        case UInt8(ascii: "["):
            try readArray { (decoder: inout StreamingInstanceDecoder) throws(Unsupported) in
                try decoder.skipValue(depth: depth + 1)
            }
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default:
            _ = try readInteger()
        }
    }

    /// Any string of an unused field: escapes checked, UTF-8 checked.
    private mutating func skipString() throws(Unsupported) {
        try expect(UInt8(ascii: "\""))
        let start = index
        var ascii = true
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                if !ascii, String(validating: UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]), as: UTF8.self) == nil {
                    throw Unsupported()
                }
                return
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw Unsupported() }
                let escaped = bytes[index]
                index += 1
                if escaped == UInt8(ascii: "u") {
                    guard index + 4 <= bytes.count,
                          (index..<(index + 4)).allSatisfy({ bytes[$0].isHexDigit }) else { throw Unsupported() }
                    index += 4
                } else if !"\"\\/bfnrt".utf8.contains(escaped) {
                    throw Unsupported()
                }
            case 0..<0x20: throw Unsupported()
            case 0x80...: ascii = false
            default: break
            }
        }
        throw Unsupported()
    }

    private mutating func literal(_ word: StaticString) throws(Unsupported) {
        guard index + word.utf8CodeUnitCount <= bytes.count,
              equals(index..<(index + word.utf8CodeUnitCount), word) else { throw Unsupported() }
        index += word.utf8CodeUnitCount
    }

    private func equals(_ range: Range<Int>, _ text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount else { return false }
        let pointer = text.utf8Start
        for k in 0..<range.count where bytes[range.lowerBound + k] != pointer[k] { return false }
        return true
    }

    private func equals(_ range: Range<Int>, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            range.count == utf8.count && (0..<range.count).allSatisfy { bytes[range.lowerBound + $0] == utf8[$0] }
        }
    }
}

private extension UInt8 {
    var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}

/// Ids by their bytes in the input, in an open-addressing hash table, so an edge finds
/// its mentee and mentor without making a `String`.
private struct IdTable {
    private var starts: [Int] = []
    private var lengths: [Int] = []
    private var slots = [Int32](repeating: -1, count: 16)
    private var mask = 15

    var count: Int { starts.count }

    @inline(__always) private static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for k in range { h = (h ^ UInt64(bytes[k])) &* 0x100_0000_01B3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    @inline(__always) private func same(_ position: Int, _ range: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let length = lengths[position]
        guard length == range.count else { return false }
        let start = starts[position]
        for k in 0..<length where bytes[start + k] != bytes[range.lowerBound + k] { return false }
        return true
    }

    /// Adds an id; false when it is empty or already there.
    mutating func insert(_ range: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if range.isEmpty { return false }
        if (count + 1) * 2 > slots.count { grow(bytes) }
        var slot = Self.hash(bytes, range) & mask
        while slots[slot] >= 0 {
            if same(Int(slots[slot]), range, bytes) { return false }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(count)
        starts.append(range.lowerBound)
        lengths.append(range.count)
        return true
    }

    /// The position of an id.
    @inline(__always) func find(_ range: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>) throws(StreamingInstanceDecoder.Unsupported) -> Int {
        var slot = Self.hash(bytes, range) & mask
        while slots[slot] >= 0 {
            let position = Int(slots[slot])
            if same(position, range, bytes) { return position }
            slot = (slot + 1) & mask
        }
        throw StreamingInstanceDecoder.Unsupported()
    }

    private mutating func grow(_ bytes: UnsafeBufferPointer<UInt8>) {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for position in 0..<count {
            var slot = Self.hash(bytes, starts[position]..<(starts[position] + lengths[position])) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(position)
        }
    }

    func strings(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        (0..<count).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[starts[$0]..<(starts[$0] + lengths[$0])]), as: UTF8.self) }
    }
}
