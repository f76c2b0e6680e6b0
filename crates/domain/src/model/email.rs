//! An email address as a patient typed it, with the normalised form used for uniqueness.

use std::fmt;

const MAX_LEN: usize = 254;
const MAX_LOCAL_LEN: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("Enter your email address.")]
    Empty,
    #[error("An email address can be at most 254 characters.")]
    TooLong,
    #[error("Enter an email address like name@example.com.")]
    Malformed,
}

/// A syntactically valid address. Comparison ignores case, as mail providers do.
#[derive(Debug, Clone)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(EmailError::Empty);
        }
        if trimmed.len() > MAX_LEN {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = trimmed.rsplit_once('@').ok_or(EmailError::Malformed)?;
        let local_ok = !local.is_empty()
            && local.len() <= MAX_LOCAL_LEN
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let domain_ok = domain.contains('.')
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if !local_ok || !domain_ok {
            return Err(EmailError::Malformed);
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form stored in the unique column: trimmed and lower-cased.
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }
}

impl PartialEq for Email {
    fn eq(&self, other: &Self) -> bool {
        self.normalized() == other.normalized()
    }
}

impl Eq for Email {}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_addresses_are_accepted_and_trimmed() {
        for input in [
            "a@b.co",
            "  Rahim.Uddin@Example.COM ",
            "x+tag@mail.example.org",
        ] {
            let email = Email::parse(input).unwrap_or_else(|e| panic!("{input:?} rejected: {e}"));
            assert_eq!(email.as_str(), input.trim());
        }
    }

    #[test]
    fn invalid_addresses_are_rejected_with_the_reason() {
        let cases = [
            ("", EmailError::Empty, "empty"),
            ("   ", EmailError::Empty, "blank"),
            ("plainaddress", EmailError::Malformed, "no @"),
            ("@example.com", EmailError::Malformed, "no local part"),
            ("a@localhost", EmailError::Malformed, "no dot in domain"),
            ("a b@example.com", EmailError::Malformed, "space"),
            ("a@exa mple.com", EmailError::Malformed, "space in domain"),
            ("a..b@example.com", EmailError::Malformed, "double dot"),
            ("<script>@x.com", EmailError::Malformed, "markup"),
            (
                "a@-x.com",
                EmailError::Malformed,
                "label starts with hyphen",
            ),
        ];
        for (input, expected, why) in cases {
            assert_eq!(
                Email::parse(input).err(),
                Some(expected),
                "{why}: {input:?}"
            );
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(Email::parse(&long).err(), Some(EmailError::TooLong));
    }

    #[test]
    fn addresses_compare_without_regard_to_case() {
        let a = Email::parse("Patient@Clinic.org").unwrap();
        let b = Email::parse("patient@clinic.ORG").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.normalized(), "patient@clinic.org");
    }
}
