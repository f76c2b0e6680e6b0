//! iCalendar (RFC 5545) invites for a consultation, sent as an email attachment.

use consulta_domain::ports::Attachment;
use jiff::Timestamp;

/// Octets a content line may hold before it must be folded (CRLF excluded).
const MAX_LINE_OCTETS: usize = 75;

/// Whether the invite adds or updates the event, or withdraws it (RFC 5546).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Request,
    Cancel,
}

impl Method {
    fn name(self) -> &'static str {
        match self {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        }
    }

    fn status(self) -> &'static str {
        match self {
            Method::Request => "CONFIRMED",
            Method::Cancel => "CANCELLED",
        }
    }
}

/// One consultation as a calendar event.
///
/// A calendar matches updates by `uid` and keeps the one with the highest
/// `sequence`: keep the uid per appointment, and raise the sequence on each
/// reschedule and on cancellation.
#[derive(Debug, Clone)]
pub struct Invite {
    /// Stable per appointment, e.g. `appointment-7@clinic.example`.
    pub uid: String,
    pub sequence: u32,
    pub method: Method,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    /// When this version of the invite was made (DTSTAMP).
    pub issued_at: Timestamp,
    pub summary: String,
    pub description: String,
    /// Free text shown as the place, e.g. the meeting link or the clinic.
    pub location: Option<String>,
    /// The meeting link, when there is one.
    pub url: Option<String>,
    pub organizer_name: String,
    pub organizer_email: String,
    pub attendee_name: String,
    pub attendee_email: String,
}

impl Invite {
    /// The invite as an iCalendar object: CRLF line endings, folded lines.
    pub fn to_ics(&self) -> String {
        let mut lines = vec![
            "BEGIN:VCALENDAR".to_owned(),
            "VERSION:2.0".to_owned(),
            "PRODID:-//Consulta//Consulta//EN".to_owned(),
            "CALSCALE:GREGORIAN".to_owned(),
            format!("METHOD:{}", self.method.name()),
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{}", escape_text(&self.uid)),
            format!("SEQUENCE:{}", self.sequence),
            format!("DTSTAMP:{}", utc(self.issued_at)),
            format!("DTSTART:{}", utc(self.starts_at)),
            format!("DTEND:{}", utc(self.ends_at)),
            format!("SUMMARY:{}", escape_text(&self.summary)),
            format!("DESCRIPTION:{}", escape_text(&self.description)),
        ];
        if let Some(location) = &self.location {
            lines.push(format!("LOCATION:{}", escape_text(location)));
        }
        if let Some(url) = &self.url {
            lines.push(format!("URL:{}", uri(url)));
        }
        lines.push(format!(
            "ORGANIZER;CN={}:mailto:{}",
            param(&self.organizer_name),
            uri(&self.organizer_email)
        ));
        lines.push(format!(
            "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:{}",
            param(&self.attendee_name),
            uri(&self.attendee_email)
        ));
        lines.push(format!("STATUS:{}", self.method.status()));
        lines.push("TRANSP:OPAQUE".to_owned());
        lines.push("END:VEVENT".to_owned());
        lines.push("END:VCALENDAR".to_owned());

        let mut ics = String::new();
        for line in &lines {
            ics.push_str(&fold(line));
            ics.push_str("\r\n");
        }
        ics
    }

    /// The MIME type mail clients need to offer "add to calendar".
    pub fn content_type(&self) -> String {
        format!(
            "text/calendar; method={}; charset=UTF-8",
            self.method.name()
        )
    }

    /// The invite as a mail attachment named `invite.ics`.
    pub fn to_attachment(&self) -> Attachment {
        Attachment {
            filename: "invite.ics".to_owned(),
            content_type: self.content_type(),
            content: self.to_ics().into_bytes(),
        }
    }
}

/// A UTC DATE-TIME, `YYYYMMDDTHHMMSSZ`; sub-second parts are dropped.
fn utc(at: Timestamp) -> String {
    at.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes a TEXT value; other control characters are not allowed and are dropped.
fn escape_text(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                escaped.push_str("\\n");
            }
            '\n' => escaped.push_str("\\n"),
            '\t' => escaped.push('\t'),
            c if c.is_control() => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// A parameter value (e.g. CN), always quoted: it cannot be escaped, and a
/// double quote cannot appear inside quotes at all.
fn param(value: &str) -> String {
    let cleaned: String = value
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if c == '"' { '\'' } else { c })
        .collect();
    format!("\"{cleaned}\"")
}

/// A URI value is not escaped, but must not break the line.
fn uri(value: &str) -> String {
    value.chars().filter(|c| !c.is_control()).collect()
}

/// Folds a content line into pieces of at most 75 octets, continuation lines
/// starting with one space; a UTF-8 character is never split.
fn fold(line: &str) -> String {
    let mut folded = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut octets = 0;
    for c in line.chars() {
        let width = c.len_utf8();
        if octets + width > MAX_LINE_OCTETS {
            folded.push_str("\r\n ");
            // The leading space counts toward the continuation line's 75 octets.
            octets = 1;
        }
        folded.push(c);
        octets += width;
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invite() -> Invite {
        Invite {
            uid: "appointment-7@consulta.local".to_owned(),
            sequence: 2,
            method: Method::Request,
            starts_at: "2026-03-09T03:00:00Z".parse().unwrap(),
            ends_at: "2026-03-09T03:30:00Z".parse().unwrap(),
            issued_at: "2026-03-01T10:15:30.5Z".parse().unwrap(),
            summary: "Consultation with Dr. Rahman".to_owned(),
            description: "Reason: headache".to_owned(),
            location: Some("https://meet.jit.si/Consulta-abc".to_owned()),
            url: Some("https://meet.jit.si/Consulta-abc".to_owned()),
            organizer_name: "Consulta Demo Clinic".to_owned(),
            organizer_email: "no-reply@consulta.local".to_owned(),
            attendee_name: "Amina Khatun".to_owned(),
            attendee_email: "amina@example.com".to_owned(),
        }
    }

    /// Joins folded lines back together, as a calendar reader does.
    fn unfold(ics: &str) -> String {
        ics.replace("\r\n ", "")
    }

    fn lines(ics: &str) -> Vec<String> {
        unfold(ics).split("\r\n").map(str::to_owned).collect()
    }

    #[test]
    fn text_escapes_backslash_semicolon_comma_and_every_newline_form() {
        let cases = [
            ("a\\b", "a\\\\b", "backslash"),
            ("a;b", "a\\;b", "semicolon"),
            ("a,b", "a\\,b", "comma"),
            ("a\nb", "a\\nb", "LF"),
            ("a\r\nb", "a\\nb", "CRLF is one newline"),
            ("a\rb", "a\\nb", "lone CR"),
            ("a:b", "a:b", "colon needs no escape in a value"),
            ("a\u{7}b", "ab", "other control characters are dropped"),
            ("ডাক্তার", "ডাক্তার", "non-ASCII passes through"),
        ];
        for (input, expected, why) in cases {
            assert_eq!(escape_text(input), expected, "{why}");
        }
    }

    #[test]
    fn a_line_of_75_octets_stays_whole_and_76_is_folded() {
        let exact = "X".repeat(75);
        assert_eq!(fold(&exact), exact);
        let over = "X".repeat(76);
        assert_eq!(fold(&over), format!("{}\r\n X", "X".repeat(75)));
    }

    #[test]
    fn every_folded_piece_is_at_most_75_octets_and_unfolds_to_the_original() {
        let line = format!("DESCRIPTION:{}", "abcdefghij".repeat(40));
        let folded = fold(&line);
        for piece in folded.split("\r\n") {
            assert!(piece.len() <= 75, "piece of {} octets", piece.len());
        }
        assert_eq!(unfold(&folded), line);
    }

    #[test]
    fn folding_never_splits_a_utf8_character() {
        // Bengali letters are 3 octets each, so 75-octet boundaries fall inside
        // characters unless the folder steps back.
        for prefix in ["", "a", "ab"] {
            let line = format!("SUMMARY:{prefix}{}", "ডাক্তারের সাথে পরামর্শ ".repeat(10));
            let folded = fold(&line);
            for (index, piece) in split_bytes(folded.as_bytes(), b"\r\n ").iter().enumerate() {
                // A continuation line's leading space is one of its 75 octets.
                let octets = piece.len() + usize::from(index > 0);
                assert!(octets <= 75, "line {index} has {octets} octets");
                assert!(
                    std::str::from_utf8(piece).is_ok(),
                    "a fold split a character: {piece:?}"
                );
            }
            assert_eq!(unfold(&folded), line);
        }
    }

    fn split_bytes<'a>(bytes: &'a [u8], separator: &[u8]) -> Vec<&'a [u8]> {
        let mut pieces = Vec::new();
        let mut start = 0;
        let mut i = 0;
        while i + separator.len() <= bytes.len() {
            if &bytes[i..i + separator.len()] == separator {
                pieces.push(&bytes[start..i]);
                i += separator.len();
                start = i;
            } else {
                i += 1;
            }
        }
        pieces.push(&bytes[start..]);
        pieces
    }

    #[test]
    fn the_invite_has_the_calendar_and_event_structure_with_crlf_lines() {
        let ics = invite().to_ics();
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(
            !ics.replace("\r\n", "").contains('\n'),
            "bare LF in {ics:?}"
        );
        let lines = lines(&ics);
        let expected_in_order = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Consulta//Consulta//EN",
            "METHOD:REQUEST",
            "BEGIN:VEVENT",
            "UID:appointment-7@consulta.local",
            "SEQUENCE:2",
            "DTSTAMP:20260301T101530Z",
            "DTSTART:20260309T030000Z",
            "DTEND:20260309T033000Z",
            "SUMMARY:Consultation with Dr. Rahman",
            "DESCRIPTION:Reason: headache",
            "LOCATION:https://meet.jit.si/Consulta-abc",
            "URL:https://meet.jit.si/Consulta-abc",
            "ORGANIZER;CN=\"Consulta Demo Clinic\":mailto:no-reply@consulta.local",
            "ATTENDEE;CN=\"Amina Khatun\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:amina@example.com",
            "STATUS:CONFIRMED",
            "END:VEVENT",
            "END:VCALENDAR",
        ];
        let mut position = 0;
        for expected in expected_in_order {
            let found = lines[position..]
                .iter()
                .position(|line| line == expected)
                .unwrap_or_else(|| panic!("{expected:?} missing or out of order in {lines:#?}"));
            position += found + 1;
        }
    }

    #[test]
    fn a_cancellation_says_cancel_and_cancelled() {
        let cancel = Invite {
            method: Method::Cancel,
            sequence: 3,
            ..invite()
        };
        let lines = lines(&cancel.to_ics());
        assert!(lines.contains(&"METHOD:CANCEL".to_owned()));
        assert!(lines.contains(&"STATUS:CANCELLED".to_owned()));
        assert!(lines.contains(&"SEQUENCE:3".to_owned()));
        assert_eq!(
            cancel.content_type(),
            "text/calendar; method=CANCEL; charset=UTF-8"
        );
    }

    #[test]
    fn user_text_cannot_inject_a_property_or_break_a_parameter() {
        let hostile = Invite {
            summary: "Hi\r\nATTENDEE:mailto:evil@example.com".to_owned(),
            attendee_name: "Eve\"; ROLE=CHAIR:mailto:x\r\nX".to_owned(),
            location: None,
            url: Some("https://x.example/\r\nMETHOD:CANCEL".to_owned()),
            ..invite()
        };
        let lines = lines(&hostile.to_ics());
        assert!(lines.contains(&"SUMMARY:Hi\\nATTENDEE:mailto:evil@example.com".to_owned()));
        assert!(lines.contains(&"URL:https://x.example/METHOD:CANCEL".to_owned()));
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("ATTENDEE;CN=\"Eve'; ROLE=CHAIR:mailto:xX\";")),
            "{lines:#?}"
        );
        assert_eq!(lines.iter().filter(|l| l.starts_with("METHOD:")).count(), 1);
        assert!(!lines.iter().any(|l| l.starts_with("LOCATION:")));
    }

    #[test]
    fn the_attachment_is_invite_ics_with_the_calendar_content_type() {
        let attachment = invite().to_attachment();
        assert_eq!(attachment.filename, "invite.ics");
        assert_eq!(
            attachment.content_type,
            "text/calendar; method=REQUEST; charset=UTF-8"
        );
        assert_eq!(attachment.content, invite().to_ics().into_bytes());
    }
}
