//! Zoom's refusals and outages, as the port's Temporary or Permanent.

use crate::support::{config_for, consultation, zoom};
use consulta_domain::ports::{MeetingError, MeetingProvider};
use consulta_testkit::zoom_fake::ZoomFake;
use consulta_zoom::ZoomMeetings;
use secrecy::SecretString;
use wiremock::ResponseTemplate;

const CREATE: &str = "^/v2/users/[^/]+/meetings$";

#[tokio::test]
async fn a_500_is_temporary_without_advice_on_when() {
    let fake = ZoomFake::start().await;
    fake.fail_next("POST", CREATE, ResponseTemplate::new(500))
        .await;

    let error = zoom(&fake)
        .create_meeting(&consultation(42))
        .await
        .unwrap_err();

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

#[tokio::test]
async fn a_validation_failure_400_code_300_is_permanent_with_zooms_message() {
    let fake = ZoomFake::start().await;
    let body = r#"{"code":300,"message":"Validation Failed.","errors":[{"field":"start_time","message":"Invalid field."}]}"#;
    fake.fail_next(
        "POST",
        CREATE,
        ResponseTemplate::new(400).set_body_string(body),
    )
    .await;

    let error = zoom(&fake)
        .create_meeting(&consultation(42))
        .await
        .unwrap_err();

    assert!(
        matches!(&error, MeetingError::Permanent(m) if m == "Zoom 300: Validation Failed."),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_missing_scope_is_permanent_with_zooms_message() {
    let fake = ZoomFake::start().await;
    let body = r#"{"code":4711,"message":"Invalid access token, does not contain scopes:[meeting:write:meeting:admin]."}"#;
    fake.fail_next(
        "POST",
        CREATE,
        ResponseTemplate::new(400).set_body_string(body),
    )
    .await;

    let error = zoom(&fake)
        .create_meeting(&consultation(42))
        .await
        .unwrap_err();

    assert!(
        matches!(&error, MeetingError::Permanent(m)
            if m == "Zoom 4711: Invalid access token, does not contain scopes:[meeting:write:meeting:admin]."),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_unknown_host_user_is_permanent_with_zooms_message() {
    let fake = ZoomFake::start().await;
    let mut config = config_for(&fake);
    config.user = "nobody@clinic.example".to_owned();

    let error = ZoomMeetings::new(config)
        .unwrap()
        .create_meeting(&consultation(42))
        .await
        .unwrap_err();

    assert!(
        matches!(&error, MeetingError::Permanent(m)
            if m == "Zoom 1001: User does not exist: nobody@clinic.example"),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_unreachable_zoom_is_temporary() {
    let fake = ZoomFake::start().await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let mut config = config_for(&fake);
    config.api_base = format!("http://127.0.0.1:{port}/v2");

    let error = ZoomMeetings::new(config)
        .unwrap()
        .create_meeting(&consultation(42))
        .await
        .unwrap_err();

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

#[test]
fn a_configuration_that_cannot_work_is_refused_at_start_up() {
    let base = consulta_zoom::ZoomConfig::new(
        SecretString::from("acct"),
        SecretString::from("id"),
        SecretString::from("secret"),
        "dr@clinic.example".to_owned(),
    );
    let cases: Vec<(&str, consulta_zoom::ZoomConfig)> = vec![
        (
            "empty user",
            consulta_zoom::ZoomConfig {
                user: " ".into(),
                ..base.clone()
            },
        ),
        (
            "empty secret",
            consulta_zoom::ZoomConfig {
                client_secret: SecretString::from(""),
                ..base.clone()
            },
        ),
        (
            "empty account",
            consulta_zoom::ZoomConfig {
                account_id: SecretString::from(""),
                ..base.clone()
            },
        ),
        (
            "not a URL",
            consulta_zoom::ZoomConfig {
                api_base: "api.zoom.us".into(),
                ..base.clone()
            },
        ),
        (
            "zero timeout",
            consulta_zoom::ZoomConfig {
                timeout: std::time::Duration::ZERO,
                ..base.clone()
            },
        ),
    ];
    for (why, config) in cases {
        assert!(
            ZoomMeetings::new(config).is_err(),
            "{why} should be refused"
        );
    }
    assert!(ZoomMeetings::new(base).is_ok());
}

#[test]
fn debug_output_shows_no_credential() {
    let config = consulta_zoom::ZoomConfig::new(
        SecretString::from("acct-5ecret"),
        SecretString::from("id-5ecret"),
        SecretString::from("pw-5ecret"),
        "dr@clinic.example".to_owned(),
    );
    let shown = format!(
        "{config:?} {:?}",
        ZoomMeetings::new(config.clone()).unwrap()
    );
    assert!(!shown.contains("5ecret"), "{shown}");
    assert!(shown.contains("dr@clinic.example"), "{shown}");
}
