//! Jitsi Meet rooms: an unguessable room name derived from the appointment.

use async_trait::async_trait;
use consulta_domain::model::AppointmentId;
use consulta_domain::ports::{Meeting, MeetingError, MeetingProvider, MeetingRequest};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;

/// Public Jitsi Meet server, used when no other base URL is configured.
pub const DEFAULT_JITSI_URL: &str = "https://meet.jit.si";

/// Room names carry 128 bits of the HMAC: unguessable without the secret.
const ROOM_HEX_CHARS: usize = 32;

/// Builds a Jitsi room per appointment. Nothing goes over the network: the room
/// exists as soon as someone opens its URL.
///
/// The room derives from the appointment and a secret, so a retried job gives
/// the same link, and nobody can guess another appointment's link from theirs.
#[derive(Clone)]
pub struct JitsiMeetings {
    base_url: String,
    room_secret: [u8; 32],
}

impl JitsiMeetings {
    /// `base_url` is the Jitsi server, e.g. [`DEFAULT_JITSI_URL`]; a trailing
    /// slash is ignored. `room_secret` must stay the same across restarts, or
    /// a retried job would produce a different room.
    pub fn new(base_url: String, room_secret: [u8; 32]) -> Self {
        let base_url = base_url.trim_end_matches('/').to_owned();
        Self {
            base_url,
            room_secret,
        }
    }

    /// The room name for an appointment: `Consulta-` and 32 lowercase hex digits.
    fn room_for(&self, appointment: AppointmentId) -> Result<String, MeetingError> {
        // HMAC takes a key of any length, so this error cannot occur; it is
        // mapped rather than unwrapped, and never replaced by a shared room.
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.room_secret)
            .map_err(|e| MeetingError::Permanent(format!("jitsi room secret: {e}")))?;
        mac.update(format!("appointment:{}", appointment.get()).as_bytes());
        let digest = hex::encode(mac.finalize().into_bytes());
        Ok(format!("Consulta-{}", &digest[..ROOM_HEX_CHARS]))
    }
}

impl fmt::Debug for JitsiMeetings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JitsiMeetings")
            .field("base_url", &self.base_url)
            .field("room_secret", &"[redacted]")
            .finish()
    }
}

#[async_trait]
impl MeetingProvider for JitsiMeetings {
    async fn create_meeting(&self, request: &MeetingRequest) -> Result<Meeting, MeetingError> {
        let room = self.room_for(request.appointment)?;
        Ok(Meeting {
            join_url: format!("{}/{room}", self.base_url),
            id: room,
            passcode: None,
        })
    }

    /// A Jitsi room has no time: the same link serves the new time.
    async fn update_meeting(
        &self,
        _meeting_id: &str,
        _request: &MeetingRequest,
    ) -> Result<(), MeetingError> {
        Ok(())
    }

    /// A Jitsi room exists only while someone is in it: nothing to delete.
    async fn delete_meeting(&self, _meeting_id: &str) -> Result<(), MeetingError> {
        Ok(())
    }

    /// The host joins the same room as the patient.
    async fn start_url(&self, meeting_id: &str) -> Result<String, MeetingError> {
        Ok(format!("{}/{meeting_id}", self.base_url))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Timestamp;

    const SECRET: [u8; 32] = [7; 32];

    fn jitsi() -> JitsiMeetings {
        JitsiMeetings::new(DEFAULT_JITSI_URL.to_owned(), SECRET)
    }

    fn request_for(appointment: i64) -> MeetingRequest {
        MeetingRequest {
            appointment: AppointmentId::new(appointment),
            topic: "Consultation".to_owned(),
            starts_at: Timestamp::UNIX_EPOCH,
            minutes: 30,
            timezone: "Asia/Dhaka".to_owned(),
        }
    }

    #[tokio::test]
    async fn the_same_appointment_always_gets_the_same_url() {
        let first = jitsi().create_meeting(&request_for(7)).await.unwrap();
        let retried = jitsi().create_meeting(&request_for(7)).await.unwrap();
        assert_eq!(first, retried);
    }

    #[tokio::test]
    async fn different_appointments_get_different_urls() {
        let seven = jitsi().create_meeting(&request_for(7)).await.unwrap();
        let eight = jitsi().create_meeting(&request_for(8)).await.unwrap();
        assert_ne!(seven, eight);
    }

    #[test]
    fn a_different_secret_gives_a_different_room() {
        let other = JitsiMeetings::new(DEFAULT_JITSI_URL.to_owned(), [8; 32]);
        let id = AppointmentId::new(7);
        assert_ne!(jitsi().room_for(id).unwrap(), other.room_for(id).unwrap());
    }

    #[tokio::test]
    async fn the_url_is_the_base_then_consulta_and_32_hex_digits() {
        let meeting = jitsi().create_meeting(&request_for(7)).await.unwrap();
        let room = meeting
            .join_url
            .strip_prefix("https://meet.jit.si/Consulta-")
            .unwrap();
        assert_eq!(room.len(), 32, "room suffix: {room}");
        assert!(
            room.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()),
            "room suffix must be lowercase hex: {room}"
        );
    }

    #[test]
    fn the_room_is_the_hmac_of_the_appointment_as_documented() {
        // HMAC-SHA256(key = 32 bytes of 0x07, "appointment:7"), computed with
        // Python's hmac module; the first 32 hex digits form the room.
        assert_eq!(
            jitsi().room_for(AppointmentId::new(7)).unwrap(),
            "Consulta-06edd60234a7d1ced99da72061f65700"
        );
    }

    #[tokio::test]
    async fn a_trailing_slash_on_the_base_url_is_ignored() {
        let slashed = JitsiMeetings::new("https://jitsi.example.org/".to_owned(), SECRET);
        let meeting = slashed.create_meeting(&request_for(7)).await.unwrap();
        assert_eq!(
            meeting.join_url,
            "https://jitsi.example.org/Consulta-06edd60234a7d1ced99da72061f65700"
        );
    }

    #[test]
    fn debug_output_does_not_show_the_secret() {
        let shown = format!("{:?}", JitsiMeetings::new(String::new(), [0xAB; 32]));
        assert!(shown.contains("redacted"), "{shown}");
        assert!(!shown.contains("171"), "secret bytes leaked: {shown}");
        assert!(!shown.to_lowercase().contains("ab, ab"), "{shown}");
    }
}
