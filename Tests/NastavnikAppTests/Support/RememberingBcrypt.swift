import NIOConcurrencyHelpers
import Vapor

/// The fixtures sign the same few passwords in and create accounts with them thousands of times a
/// run, and bcrypt (cost 4, its C code unoptimized in a debug build) was an eighth of the suite's
/// CPU under perf. This is real bcrypt that remembers: a password is hashed once per test process
/// (later accounts with it get the same salted hash) and a password is checked against a hash
/// once; a wrong password still fails, a hash from elsewhere is still checked by bcrypt.
final class RememberingBcrypt: PasswordHasher, Sendable {
    private let cost: Int
    private let hashes = NIOLockedValueBox<[[UInt8]: [UInt8]]>([:])
    private let verdicts = NIOLockedValueBox<[[UInt8]: Bool]>([:])

    init(cost: Int) { self.cost = cost }

    func hash<Password: DataProtocol>(_ password: Password) throws -> [UInt8] {
        let key = Array(password)
        if let known = hashes.withLockedValue({ $0[key] }) { return known }
        let digest = Array(try Bcrypt.hash(String(decoding: key, as: UTF8.self), cost: cost).utf8)
        hashes.withLockedValue { $0[key] = digest }
        return digest
    }

    func verify<Password: DataProtocol, Digest: DataProtocol>(_ password: Password, created digest: Digest) throws -> Bool {
        let secret = Array(password), stored = Array(digest)
        // A NUL byte cannot occur in a bcrypt hash, so the pair is one unambiguous key.
        let key = stored + [0] + secret
        if let known = verdicts.withLockedValue({ $0[key] }) { return known }
        let verdict = try Bcrypt.verify(String(decoding: secret, as: UTF8.self), created: String(decoding: stored, as: UTF8.self))
        verdicts.withLockedValue { $0[key] = verdict }
        return verdict
    }
}

extension Application {
    /// One remembering hasher per test process, shared by every test app.
    private static let rememberingBcrypt = RememberingBcrypt(cost: 4)

    func useRememberingBcrypt() {
        passwords.use { _ in Application.rememberingBcrypt }
    }
}
