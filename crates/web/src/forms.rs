//! Form parsing that answers a malformed body with a page, not a bare 4xx string,
//! and helpers to hand a form's errors and values back to its template.

use crate::error::AppError;
use axum::extract::{FromRequest, Request};
use consulta_domain::validation::FieldErrors;
use minijinja::Value;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

/// `application/x-www-form-urlencoded` into `T`; fields missing from the body take
/// their defaults (declare the struct `#[serde(default)]`), so validation, not
/// parsing, explains what is wrong.
pub struct FormData<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for FormData<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Form::<T>::from_request(request, state).await {
            Ok(axum::Form(value)) => Ok(FormData(value)),
            Err(rejection) => Err(AppError::BadRequest(format!(
                "The form could not be read ({}). Go back and try again.",
                rejection.body_text()
            ))),
        }
    }
}

/// `{field: message}` for the template.
pub fn errors_value(errors: &FieldErrors) -> Value {
    let map: BTreeMap<&str, &str> = errors
        .iter()
        .map(|e| (e.field, e.message.as_str()))
        .collect();
    Value::from_serialize(map)
}
