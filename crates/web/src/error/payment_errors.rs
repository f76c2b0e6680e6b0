//! The payment use cases' errors as pages: starting a payment, a return
//! from the provider, refunds.

use super::use_cases::{CONFLICT, UNPROCESSABLE};
use super::{AppError, Refusal};
use axum::http::StatusCode;
use consulta_domain::validation::FieldErrors;

use consulta_domain::services::payments::{ReturnError, StartPaymentError};

impl From<StartPaymentError> for AppError {
    fn from(error: StartPaymentError) -> Self {
        AppError::Refused(match error {
            StartPaymentError::NotFound => return AppError::NotFound,
            StartPaymentError::Unexpected(cause) => return AppError::Unexpected(cause),
            StartPaymentError::AlreadyPaid => Refusal::new(
                CONFLICT,
                "This appointment is paid already",
                "It was paid already; nothing more was charged.",
            ),
            StartPaymentError::NotPayable => Refusal::new(
                CONFLICT,
                "This appointment cannot be paid now",
                "Its hold ran out or it was cancelled, so it can no longer be paid online. Nothing was charged.",
            ),
            StartPaymentError::ProviderNotOffered => Refusal::new(
                UNPROCESSABLE,
                "Please choose how to pay",
                "Choose one of the payment methods offered. Nothing was charged.",
            ),
            StartPaymentError::ProviderUnavailable { .. } => Refusal::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "The payment provider is not answering",
                "The payment provider is not answering. Nothing was charged: please try again in a moment. A held time stays held until the time shown.",
            ),
            StartPaymentError::ProviderRefused(reason) => {
                // The provider's words are for staff (the log), not the page.
                tracing::warn!(%reason, "the payment provider refused to open a checkout");
                Refusal::new(
                    StatusCode::BAD_GATEWAY,
                    "The payment could not be started",
                    "The payment provider refused to start this payment. Nothing was charged. Please try again later or contact the clinic.",
                )
            }
        })
    }
}

impl From<ReturnError> for AppError {
    fn from(error: ReturnError) -> Self {
        AppError::Refused(match error {
            ReturnError::ProviderNotOffered => return AppError::NotFound,
            ReturnError::Unexpected(cause) => return AppError::Unexpected(cause),
            ReturnError::UnknownCheckout => Refusal::new(
                StatusCode::NOT_FOUND,
                "No payment matches this link",
                "This return from the payment provider names no payment made here. Nothing was changed.",
            ),
            ReturnError::Unproven => Refusal::new(
                StatusCode::BAD_REQUEST,
                "The payment could not be verified",
                "Nothing was marked as paid. If money was taken, the provider's confirmation will settle it shortly, or it will be refunded.",
            ),
            ReturnError::ProviderUnavailable => Refusal::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "The payment provider is not answering",
                "We could not confirm your payment yet. It is confirmed as soon as the provider answers: look at your appointment again in a few minutes. Please do not pay a second time.",
            ),
        })
    }
}

impl From<consulta_domain::services::payments::CancellationRefundError> for AppError {
    fn from(error: consulta_domain::services::payments::CancellationRefundError) -> Self {
        use consulta_domain::services::payments::CancellationRefundError as E;
        match error {
            E::NotFound => AppError::NotFound,
            E::ProviderFailed(_) => AppError::Refused(Refusal::new(
                StatusCode::BAD_GATEWAY,
                "The refund could not be made yet",
                "The payment provider did not make the refund. The clinic has been told and will refund you.",
            )),
            E::Unexpected(cause) => AppError::Unexpected(cause),
        }
    }
}

impl From<consulta_domain::services::payments::StaffRefundError> for AppError {
    fn from(error: consulta_domain::services::payments::StaffRefundError) -> Self {
        use consulta_domain::services::payments::StaffRefundError as E;
        let nothing = "Nothing was refunded.";
        let refusal = match error {
            E::NotFound => return AppError::NotFound,
            E::Unexpected(cause) => return AppError::Unexpected(cause),
            E::ReasonMissing => Refusal::fields(
                UNPROCESSABLE,
                Some(nothing),
                FieldErrors::single("reason", "Say why this is refunded."),
            ),
            E::BadAmount => Refusal::fields(
                UNPROCESSABLE,
                Some(nothing),
                FieldErrors::single(
                    "amount",
                    "Enter an amount above zero, such as 750 or 750.50.",
                ),
            ),
            E::MoreThanRefundable { refundable } => Refusal::fields(
                UNPROCESSABLE,
                Some(nothing),
                FieldErrors::single(
                    "amount",
                    format!(
                        "That is more than is left to refund: at most {} can still be refunded.",
                        refundable.display()
                    ),
                ),
            ),
            E::NotPaid => Refusal::new(
                CONFLICT,
                "This payment has nothing to refund",
                format!("It was not paid, or it has been refunded in full already. {nothing}"),
            ),
            E::ProviderUnavailable { .. } => Refusal::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "The payment provider is not answering",
                format!("{nothing} Try again in a few minutes."),
            ),
            E::ProviderRefused(why) => Refusal::new(
                StatusCode::BAD_GATEWAY,
                "The payment provider refused the refund",
                format!("Its answer: {why}. {nothing}"),
            ),
        };
        AppError::Refused(refusal)
    }
}
