//! The agenda marker that names an appointment, Zoom having no idempotency key.

use consulta_domain::model::AppointmentId;

const PREFIX: &str = "consulta-appointment:";

/// `consulta-appointment:42`, put in the meeting's agenda on create.
pub(super) fn marker(appointment: AppointmentId) -> String {
    format!("{PREFIX}{}", appointment.get())
}

/// The agenda a new meeting gets: a line for the doctor, then the marker.
pub(super) fn agenda(appointment: AppointmentId) -> String {
    format!(
        "Consultation booked through Consulta.\n{}",
        marker(appointment)
    )
}

/// Whether `agenda` carries this appointment's marker, as a whole word:
/// appointment 4 does not match the marker of appointment 42.
pub(super) fn carries(agenda: &str, appointment: AppointmentId) -> bool {
    let wanted = marker(appointment);
    agenda.match_indices(&wanted).any(|(at, _)| {
        let before = agenda[..at].chars().next_back();
        let after = agenda[at + wanted.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_agenda_carries_its_own_marker() {
        let id = AppointmentId::new(42);
        assert!(agenda(id).contains("consulta-appointment:42"));
        assert!(carries(&agenda(id), id));
    }

    #[test]
    fn a_marker_matches_only_its_own_appointment() {
        let cases = [
            ("consulta-appointment:42", 4, false),
            ("consulta-appointment:42", 420, false),
            ("consulta-appointment:420", 42, false),
            ("x-consulta-appointment:42", 42, false),
            ("Notes\nconsulta-appointment:42", 42, true),
            ("consulta-appointment:42 (moved)", 42, true),
            ("consulta-appointment:7 consulta-appointment:42", 42, true),
            ("", 42, false),
        ];
        for (agenda, id, expected) in cases {
            assert_eq!(
                carries(agenda, AppointmentId::new(id)),
                expected,
                "agenda {agenda:?}, appointment {id}"
            );
        }
    }
}
