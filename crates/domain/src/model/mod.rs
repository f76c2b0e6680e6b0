//! The clinic's values and records. Constructors validate: an invalid value cannot exist.

mod account;
mod account_token;
mod actor;
mod appointment;
mod clinic_method;
mod doctor;
mod email;
mod ids;
mod invoice;
mod job;
mod medical_history;
mod money;
mod password;
mod patient;
mod payment;
mod person_name;
mod phone;
mod receipt;
mod time_zone;

pub use account::{AccountRef, Role, StaffMember};
pub use account_token::{AccountToken, AccountTokenId, LinkRefused, NewAccountToken, TokenPurpose};
pub use actor::Actor;
pub use appointment::{
    Appointment, AppointmentChange, AppointmentStatus, CancelledBy, ConfirmationSent,
    InvalidTransition, PaymentStatus, Reason, ReasonError,
};
pub use clinic_method::ClinicMethod;
pub use doctor::{Availability, DateOverrideEntry, Doctor, DoctorProfile, TimeOffEntry};
pub use email::{Email, EmailError};
pub use ids::{AppointmentId, DoctorId, PatientId, PaymentId, StaffId};
pub use invoice::{Invoice, InvoiceNumber};
pub use job::{
    Dedupe, Job, JobId, JobKind, JobOutcome, JobPayload, JobState, NewJob, PayloadError,
};
pub use medical_history::{MedicalHistory, MedicalHistoryError};
pub use money::{Currency, CurrencyError, Money};
pub use password::{Password, PasswordError, PasswordHash};
pub use patient::{NewPatient, Patient, PatientContact, PatientProfile, PatientSummary};
pub use payment::{
    Applied, Payment, PaymentChange, PaymentState, PaymentTransitionError, Provider, RefundRecord,
};
pub use person_name::{PersonName, PersonNameError};
pub use phone::{Phone, PhoneError};
pub use receipt::Receipt;
pub use time_zone::{TimeZoneName, TimeZoneNameError};
