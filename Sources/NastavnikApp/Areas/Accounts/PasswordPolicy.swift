/// The rules a new password must meet, with the Russian message for the first one broken.
enum PasswordPolicy {
    static let minimumLength = 10

    static func problem(with password: String, login: String) -> String? {
        if password.count < minimumLength {
            return "Пароль должен быть не короче \(minimumLength) символов."
        }
        if password.lowercased() == login.lowercased() {
            return "Пароль не должен совпадать с логином."
        }
        if Set(password).count < 4 {
            return "Пароль слишком простой: используйте разные буквы и цифры."
        }
        return nil
    }
}
