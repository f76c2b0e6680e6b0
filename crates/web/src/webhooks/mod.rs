//! POST /webhooks/{provider}: provider events. No CSRF (the signature is the
//! proof), no HTML: the raw body and headers go to the use case, which
//! verifies them before anything is written. A rejected event answers 400
//! and changes nothing; an accepted one, a repeat or one Consulta ignores
//! answers 200 so the provider stops sending it.

use crate::error::cause_chain;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use consulta_domain::model::Provider;
use consulta_domain::ports::WebhookRequest;
use consulta_domain::services::payments::{WebhookError, WebhookOutcome};

pub fn router() -> Router<AppState> {
    Router::new().route("/webhooks/{provider}", post(receive))
}

async fn receive(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(provider) = Provider::parse(&provider) else {
        return (StatusCode::NOT_FOUND, "no such provider").into_response();
    };
    let request = WebhookRequest {
        body: body.to_vec(),
        headers: headers
            .iter()
            .filter_map(|(name, value)| {
                value
                    .to_str()
                    .ok()
                    .map(|v| (name.as_str().to_owned(), v.to_owned()))
            })
            .collect(),
    };
    let provider_name = provider.as_str();
    match state.payments.apply_webhook(provider, &request).await {
        Ok(outcome) => {
            let what = match outcome {
                WebhookOutcome::Ignored => "ignored",
                WebhookOutcome::AlreadyApplied => "already applied",
                WebhookOutcome::Applied { .. } => "applied",
            };
            tracing::info!(provider = provider_name, what, "webhook accepted");
            (StatusCode::OK, "ok").into_response()
        }
        Err(WebhookError::Rejected(why)) => {
            tracing::warn!(provider = provider_name, %why, "webhook rejected");
            (StatusCode::BAD_REQUEST, "rejected").into_response()
        }
        Err(WebhookError::ProviderNotOffered) => {
            (StatusCode::NOT_FOUND, "no such provider").into_response()
        }
        Err(WebhookError::UnknownPayment) => {
            tracing::warn!(
                provider = provider_name,
                "webhook about no payment known here"
            );
            (StatusCode::OK, "ok").into_response()
        }
        Err(WebhookError::Unexpected(cause)) => {
            // The provider retries later; the log gets why.
            tracing::error!(provider = provider_name, cause = %cause_chain(cause.as_ref()), "webhook not applied");
            (StatusCode::INTERNAL_SERVER_ERROR, "try again").into_response()
        }
    }
}
