//! Refunds on /admin/appointments/{id}: the appointment's payments with what
//! was paid and refunded (the section the appointment page includes), and
//! POST /admin/appointments/{id}/refund, which asks "are you sure?" with
//! the amount and reason first and then refunds through the provider.

use crate::error::AppError;
use crate::forms::{errors_value, FormData};
use crate::pages::render_status;
use crate::security::{redirect_with_flash, AdminUser, Flash};
use crate::state::AppState;
use crate::views::parse::parse_appointment_id;
use crate::views::payments::{amount_field, appointment_payments, clinic_zone, payment_value};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use consulta_domain::model::{AppointmentId, Money, PaymentId};
use consulta_domain::services::payments::{PaymentFile, RefundIssued, StaffRefund};
use consulta_domain::validation::FieldErrors;
use jiff::tz::TimeZone;
use minijinja::{context, Value};
use serde::Deserialize;

/// The appointment's payments for the section on its page.
pub async fn section(state: &AppState, appointment: AppointmentId) -> Result<Vec<Value>, AppError> {
    appointment_payments(state, appointment, None, &clinic_zone(state)).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RefundInput {
    payment_id: String,
    amount: String,
    reason: String,
    /// "yes" once staff confirmed on the "are you sure?" page.
    confirmed: String,
}

/// The appointment's payment the form names; another appointment's is not found.
async fn payment_of(
    state: &AppState,
    appointment: AppointmentId,
    input: &RefundInput,
) -> Result<PaymentFile, AppError> {
    let id: i64 = input
        .payment_id
        .trim()
        .parse()
        .map_err(|_| AppError::NotFound)?;
    state
        .payments
        .payments_of_appointment(appointment, None)
        .await?
        .into_iter()
        .find(|f| f.record.payment.id == PaymentId::new(id))
        .ok_or(AppError::NotFound)
}

pub async fn refund(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<String>,
    FormData(input): FormData<RefundInput>,
) -> Result<Response, AppError> {
    let appointment = parse_appointment_id(&id)?;
    let file = payment_of(&state, appointment, &input).await?;
    let zone = clinic_zone(&state);
    let currency = file.record.payment.amount.currency();
    let Some(amount) = Money::parse_major(&input.amount, currency) else {
        let errors = FieldErrors::single(
            "amount",
            format!(
                "Enter the amount in {}, such as 750 or 750.50.",
                currency.code()
            ),
        );
        let page = RefundPage::form(&file, &zone, &input, Some("Nothing was refunded."), errors);
        return Ok(page.render(
            &state,
            &admin,
            appointment,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    let request = StaffRefund {
        payment: file.record.payment.id,
        amount: Some(amount),
        reason: input.reason.trim().to_owned(),
        staff: admin.id,
        client: Some(admin.visitor.client.0.clone()),
    };
    let outcome = if input.confirmed == "yes" {
        state.payments.refund_by_staff(request).await.map(Some)
    } else {
        state
            .payments
            .check_staff_refund(&request)
            .await
            .map(|_| None)
    };
    let secure = state.settings.server.https;
    let back = format!("/admin/appointments/{appointment}");
    match outcome {
        Ok(None) => {
            let page = RefundPage::confirm(&file, &zone, &input, amount);
            Ok(page.render(&state, &admin, appointment, StatusCode::OK))
        }
        Ok(Some(RefundIssued::Refunded(_))) => {
            Ok(redirect_with_flash(&back, Flash::Refunded, secure))
        }
        Ok(Some(RefundIssued::PendingAtProvider { .. })) => {
            Ok(redirect_with_flash(&back, Flash::RefundPending, secure))
        }
        Err(error) => {
            let refusal = AppError::from(error).refusal()?;
            // The payment as it is now: a refund made meanwhile shows.
            let file = payment_of(&state, appointment, &input).await?;
            let page = RefundPage::form(
                &file,
                &zone,
                &input,
                refusal.message.as_deref(),
                refusal.fields,
            );
            let page = RefundPage {
                title: refusal.title,
                ..page
            };
            Ok(page.render(&state, &admin, appointment, refusal.status))
        }
    }
}

/// The refund page: the form again (with what was typed and why it was
/// refused) or the "are you sure?" step.
struct RefundPage {
    title: String,
    payment: Value,
    confirm: bool,
    amount: String,
    amount_label: Option<String>,
    reason: String,
    error: Option<String>,
    errors: FieldErrors,
}

impl RefundPage {
    fn form(
        file: &PaymentFile,
        zone: &TimeZone,
        input: &RefundInput,
        error: Option<&str>,
        errors: FieldErrors,
    ) -> Self {
        Self {
            title: "The refund was not made".into(),
            payment: payment_value(file, zone),
            confirm: false,
            amount: input.amount.clone(),
            amount_label: None,
            reason: input.reason.clone(),
            error: error.map(str::to_owned),
            errors,
        }
    }

    fn confirm(file: &PaymentFile, zone: &TimeZone, input: &RefundInput, amount: Money) -> Self {
        Self {
            title: format!("Refund {}?", amount.display()),
            payment: payment_value(file, zone),
            confirm: true,
            amount: amount_field(amount),
            amount_label: Some(amount.display()),
            reason: input.reason.trim().to_owned(),
            error: None,
            errors: FieldErrors::new(),
        }
    }

    fn render(
        self,
        state: &AppState,
        admin: &AdminUser,
        appointment: AppointmentId,
        status: StatusCode,
    ) -> Response {
        render_status(
            status,
            state,
            &admin.visitor,
            "admin/refund.html",
            context! {
                appointment_id => appointment.get(),
                title => self.title,
                p => self.payment,
                confirm => self.confirm,
                amount => self.amount,
                amount_label => self.amount_label,
                reason => self.reason,
                error => self.error,
                errors => errors_value(&self.errors),
            },
        )
    }
}
