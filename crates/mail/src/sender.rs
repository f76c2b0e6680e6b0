//! The configured sender (From) address, shared by every transport.

use lettre::message::Mailbox;

/// The configured From address could not be used.
#[derive(Debug, thiserror::Error)]
#[error("invalid sender address {address:?}: {reason}")]
pub struct InvalidSender {
    address: String,
    reason: String,
}

impl InvalidSender {
    fn new(address: &str, reason: impl Into<String>) -> Self {
        Self {
            address: address.to_owned(),
            reason: reason.into(),
        }
    }
}

/// Parses the sender: `from` is a bare address (`no-reply@clinic.example`)
/// or a mailbox with its display name (`Clinic <no-reply@clinic.example>`);
/// `from_name` names a bare address.
///
/// Giving two different names is refused rather than silently picking one,
/// since it means the configuration says two things. A blank `from_name`
/// counts as none, so an empty setting does not erase the name.
pub(crate) fn parse_sender(from: &str, from_name: Option<&str>) -> Result<Mailbox, InvalidSender> {
    let from = from.trim();
    let mailbox: Mailbox = from
        .parse()
        .map_err(|e: lettre::address::AddressError| InvalidSender::new(from, e.to_string()))?;
    let extra_name = from_name.map(str::trim).filter(|name| !name.is_empty());
    match (mailbox.name.as_deref(), extra_name) {
        (_, None) => Ok(mailbox),
        (None, Some(name)) => Ok(Mailbox::new(Some(name.to_owned()), mailbox.email)),
        (Some(own), Some(name)) if own == name => Ok(mailbox),
        (Some(own), Some(name)) => Err(InvalidSender::new(
            from,
            format!("it names the sender {own:?} but the sender name is set to {name:?}; set one"),
        )),
    }
}

/// The sender as its display name and address, for places that are not a
/// mail header (an invite's ORGANIZER), parsed by the same rules.
pub fn sender_parts(
    from: &str,
    from_name: Option<&str>,
) -> Result<(Option<String>, String), InvalidSender> {
    let mailbox = parse_sender(from, from_name)?;
    Ok((mailbox.name, mailbox.email.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sender_with_a_display_name_parses_and_garbage_does_not() {
        let sender = parse_sender("Consulta Demo Clinic <no-reply@consulta.local>", None).unwrap();
        assert_eq!(sender.name.as_deref(), Some("Consulta Demo Clinic"));
        assert_eq!(sender.email.to_string(), "no-reply@consulta.local");
        assert!(parse_sender("Consulta <not an address>", None).is_err());
    }

    #[test]
    fn every_form_of_the_sender_gives_the_expected_mailbox() {
        let cases = [
            ("no-reply@clinic.example", None, None, "bare address"),
            (
                "no-reply@clinic.example",
                Some("Clinic"),
                Some("Clinic"),
                "bare address named by from_name",
            ),
            (
                "  no-reply@clinic.example ",
                Some("  Clinic "),
                Some("Clinic"),
                "surrounding spaces",
            ),
            (
                "no-reply@clinic.example",
                Some("   "),
                None,
                "a blank from_name is none",
            ),
            (
                "Clinic <no-reply@clinic.example>",
                None,
                Some("Clinic"),
                "name in the address",
            ),
            (
                "Clinic <no-reply@clinic.example>",
                Some("Clinic"),
                Some("Clinic"),
                "the same name twice",
            ),
            (
                "<no-reply@clinic.example>",
                Some("Clinic"),
                Some("Clinic"),
                "angle brackets without a name",
            ),
        ];
        for (from, from_name, expected_name, why) in cases {
            let sender = parse_sender(from, from_name).unwrap_or_else(|e| panic!("{why}: {e}"));
            assert_eq!(sender.name.as_deref(), expected_name, "{why}");
            assert_eq!(sender.email.to_string(), "no-reply@clinic.example", "{why}");
        }
    }

    #[test]
    fn a_bad_sender_is_refused_with_its_value_in_the_message() {
        let cases = [
            ("", None, "empty"),
            ("Consulta Clinic", None, "a name without an address"),
            ("no-reply", None, "no domain"),
            ("a b@clinic.example", None, "space in the address"),
            (
                "Clinic <no-reply@clinic.example>",
                Some("Other Clinic"),
                "two different names",
            ),
        ];
        for (from, from_name, why) in cases {
            let error = parse_sender(from, from_name).unwrap_err();
            assert!(
                error.to_string().contains(&format!("{:?}", from.trim())),
                "{why}: {error}"
            );
        }
    }
}
