//! Stored forms of jobs: kinds, states and payloads round-trip; dedupe keys name their subject.

use super::*;

#[test]
fn payloads_round_trip_through_their_stored_text() {
    let at = Timestamp::from_second(1_767_225_600).unwrap();
    let later = Timestamp::from_second(1_767_229_200).unwrap();
    for payload in [
        JobPayload::None,
        JobPayload::Moved {
            from: at,
            to: later,
        },
        JobPayload::Reminder {
            starts_at: at,
            minutes_before: 1440,
        },
        JobPayload::Token { id: 9 },
        JobPayload::ProviderEvent {
            provider: "stripe".into(),
            event_id: "evt_1NG8Du2eZvKYlo2CUI79vXWy".into(),
        },
        JobPayload::Meeting {
            id: "85746065432".into(),
        },
        JobPayload::Payment {
            id: PaymentId::new(12),
        },
        JobPayload::Refund {
            payment: PaymentId::new(12),
            refund_ref: "re_3MtwBwLkdIwHu7ix28a3tqPa".into(),
        },
        JobPayload::Refund {
            payment: PaymentId::new(4),
            refund_ref: "desk 4 1".into(),
        },
    ] {
        assert_eq!(JobPayload::parse(&payload.to_stored()), Ok(payload));
    }
    for junk in [
        "moved 1",
        "payment x",
        "token x",
        "payment",
        "event stripe",
        "reminder a b",
        "refund 3",
        "refund 3 ",
        "refund x re_1",
        "what",
    ] {
        assert!(JobPayload::parse(junk).is_err(), "{junk:?}");
    }
}

#[test]
fn kinds_and_states_round_trip() {
    for kind in JobKind::ALL {
        assert_eq!(JobKind::parse(kind.as_str()), Some(kind));
    }
    assert_eq!(JobKind::parse("launch_rocket"), None);
    for state in [
        JobState::Pending,
        JobState::Done,
        JobState::Dead,
        JobState::Cancelled,
    ] {
        assert_eq!(JobState::parse(state.as_str()), Some(state));
    }
}

#[test]
fn dedupe_keys_name_the_appointment() {
    let id = Some(AppointmentId::new(42));
    assert_eq!(Dedupe::Never.key(id), None);
    assert_eq!(
        Dedupe::OncePerAppointment.key(id).as_deref(),
        Some("appointment:42")
    );
    assert_eq!(
        Dedupe::PerAppointment("moved:1767225600".into())
            .key(id)
            .as_deref(),
        Some("appointment:42:moved:1767225600")
    );
    assert_eq!(
        Dedupe::Key("sessions:2026-12-01T15".into())
            .key(None)
            .as_deref(),
        Some("sessions:2026-12-01T15")
    );
}
