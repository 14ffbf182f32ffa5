import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Vapor

/// Addresses of the reverse proxies in front of the app (`NASTAVNIK_TRUSTED_PROXIES`): single
/// addresses or networks, IPv4 or IPv6 («127.0.0.1, 10.0.0.0/8, fd00::/8»). Only a request that
/// arrives from one of them may say who the client is in a header; anyone else could make it up.
public struct TrustedProxies: Sendable, Equatable {
    struct Network: Sendable, Equatable {
        let bytes: [UInt8]
        let prefixLength: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var remaining = prefixLength
            for index in bytes.indices where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if address[index] & mask != bytes[index] & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    public struct InvalidEntry: Error, CustomStringConvertible {
        public let entry: String
        public var description: String {
            "NASTAVNIK_TRUSTED_PROXIES: «\(entry)» — не адрес и не сеть. Ожидаются адреса или сети через запятую, например 127.0.0.1, 10.0.0.0/8."
        }
    }

    let networks: [Network]

    public static let none = TrustedProxies(networks: [])

    init(networks: [Network]) { self.networks = networks }

    /// Parses «127.0.0.1», «10.0.0.0/8», «::1», «fd00::/8»; throws on anything else.
    public init(_ entries: [String]) throws {
        networks = try entries.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map { entry in
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = IPAddressBytes.parse(parts[0]) else { throw InvalidEntry(entry: entry) }
            var prefix = bytes.count * 8
            if parts.count == 2 {
                guard let length = Int(parts[1]), (0...bytes.count * 8).contains(length) else { throw InvalidEntry(entry: entry) }
                prefix = length
            }
            return Network(bytes: bytes, prefixLength: prefix)
        }
    }

    public var isEmpty: Bool { networks.isEmpty }

    public func contains(_ address: String) -> Bool {
        guard let bytes = IPAddressBytes.parse(address) else { return false }
        return networks.contains { $0.contains(bytes) }
    }
}

enum IPAddressBytes {
    /// The address's bytes (4 for IPv4, 16 for IPv6; an IPv4-mapped IPv6 address counts as IPv4).
    static func parse(_ text: String) -> [UInt8]? {
        let text = text.trimmingCharacters(in: .whitespaces)
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
                return Array(bytes[12..<16])
            }
            return bytes
        }
        return nil
    }
}

/// Who is on the other end of a request: the connecting address, or — when that is a trusted
/// proxy — the client the proxy names in its header.
enum ClientAddress {
    /// The rightmost address in the header that is not a trusted proxy: addresses to its left were
    /// written by the client and prove nothing.
    static func resolve(peer: String, forwarded: [String], trusted: TrustedProxies) -> String {
        guard !trusted.isEmpty, trusted.contains(peer) else { return peer }
        let chain = forwarded.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        guard !chain.isEmpty, chain.allSatisfy({ IPAddressBytes.parse($0) != nil }) else { return peer }
        return chain.last { !trusted.contains($0) } ?? chain[0]
    }
}

extension Request {
    /// The client's address for the login rate limit, sessions and the audit log.
    var clientAddress: String {
        let peer = remoteAddress?.ipAddress ?? "unknown"
        let settings = application.settings
        return ClientAddress.resolve(peer: peer, forwarded: headers[settings.clientAddressHeader], trusted: settings.trustedProxies)
    }
}
