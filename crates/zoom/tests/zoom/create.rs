//! Creating an appointment's meeting: the body Zoom gets, what comes back, and
//! the search for a meeting an earlier attempt made.

use crate::support::{consultation, zoom};
use consulta_domain::ports::{Meeting, MeetingProvider};
use consulta_testkit::zoom_fake::{ZoomFake, FAKE_PASSCODE, FIRST_ID};
use serde_json::{json, Value};

#[tokio::test]
async fn the_create_body_carries_time_in_utc_duration_zone_marker_and_every_setting() {
    let fake = ZoomFake::start().await;

    zoom(&fake).create_meeting(&consultation(42)).await.unwrap();

    let creates = fake.creates().await;
    assert_eq!(creates.len(), 1);
    let post = &creates[0];
    assert_eq!(
        post.url.path(),
        "/v2/users/dr.rahman@clinic.example/meetings"
    );
    assert_eq!(post.headers["content-type"], "application/json");
    assert_eq!(post.headers["authorization"], "Bearer fake-access-token-1");
    let body: Value = post.body_json().unwrap();
    assert_eq!(body["topic"], "Consultation with Dr. Rahman");
    assert_eq!(body["type"], 2);
    assert_eq!(body["start_time"], "2026-01-05T04:00:00Z");
    assert_eq!(body["duration"], 30);
    assert_eq!(body["timezone"], "Asia/Dhaka");
    let agenda = body["agenda"].as_str().unwrap();
    assert!(agenda.contains("consulta-appointment:42"), "{agenda}");
    assert_eq!(
        body["settings"],
        json!({
            "join_before_host": false,
            "waiting_room": true,
            "host_video": true,
            "participant_video": true,
            "mute_upon_entry": false,
            "approval_type": 2,
            "auto_recording": "none",
        })
    );
    let passcode = body["password"].as_str().unwrap();
    assert!(
        !passcode.is_empty()
            && passcode.len() <= 10
            && passcode.chars().all(|c| c.is_ascii_alphanumeric()),
        "passcode {passcode:?} breaks Zoom's rule"
    );
    assert!(body.get("default_password").is_none());
}

#[tokio::test]
async fn the_meeting_is_zooms_id_join_url_and_password_from_the_answer() {
    let fake = ZoomFake::start().await;

    let meeting = zoom(&fake).create_meeting(&consultation(42)).await.unwrap();

    assert_eq!(
        meeting,
        Meeting {
            id: FIRST_ID.to_string(),
            join_url: format!("https://us05web.zoom.us/j/{FIRST_ID}?pwd=fakepwd{FIRST_ID}"),
            passcode: Some(FAKE_PASSCODE.to_owned()),
        }
    );
}

#[tokio::test]
async fn the_hosts_upcoming_meetings_are_listed_before_creating() {
    let fake = ZoomFake::start().await;

    zoom(&fake).create_meeting(&consultation(42)).await.unwrap();

    let lists = fake.requests("GET", "/v2/users/*/meetings").await;
    assert_eq!(lists.len(), 1);
    let query: Vec<(String, String)> = lists[0].url.query_pairs().into_owned().collect();
    assert!(
        query.contains(&("type".into(), "upcoming".into())),
        "{query:?}"
    );
    assert!(
        query.contains(&("page_size".into(), "300".into())),
        "{query:?}"
    );
}

#[tokio::test]
async fn a_meeting_that_already_carries_the_marker_is_adopted_not_made_again() {
    let fake = ZoomFake::start().await;
    let made_before =
        fake.seed_meeting("Consultation booked through Consulta.\nconsulta-appointment:42");

    let meeting = zoom(&fake).create_meeting(&consultation(42)).await.unwrap();

    assert_eq!(meeting.id, made_before.to_string());
    assert_eq!(
        meeting.passcode.as_deref(),
        Some(FAKE_PASSCODE),
        "read back with GET"
    );
    assert!(fake.creates().await.is_empty());
}

#[tokio::test]
async fn the_search_follows_next_page_token_to_the_last_page() {
    let fake = ZoomFake::start().await;
    fake.set_page_size(2);
    for other in 1..=5 {
        fake.seed_meeting(&format!("consulta-appointment:{other}"));
    }
    let made_before = fake.seed_meeting("consulta-appointment:42");

    let meeting = zoom(&fake).create_meeting(&consultation(42)).await.unwrap();

    assert_eq!(meeting.id, made_before.to_string());
    let lists = fake.requests("GET", "/v2/users/*/meetings").await;
    let tokens: Vec<Option<String>> = lists
        .iter()
        .map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == "next_page_token")
                .map(|(_, v)| v.into_owned())
        })
        .collect();
    assert_eq!(tokens, [None, Some("2".to_owned()), Some("4".to_owned())]);
    assert!(fake.creates().await.is_empty());
}

#[tokio::test]
async fn another_appointments_marker_is_not_adopted() {
    let fake = ZoomFake::start().await;
    fake.seed_meeting("consulta-appointment:4");
    fake.seed_meeting("consulta-appointment:420");
    fake.seed_meeting("");

    let meeting = zoom(&fake).create_meeting(&consultation(42)).await.unwrap();

    assert_eq!(meeting.id, (FIRST_ID + 3).to_string());
    assert_eq!(fake.creates().await.len(), 1);
}
