//! A password as typed, and the bcrypt hash that is stored instead.

use std::fmt;

pub const MIN_PASSWORD_CHARS: usize = 10;
/// bcrypt reads only the first 72 bytes; a longer password is refused, never cut.
pub const MAX_PASSWORD_BYTES: usize = 72;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("Choose a password of at least 10 characters.")]
    TooShort,
    #[error("A password can be at most 72 bytes (about 72 letters, fewer with accents or other scripts).")]
    TooLong,
    #[error("The two passwords do not match.")]
    Mismatch,
    #[error("A password cannot contain control characters.")]
    ControlCharacters,
}

/// A candidate password that satisfies the length rules. `Debug` never shows it.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    /// Checks a new password; spaces are kept, they are part of it.
    pub fn parse(input: &str) -> Result<Self, PasswordError> {
        if input.len() > MAX_PASSWORD_BYTES {
            return Err(PasswordError::TooLong);
        }
        // bcrypt treats NUL as the end of the password; no control character is typable anyway.
        if input.chars().any(char::is_control) {
            return Err(PasswordError::ControlCharacters);
        }
        if input.chars().count() < MIN_PASSWORD_CHARS {
            return Err(PasswordError::TooShort);
        }
        Ok(Self(input.to_owned()))
    }

    /// Checks a new password and its confirmation.
    pub fn parse_confirmed(input: &str, confirmation: &str) -> Result<Self, PasswordError> {
        let password = Self::parse(input)?;
        if input != confirmation {
            return Err(PasswordError::Mismatch);
        }
        Ok(password)
    }

    /// A password typed at login: not length-checked beyond bcrypt's limit,
    /// so an old account's shorter password still works.
    pub fn for_login(input: &str) -> Result<Self, PasswordError> {
        if input.len() > MAX_PASSWORD_BYTES {
            return Err(PasswordError::TooLong);
        }
        if input.contains('\0') {
            return Err(PasswordError::ControlCharacters);
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<hidden>)")
    }
}

/// A bcrypt hash string as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    pub fn new(hash: String) -> Self {
        Self(hash)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(<hidden>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_rules_count_characters_for_the_minimum_and_bytes_for_the_maximum() {
        assert_eq!(
            Password::parse("short").err(),
            Some(PasswordError::TooShort)
        );
        assert_eq!(
            Password::parse("123456789").err(),
            Some(PasswordError::TooShort)
        );
        assert!(Password::parse("1234567890").is_ok());
        assert!(Password::parse(&"a".repeat(72)).is_ok());
        assert_eq!(
            Password::parse(&"a".repeat(73)).err(),
            Some(PasswordError::TooLong)
        );
        // 25 three-byte characters are 75 bytes: refused although only 25 characters long.
        assert_eq!(
            Password::parse(&"অ".repeat(25)).err(),
            Some(PasswordError::TooLong)
        );
    }

    #[test]
    fn control_characters_are_refused_so_bcrypt_never_stops_early() {
        assert_eq!(
            Password::parse("abcdefghij\0klm").err(),
            Some(PasswordError::ControlCharacters)
        );
        assert_eq!(
            Password::for_login("abc\0").err(),
            Some(PasswordError::ControlCharacters)
        );
    }

    #[test]
    fn a_confirmation_must_match() {
        assert_eq!(
            Password::parse_confirmed("correct horse", "correct house").err(),
            Some(PasswordError::Mismatch)
        );
        assert!(Password::parse_confirmed("correct horse", "correct horse").is_ok());
    }

    #[test]
    fn debug_never_shows_the_password() {
        let password = Password::parse("hunter2hunter2").unwrap();
        assert!(!format!("{password:?}").contains("hunter2"));
    }
}
