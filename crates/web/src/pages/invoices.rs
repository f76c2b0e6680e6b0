//! GET /invoices/{number} and /invoices/{number}.pdf: an invoice as issued,
//! with the refunds made since beside it. A patient sees only their own
//! (another's is 404, like one that does not exist); admins see any.

use super::render;
use crate::error::AppError;
use crate::security::Visitor;
use crate::state::AppState;
use crate::views::invoice::invoice_view;
use crate::views::invoice_pdf::invoice_pdf;
use crate::views::patient_zone::patient_zone;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use consulta_domain::model::{AccountRef, InvoiceNumber};
use consulta_domain::services::payments::InvoiceReader;
use minijinja::context;

fn reader(visitor: &Visitor) -> Result<InvoiceReader, AppError> {
    match visitor.session.as_ref().map(|s| s.account) {
        Some(AccountRef::Patient(id)) => Ok(InvoiceReader::Patient(id)),
        Some(AccountRef::Staff(_)) if visitor.is_admin() => Ok(InvoiceReader::Staff),
        Some(AccountRef::Staff(_)) => Err(AppError::Forbidden),
        None => Err(AppError::LoginRequired {
            next: visitor.here.clone(),
        }),
    }
}

pub async fn show(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(number): Path<String>,
) -> Result<Response, AppError> {
    let reader = reader(&visitor)?;
    let (number, as_pdf) = match number.strip_suffix(".pdf") {
        Some(number) => (number, true),
        None => (number.as_str(), false),
    };
    let number = InvoiceNumber::parse(number).ok_or(AppError::NotFound)?;
    let file = state
        .payments
        .invoice(number, reader)
        .await?
        .ok_or(AppError::NotFound)?;
    let zone = patient_zone(&state, &visitor).await?;
    let invoice = invoice_view(&state, &file, zone.as_ref());
    if as_pdf {
        let disposition = format!("attachment; filename=\"{number}.pdf\"");
        return Ok((
            [
                (header::CONTENT_TYPE, "application/pdf".to_owned()),
                (header::CONTENT_DISPOSITION, disposition),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            invoice_pdf(&invoice),
        )
            .into_response());
    }
    let page = render(
        &state,
        &visitor,
        "invoice.html",
        context! {
            invoice,
            appointment_id => file.invoice.appointment.get(),
            staff => reader == InvoiceReader::Staff,
        },
    )?;
    Ok(page.into_response())
}
