//! The doctor's start link, fetched fresh from Zoom each time.

use crate::support::{consultation, zoom};
use consulta_domain::ports::{MeetingError, MeetingProvider};
use consulta_testkit::zoom_fake::ZoomFake;

#[tokio::test]
async fn the_start_link_is_the_fresh_one_from_get_meeting() {
    let fake = ZoomFake::start().await;
    let zoom = zoom(&fake);
    let meeting = zoom.create_meeting(&consultation(42)).await.unwrap();

    let first = zoom.start_url(&meeting.id).await.unwrap();
    let second = zoom.start_url(&meeting.id).await.unwrap();

    // The create answer carried host token 1; each GET hands out a new one.
    let base = format!(
        "https://us05web.zoom.us/s/{}?zak=fresh-host-token-",
        meeting.id
    );
    assert_eq!(first, format!("{base}2"));
    assert_eq!(second, format!("{base}3"));
    let gets = fake.requests("GET", "/v2/meetings/*").await;
    assert_eq!(gets.len(), 2);
    assert_eq!(gets[0].url.path(), format!("/v2/meetings/{}", meeting.id));
}

#[tokio::test]
async fn the_start_link_of_a_deleted_meeting_is_a_permanent_error() {
    let fake = ZoomFake::start().await;

    let error = zoom(&fake).start_url("85746065432").await.unwrap_err();

    assert!(
        matches!(&error, MeetingError::Permanent(m) if m.starts_with("Zoom 3001:")),
        "{error:?}"
    );
}
