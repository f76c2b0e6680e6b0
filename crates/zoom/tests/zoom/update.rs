//! Moving a meeting after a reschedule.

use crate::support::{consultation, zoom};
use consulta_domain::ports::{MeetingError, MeetingProvider};
use consulta_testkit::zoom_fake::ZoomFake;
use serde_json::{json, Value};

#[tokio::test]
async fn a_reschedule_patches_topic_start_time_duration_and_zone() {
    let fake = ZoomFake::start().await;
    let zoom = zoom(&fake);
    let meeting = zoom.create_meeting(&consultation(42)).await.unwrap();
    let mut moved = consultation(42);
    moved.starts_at = "2026-01-06T09:30:00+06:00".parse().unwrap();
    moved.minutes = 45;

    zoom.update_meeting(&meeting.id, &moved).await.unwrap();

    let patches = fake.requests("PATCH", "/v2/meetings/*").await;
    assert_eq!(patches.len(), 1);
    assert_eq!(
        patches[0].url.path(),
        format!("/v2/meetings/{}", meeting.id)
    );
    assert_eq!(patches[0].headers["content-type"], "application/json");
    let body: Value = patches[0].body_json().unwrap();
    assert_eq!(
        body,
        json!({
            "topic": "Consultation with Dr. Rahman",
            "start_time": "2026-01-06T03:30:00Z",
            "duration": 45,
            "timezone": "Asia/Dhaka",
        })
    );
    let stored = fake.meeting(meeting.id.parse().unwrap()).unwrap();
    assert_eq!(stored["start_time"], "2026-01-06T03:30:00Z");
    let agenda = stored["agenda"].as_str().unwrap();
    assert!(
        agenda.contains("consulta-appointment:42"),
        "the marker stays: {agenda}"
    );
}

#[tokio::test]
async fn updating_a_meeting_zoom_does_not_know_is_permanent_with_zooms_message() {
    let fake = ZoomFake::start().await;

    let error = zoom(&fake)
        .update_meeting("123", &consultation(42))
        .await
        .unwrap_err();

    assert!(
        matches!(&error, MeetingError::Permanent(m) if m == "Zoom 3001: Meeting does not exist: 123."),
        "{error:?}"
    );
}
