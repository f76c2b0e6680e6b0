//! Deleting a meeting after a cancellation, harmlessly repeatable.

use crate::support::{consultation, zoom};
use consulta_domain::ports::{MeetingError, MeetingProvider};
use consulta_testkit::zoom_fake::ZoomFake;

#[tokio::test]
async fn a_cancelled_appointments_meeting_is_deleted() {
    let fake = ZoomFake::start().await;
    let zoom = zoom(&fake);
    let meeting = zoom.create_meeting(&consultation(42)).await.unwrap();

    zoom.delete_meeting(&meeting.id).await.unwrap();

    let deletes = fake.requests("DELETE", "/v2/meetings/*").await;
    assert_eq!(deletes.len(), 1);
    assert_eq!(
        deletes[0].url.path(),
        format!("/v2/meetings/{}", meeting.id)
    );
    assert!(fake.meeting(meeting.id.parse().unwrap()).is_none());
}

#[tokio::test]
async fn deleting_a_meeting_zoom_does_not_know_404_code_3001_is_success() {
    let fake = ZoomFake::start().await;

    zoom(&fake).delete_meeting("85746065432").await.unwrap();

    assert_eq!(fake.requests("DELETE", "/v2/meetings/*").await.len(), 1);
}

#[tokio::test]
async fn a_retried_delete_is_harmless() {
    let fake = ZoomFake::start().await;
    let zoom = zoom(&fake);
    let meeting = zoom.create_meeting(&consultation(42)).await.unwrap();

    zoom.delete_meeting(&meeting.id).await.unwrap();
    zoom.delete_meeting(&meeting.id).await.unwrap();
}

#[tokio::test]
async fn an_id_that_is_no_zoom_meeting_number_is_refused_without_a_call() {
    let fake = ZoomFake::start().await;

    let error = zoom(&fake)
        .delete_meeting("Consulta-06edd60234a7d1ced99da72061f65700")
        .await
        .unwrap_err();

    assert!(matches!(error, MeetingError::Permanent(_)), "{error:?}");
    assert!(fake.requests("DELETE", "/v2/meetings/*").await.is_empty());
}
