//! Clients pointed at the fake, and the requests the domain sends.

use consulta_domain::model::AppointmentId;
use consulta_domain::ports::MeetingRequest;
use consulta_testkit::zoom_fake::{ZoomFake, ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET, HOST};
use consulta_zoom::{ZoomConfig, ZoomMeetings};
use secrecy::SecretString;
use std::time::Duration;

pub fn config_for(fake: &ZoomFake) -> ZoomConfig {
    ZoomConfig {
        api_base: fake.api_base(),
        oauth_base: fake.server.uri(),
        account_id: SecretString::from(ACCOUNT_ID),
        client_id: SecretString::from(CLIENT_ID),
        client_secret: SecretString::from(CLIENT_SECRET),
        user: HOST.to_owned(),
        timeout: Duration::from_secs(5),
    }
}

pub fn zoom(fake: &ZoomFake) -> ZoomMeetings {
    ZoomMeetings::new(config_for(fake)).unwrap()
}

/// Appointment `appointment` at 10:00 in Dhaka (04:00 UTC) on 5 January 2026, 30 minutes.
pub fn consultation(appointment: i64) -> MeetingRequest {
    MeetingRequest {
        appointment: AppointmentId::new(appointment),
        topic: "Consultation with Dr. Rahman".to_owned(),
        starts_at: "2026-01-05T10:00:00+06:00".parse().unwrap(),
        minutes: 30,
        timezone: "Asia/Dhaka".to_owned(),
    }
}
