//! A create whose answer was lost: the retry finds the meeting by its marker.

use crate::support::{config_for, consultation};
use consulta_domain::ports::{MeetingError, MeetingProvider};
use consulta_testkit::zoom_fake::{ZoomFake, FAKE_PASSCODE, FIRST_ID};
use consulta_zoom::ZoomMeetings;
use std::time::Duration;

#[tokio::test]
async fn a_create_past_the_timeout_is_temporary_and_its_retry_adopts_the_meeting() {
    let fake = ZoomFake::start().await;
    let mut config = config_for(&fake);
    config.timeout = Duration::from_millis(500);
    let zoom = ZoomMeetings::new(config).unwrap();
    fake.slow_next_create(Duration::from_secs(3));

    let error = zoom.create_meeting(&consultation(42)).await.unwrap_err();
    assert!(
        matches!(&error, MeetingError::Temporary { message, .. } if message.contains("in time")),
        "{error:?}"
    );

    let meeting = zoom.create_meeting(&consultation(42)).await.unwrap();

    assert_eq!(meeting.id, FIRST_ID.to_string());
    assert_eq!(meeting.passcode.as_deref(), Some(FAKE_PASSCODE));
    assert_eq!(
        fake.creates().await.len(),
        1,
        "exactly one POST reached Zoom"
    );
}
