//! Server-to-Server OAuth: the token request, its cache, and renewal after a 401.

use crate::support::{config_for, consultation, zoom};
use consulta_domain::ports::{MeetingError, MeetingProvider};
use consulta_testkit::zoom_fake::{ZoomFake, ACCOUNT_ID, BASIC_HEADER, FIRST_ID};
use consulta_zoom::ZoomMeetings;
use secrecy::SecretString;
use std::collections::BTreeMap;
use std::time::Duration;
use wiremock::ResponseTemplate;

fn bearer(request: &wiremock::Request) -> Option<&str> {
    request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn the_token_request_posts_the_grant_and_account_id_as_a_form_with_basic_auth() {
    let fake = ZoomFake::start().await;
    let id = fake.seed_meeting("consulta-appointment:1");

    zoom(&fake).start_url(&id.to_string()).await.unwrap();

    let tokens = fake.token_requests().await;
    assert_eq!(tokens.len(), 1);
    let token = &tokens[0];
    assert_eq!(bearer(token), Some(BASIC_HEADER));
    let content_type = token.headers.get("content-type").unwrap().to_str().unwrap();
    assert!(
        content_type.starts_with("application/x-www-form-urlencoded"),
        "{content_type}"
    );
    let form: BTreeMap<String, String> = url::form_urlencoded::parse(&token.body)
        .into_owned()
        .collect();
    assert_eq!(form["grant_type"], "account_credentials");
    assert_eq!(form["account_id"], ACCOUNT_ID);
    assert_eq!(
        token.url.query(),
        None,
        "the account id stays out of the URL"
    );
    let gets = fake.requests("GET", "/v2/meetings/*").await;
    assert_eq!(bearer(&gets[0]), Some("Bearer fake-access-token-1"));
}

#[tokio::test]
async fn a_token_is_reused_while_it_is_valid() {
    let fake = ZoomFake::start().await;
    let id = fake.seed_meeting("").to_string();
    let zoom = zoom(&fake);

    zoom.start_url(&id).await.unwrap();
    zoom.start_url(&id).await.unwrap();
    zoom.delete_meeting(&id).await.unwrap();

    assert_eq!(fake.token_requests().await.len(), 1);
}

#[tokio::test]
async fn a_token_with_a_short_expires_in_is_renewed_for_the_next_call() {
    let fake = ZoomFake::start().await;
    // 30 s is inside the 60 s renewal margin: usable once, not cached.
    fake.set_token_lifetime(30);
    let id = fake.seed_meeting("").to_string();
    let zoom = zoom(&fake);

    zoom.start_url(&id).await.unwrap();
    zoom.start_url(&id).await.unwrap();

    assert_eq!(fake.token_requests().await.len(), 2);
    let gets = fake.requests("GET", "/v2/meetings/*").await;
    assert_eq!(bearer(&gets[1]), Some("Bearer fake-access-token-2"));
}

#[tokio::test]
async fn concurrent_calls_wait_for_one_token_fetch() {
    let fake = ZoomFake::start().await;
    fake.delay_tokens(Duration::from_millis(300));
    let id = fake.seed_meeting("").to_string();
    let zoom = zoom(&fake);

    let (a, b, c) = tokio::join!(
        zoom.start_url(&id),
        zoom.start_url(&id),
        zoom.start_url(&id)
    );

    assert!(a.is_ok() && b.is_ok() && c.is_ok());
    assert_eq!(fake.token_requests().await.len(), 1);
}

#[tokio::test]
async fn a_401_code_124_gets_exactly_one_new_token_and_one_retry() {
    let fake = ZoomFake::start().await;
    let zoom = zoom(&fake);
    let meeting = zoom.create_meeting(&consultation(42)).await.unwrap();
    fake.expire_issued_tokens();

    zoom.update_meeting(&meeting.id, &consultation(42))
        .await
        .unwrap();

    assert_eq!(fake.token_requests().await.len(), 2);
    let patches = fake.requests("PATCH", "/v2/meetings/*").await;
    assert_eq!(patches.len(), 2, "the refused call and its one retry");
    assert_eq!(bearer(&patches[0]), Some("Bearer fake-access-token-1"));
    assert_eq!(bearer(&patches[1]), Some("Bearer fake-access-token-2"));
}

#[tokio::test]
async fn a_second_401_after_renewal_is_permanent_and_not_retried_again() {
    let fake = ZoomFake::start().await;
    let id = FIRST_ID.to_string();
    let invalid = r#"{"code":124,"message":"Invalid access token."}"#;
    for _ in 0..2 {
        fake.fail_next(
            "DELETE",
            "^/v2/meetings/",
            ResponseTemplate::new(401).set_body_string(invalid),
        )
        .await;
    }

    let error = zoom(&fake).delete_meeting(&id).await.unwrap_err();

    assert!(
        matches!(&error, MeetingError::Permanent(m) if m == "Zoom 124: Invalid access token."),
        "{error:?}"
    );
    assert_eq!(fake.requests("DELETE", "/v2/meetings/*").await.len(), 2);
    assert_eq!(fake.token_requests().await.len(), 2);
}

#[tokio::test]
async fn wrong_credentials_are_permanent_with_zooms_reason() {
    let fake = ZoomFake::start().await;
    let mut config = config_for(&fake);
    config.client_secret = SecretString::from("not_the_secret");
    let zoom = ZoomMeetings::new(config).unwrap();

    let error = zoom.create_meeting(&consultation(42)).await.unwrap_err();

    assert!(
        matches!(&error, MeetingError::Permanent(m) if m.contains("Invalid client_id or client_secret")),
        "{error:?}"
    );
    assert!(fake
        .requests("GET", "/v2/users/*/meetings")
        .await
        .is_empty());
    assert!(fake.creates().await.is_empty());
}

#[tokio::test]
async fn a_token_endpoint_outage_is_temporary() {
    let fake = ZoomFake::start().await;
    fake.fail_next("POST", "^/oauth/token$", ResponseTemplate::new(503))
        .await;

    let error = zoom(&fake).start_url("85746065432").await.unwrap_err();

    assert!(
        matches!(
            error,
            MeetingError::Temporary {
                retry_after: None,
                ..
            }
        ),
        "{error:?}"
    );
}
