//! A person's name as they write it.

use crate::validation::has_forbidden_control;
use std::fmt;

pub const MAX_NAME_CHARS: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersonNameError {
    #[error("Enter your name.")]
    Empty,
    #[error("A name can be at most 100 characters.")]
    TooLong,
    #[error("A name cannot contain control characters.")]
    ControlCharacters,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(input: &str) -> Result<Self, PersonNameError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(PersonNameError::Empty);
        }
        if trimmed.chars().count() > MAX_NAME_CHARS {
            return Err(PersonNameError::TooLong);
        }
        if has_forbidden_control(trimmed, false) {
            return Err(PersonNameError::ControlCharacters);
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_any_script_are_kept_verbatim_after_trimming() {
        for name in [
            "Rahim Uddin",
            "রহিম উদ্দিন",
            "O'Brien-Smith",
            "<script>alert(1)</script>",
        ] {
            assert_eq!(
                PersonName::parse(&format!("  {name} ")).unwrap().as_str(),
                name
            );
        }
    }

    #[test]
    fn bad_names_are_rejected_with_the_reason() {
        assert_eq!(PersonName::parse("   "), Err(PersonNameError::Empty));
        assert_eq!(
            PersonName::parse(&"é".repeat(101)),
            Err(PersonNameError::TooLong)
        );
        assert!(
            PersonName::parse(&"é".repeat(100)).is_ok(),
            "100 characters is the limit, not 100 bytes"
        );
        assert_eq!(
            PersonName::parse("a\u{0}b"),
            Err(PersonNameError::ControlCharacters)
        );
    }
}
