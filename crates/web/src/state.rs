//! What every handler can reach: the use cases, templates, settings.

use crate::config::Settings;
use crate::templates::Templates;
use consulta_domain::ports::Clock;
use consulta_domain::services::accounts::{Accounts, Sessions};
use consulta_domain::services::appointment_desk::AppointmentDesk;
use consulta_domain::services::appointment_list::AppointmentLists;
use consulta_domain::services::audit_trail::AuditTrail;
use consulta_domain::services::booking::Booking;
use consulta_domain::services::doctor_day::DoctorDay;
use consulta_domain::services::doctors::Doctors;
use consulta_domain::services::jobs::JobBoard;
use consulta_domain::services::overview::Overview;
use consulta_domain::services::patient_admin::PatientAdmin;
use consulta_domain::services::payments::{ClinicPayments, Payments};
use consulta_domain::services::reports::Reports;
use consulta_domain::services::schedule_changes::ScheduleChanges;
use consulta_domain::services::staff_accounts::StaffAccounts;
use consulta_domain::services::staff_booking::StaffBooking;
use consulta_payments::SimulatedGateway;
use consulta_persistence::Database;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub templates: Arc<Templates>,
    pub accounts: Accounts,
    pub booking: Booking,
    pub doctors: Doctors,
    pub sessions: Sessions,
    pub jobs: JobBoard,
    pub desk: AppointmentDesk,
    pub lists: AppointmentLists,
    pub payments: Payments,
    pub clinic_payments: ClinicPayments,
    /// Signs the TEST MODE checkout's webhooks and returns.
    pub simulated: Arc<SimulatedGateway>,
    pub clock: Arc<dyn Clock>,
    pub database: Database,
    pub staff: StaffAccounts,
    pub doctor_day: DoctorDay,
    pub patients: PatientAdmin,
    pub audit_trail: AuditTrail,
    pub overview: Overview,
    pub schedule: ScheduleChanges,
    pub staff_booking: StaffBooking,
    pub reports: Reports,
}
