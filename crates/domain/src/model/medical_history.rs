//! What a patient tells the clinic about their health. Sensitive: stored encrypted.

use crate::validation::has_forbidden_control;
use std::fmt;

pub const MAX_HISTORY_CHARS: usize = 5000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MedicalHistoryError {
    #[error("Medical history can be at most 5000 characters.")]
    TooLong,
    #[error("Medical history cannot contain control characters.")]
    ControlCharacters,
}

/// Free text, possibly empty. Its `Debug` hides the content so it never reaches a log.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct MedicalHistory(String);

impl MedicalHistory {
    pub fn parse(input: &str) -> Result<Self, MedicalHistoryError> {
        let trimmed = input.trim();
        if trimmed.chars().count() > MAX_HISTORY_CHARS {
            return Err(MedicalHistoryError::TooLong);
        }
        if has_forbidden_control(trimmed, true) {
            return Err(MedicalHistoryError::ControlCharacters);
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for MedicalHistory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "MedicalHistory(<{} chars hidden>)",
            self.0.chars().count()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_text_is_kept_and_may_be_empty() {
        assert_eq!(
            MedicalHistory::parse("Asthma.\nPenicillin allergy.")
                .unwrap()
                .as_str(),
            "Asthma.\nPenicillin allergy."
        );
        assert!(MedicalHistory::parse("  ").unwrap().is_empty());
    }

    #[test]
    fn overlong_or_binary_text_is_rejected() {
        assert_eq!(
            MedicalHistory::parse(&"x".repeat(5001)),
            Err(MedicalHistoryError::TooLong)
        );
        assert_eq!(
            MedicalHistory::parse("a\u{7}b"),
            Err(MedicalHistoryError::ControlCharacters)
        );
    }

    #[test]
    fn debug_output_hides_the_content() {
        let history = MedicalHistory::parse("HIV positive").unwrap();
        assert!(!format!("{history:?}").contains("HIV"));
    }
}
