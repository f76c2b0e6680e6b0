//! A phone number: digits with an optional leading +, separators dropped.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("Enter your phone number.")]
    Empty,
    #[error("Enter a phone number using digits, with an optional + and country code.")]
    Malformed,
    #[error("A phone number has between 7 and 15 digits.")]
    WrongLength,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(PhoneError::Empty);
        }
        let (plus, rest) = match trimmed.strip_prefix('+') {
            Some(rest) => ("+", rest),
            None => ("", trimmed),
        };
        let mut digits = String::with_capacity(rest.len());
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => return Err(PhoneError::Malformed),
            }
        }
        if !(7..=15).contains(&digits.len()) {
            return Err(PhoneError::WrongLength);
        }
        Ok(Self(format!("{plus}{digits}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_dropped_and_the_plus_kept() {
        assert_eq!(
            Phone::parse(" +880 1711-234 567 ").unwrap().as_str(),
            "+8801711234567"
        );
        assert_eq!(
            Phone::parse("(212) 555-0199").unwrap().as_str(),
            "2125550199"
        );
    }

    #[test]
    fn bad_numbers_are_rejected_with_the_reason() {
        let cases = [
            ("", PhoneError::Empty, "empty"),
            ("call me", PhoneError::Malformed, "letters"),
            ("+1 555 01'; DROP", PhoneError::Malformed, "sql"),
            ("12345", PhoneError::WrongLength, "too short"),
            ("1234567890123456", PhoneError::WrongLength, "too long"),
            ("++8801711", PhoneError::Malformed, "two plus signs"),
        ];
        for (input, expected, why) in cases {
            assert_eq!(
                Phone::parse(input).err(),
                Some(expected),
                "{why}: {input:?}"
            );
        }
    }
}
