//! The ports: what the use cases need from the outside world, implemented by adapters.

mod account_notices;
mod account_tokens;
mod accounts;
mod admin_alerts;
mod appointment_search;
mod attempts;
mod audit;
mod audit_search;
mod booking;
mod clinic_payments;
mod clock;
mod doctors;
mod error;
mod hasher;
mod mailer;
mod meetings;
mod notices;
mod outbox;
mod overview;
mod patient_admin;
mod payment_events;
mod payment_store;
mod payments;
mod receipts;
mod reports;
mod sessions;
mod staff;

pub use account_notices::{
    AccountMail, AccountNotice, AccountNoticeRenderer, PaymentMail, PaymentMailKind,
};
pub use account_tokens::{AccountTokenStore, ResetRequest, TokenSecrets};
pub use accounts::{AccountStore, LoginRecord, PatientPage};
pub use admin_alerts::{AdminAlert, AdminAlertFacts, AdminAlertStore, AdminRecipient};
pub use appointment_search::{
    AppointmentListing, AppointmentQuery, AppointmentSearch, AppointmentSearchPage,
};
pub use attempts::{AttemptKind, AttemptStore, AttemptWindow};
pub use audit::{AuditEntry, AuditLog};
pub use audit_search::{AuditPage, AuditQuery, AuditRecord, AuditSearch};
pub use booking::{BookOutcome, BookingConflict, BookingStore, Move, NewBooking, StatusChange};
pub use clinic_payments::{ClinicPaymentStore, ClinicPaymentToRecord};
pub use clock::Clock;
pub use doctors::DoctorStore;
pub use error::StoreError;
pub use hasher::{HashError, PasswordHasher};
pub use mailer::{Attachment, MailError, Mailer, OutgoingMail};
pub use meetings::{Meeting, MeetingError, MeetingProvider, MeetingRequest};
pub use notices::{
    DoctorNotice, DoctorNoticeKind, Notice, NoticeKind, NoticeRenderer, RenderError,
};
pub use outbox::Outbox;
pub use overview::{ClinicOverview, JobTrouble, OverviewCounts, OverviewWindow};
pub use patient_admin::{ContactEdit, PatientAccount, PatientAdminStore};
pub use payment_events::{
    EventVerdict, PaymentError, PaymentEvent, PaymentEventKind, RefundStatus, VerifiedWebhook,
    WebhookRejected,
};
pub use payment_store::{
    AfterPayment, EventEffect, EventOutcome, EventToApply, OpenOutcome, OpenPayment, PaymentRecord,
    PaymentStore, PaymentStoreError, RefundOutcome, RefundToRecord,
};
pub use payment_store::{PaymentHistory, RefundEntry};
pub use payments::{
    Checkout, CheckoutNext, CheckoutRequest, PaymentGateway, ProviderRefund, RefundRequest,
    ReturnParams, WebhookRequest,
};
pub use receipts::ReceiptStore;
pub use reports::{
    BookedTime, DoctorCount, DoctorWindow, OutcomeCounts, Period, PeriodCount, ReportStore,
    RevenueSum,
};
pub use sessions::{NewSession, SessionRecord, SessionStore};
pub use staff::{NewStaff, StaffListing, StaffPage, StaffStore, StaffWriteError};
