//! The staff use cases' errors as pages: staff accounts, status changes,
//! the doctor's day, patient administration, the audit log, reports.

use super::use_cases::{CONFLICT, UNPROCESSABLE};
use super::{AppError, Refusal};
use axum::http::StatusCode;
use consulta_domain::validation::FieldErrors;

use consulta_domain::services::reports::ReportError;

impl From<consulta_domain::services::staff_accounts::StaffAdminError> for AppError {
    fn from(error: consulta_domain::services::staff_accounts::StaffAdminError) -> Self {
        use consulta_domain::services::staff_accounts::StaffAdminError;
        match error {
            StaffAdminError::NotFound => AppError::NotFound,
            StaffAdminError::Invalid(fields) => AppError::Refused(Refusal::fields(
                UNPROCESSABLE,
                Some("The account was not saved. Please correct the fields marked below."),
                fields,
            )),
            StaffAdminError::CannotDeactivateSelf => {
                let title = error.to_string();
                AppError::Refused(Refusal::new(
                    CONFLICT,
                    title.clone(),
                    format!("{title} Another admin can. Nothing was changed."),
                ))
            }
            StaffAdminError::Unexpected(cause) => AppError::Unexpected(cause),
        }
    }
}

impl From<consulta_domain::services::appointment_desk::StaffStatusError> for AppError {
    fn from(error: consulta_domain::services::appointment_desk::StaffStatusError) -> Self {
        use consulta_domain::services::appointment_desk::StaffStatusError;
        let status = match &error {
            StaffStatusError::NotFound => return AppError::NotFound,
            StaffStatusError::Refused(_)
            | StaffStatusError::NotBegun
            | StaffStatusError::Changed => CONFLICT,
            StaffStatusError::ReasonMissing | StaffStatusError::ReasonTooLong => UNPROCESSABLE,
            StaffStatusError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        if let StaffStatusError::Unexpected(cause) = error {
            return AppError::Unexpected(cause);
        }
        let title = error.to_string();
        AppError::Refused(Refusal::new(
            status,
            title.clone(),
            format!("{title} Nothing was changed."),
        ))
    }
}

impl From<consulta_domain::services::doctor_day::DoctorDayError> for AppError {
    fn from(error: consulta_domain::services::doctor_day::DoctorDayError) -> Self {
        use consulta_domain::services::doctor_day::DoctorDayError;
        match error {
            DoctorDayError::NotFound => AppError::NotFound,
            DoctorDayError::Unexpected(cause) => AppError::Unexpected(cause),
        }
    }
}

impl From<consulta_domain::services::patient_admin::PatientAdminError> for AppError {
    fn from(error: consulta_domain::services::patient_admin::PatientAdminError) -> Self {
        use consulta_domain::services::patient_admin::PatientAdminError as E;
        let message = Some("The patient's details were not changed.");
        AppError::Refused(match error {
            E::NotFound => return AppError::NotFound,
            E::Unexpected(cause) => return AppError::Unexpected(cause),
            E::Invalid(fields) => Refusal::fields(UNPROCESSABLE, message, fields),
            E::EmailTaken => Refusal::fields(
                CONFLICT,
                message,
                FieldErrors::single(
                    "email",
                    "Another patient or a member of staff already uses this email address.",
                ),
            ),
            E::AlreadySo(_) => {
                let title = error.to_string();
                Refusal::new(
                    CONFLICT,
                    title.clone(),
                    format!("{title} Nothing was changed."),
                )
            }
        })
    }
}

impl From<consulta_domain::services::audit_trail::AuditFilterError> for AppError {
    fn from(error: consulta_domain::services::audit_trail::AuditFilterError) -> Self {
        use consulta_domain::services::audit_trail::AuditFilterError as E;
        match error {
            E::Invalid(field, message) => AppError::Refused(Refusal::fields(
                StatusCode::BAD_REQUEST,
                Some("The log cannot be shown with these filters. Please correct the field marked below."),
                FieldErrors::single(field, message),
            )),
            E::Unexpected(cause) => AppError::Unexpected(cause),
        }
    }
}

impl From<ReportError> for AppError {
    fn from(error: ReportError) -> Self {
        match error {
            ReportError::Invalid(fields) => AppError::Refused(Refusal::fields(
                UNPROCESSABLE,
                Some("Nothing is shown until the dates marked above are corrected."),
                fields,
            )),
            ReportError::Unexpected(cause) => AppError::Unexpected(cause),
        }
    }
}
