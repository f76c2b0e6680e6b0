//! The use cases' policies and the job runner, from configuration: what the
//! clinic's settings mean to the domain, in one place.

use crate::config::{ConfigError, PaymentPolicy, Settings};
use crate::notices::TemplateNotices;
use crate::startup::StartupError;
use crate::templates::Templates;
use consulta_domain::ports::{Clock, Mailer, MeetingProvider};
use consulta_domain::services::booking::{BookingPolicy, PaymentTiming};
use consulta_domain::services::jobs::effects::NoticePolicy;
use consulta_domain::services::jobs::{AccountMailPorts, JobPolicy, JobPorts, JobRunner};
use consulta_domain::services::payments::{
    Gateways, PaymentPolicy as DomainPaymentPolicy, PaymentPorts, Payments, RefundPolicy,
};
use jiff::SignedDuration;
use std::str::FromStr;
use std::sync::Arc;

pub fn booking_policy(settings: &Settings) -> BookingPolicy {
    BookingPolicy {
        // No online payment: confirmed at once, paid at the clinic.
        payment: match settings.payments.policy {
            _ if !settings.payments.enabled => PaymentTiming::After,
            PaymentPolicy::After => PaymentTiming::After,
            PaymentPolicy::Before => PaymentTiming::Before,
        },
        hold: SignedDuration::from_mins(settings.payments.hold_minutes),
        cancel_notice: SignedDuration::from_hours(settings.booking.cancel_notice_hours),
        max_upcoming: settings.booking.max_upcoming,
        notices: notice_policy(settings),
    }
}

pub fn notice_policy(settings: &Settings) -> NoticePolicy {
    NoticePolicy {
        link_grace: SignedDuration::from_secs(settings.meetings.link_grace_seconds),
        // Whole seconds: half an hour is 0.5, a quarter 0.25.
        reminders: settings
            .reminders
            .hours_before
            .iter()
            .map(|hours| SignedDuration::from_secs((hours * 3600.0).round() as i64))
            .collect(),
    }
}

/// The payment use cases over the store and the configured gateways.
pub fn payments_service(
    settings: &Settings,
    ports: &consulta_persistence::Ports,
    gateways: Gateways,
    clock: Arc<dyn Clock>,
) -> Result<Payments, StartupError> {
    let refund_policy = RefundPolicy::from_str(&settings.payments.refund_policy)
        .map_err(|e| ConfigError(e.to_string()))?;
    Ok(Payments::new(
        PaymentPorts {
            store: ports.payments.clone(),
            gateways,
            clock,
            audit: ports.audit.clone(),
        },
        DomainPaymentPolicy {
            notices: notice_policy(settings),
            refund_policy,
            reconcile_after: SignedDuration::from_mins(settings.payments.reconcile_after_minutes),
        },
    ))
}

/// The job use cases over the store and the adapters.
pub fn job_runner(
    settings: &Settings,
    ports: &consulta_persistence::Ports,
    (meetings, mailer, clock): (Arc<dyn MeetingProvider>, Arc<dyn Mailer>, Arc<dyn Clock>),
    templates: Arc<Templates>,
    payments: Payments,
) -> Result<JobRunner, StartupError> {
    let public_url = settings.server.public_url.trim_end_matches('/').to_owned();
    let host = public_url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', ':']).next())
        .filter(|h| !h.is_empty())
        .unwrap_or("consulta.local")
        .to_owned();
    // The invite's organizer is the mails' own sender.
    let from_name = Some(settings.mail.smtp.from_name.trim()).filter(|n| !n.is_empty());
    let (organizer_name, organizer_email) =
        consulta_mail::sender_parts(&settings.mail.smtp.from, from_name)
            .map_err(|e| ConfigError(format!("`mail.smtp.from`: {e}")))?;
    let notices = TemplateNotices {
        templates,
        clinic_name: settings.clinic.name.clone(),
        clinic_address: settings.clinic.address.clone(),
        public_url,
        organizer_name: organizer_name.unwrap_or_else(|| settings.clinic.name.clone()),
        organizer_email,
        host,
    };
    let notices = Arc::new(notices);
    let account_mail = AccountMailPorts {
        tokens: ports.tokens.clone(),
        secrets: super::token_secrets(settings)?,
        renderer: notices.clone(),
        receipts: ports.receipts.clone(),
        payment_store: ports.payments.clone(),
        alerts: ports.admin_alerts.clone(),
        reset_link: SignedDuration::from_mins(settings.accounts.reset_link_minutes),
    };
    Ok(JobRunner::new(
        JobPorts {
            booking: ports.booking.clone(),
            accounts: ports.accounts.clone(),
            doctors: ports.doctors.clone(),
            outbox: ports.outbox.clone(),
            sessions: ports.sessions.clone(),
            meetings,
            mailer,
            notices,
            clock,
            account_mail,
            payments,
        },
        JobPolicy {
            link_grace: notice_policy(settings).link_grace,
            session_idle: SignedDuration::from_mins(settings.sessions.idle_minutes),
            session_absolute: SignedDuration::from_hours(settings.sessions.absolute_hours),
            cancel_notice: SignedDuration::from_hours(settings.booking.cancel_notice_hours),
            pay_now_offered: settings.payments.enabled
                && settings.payments.policy == PaymentPolicy::After,
        },
    ))
}
