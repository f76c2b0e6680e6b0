//! The use cases, each with its own error type.

pub mod accounts;
pub mod appointment_desk;
pub mod appointment_list;
pub mod booking;
pub mod doctor_day;
pub mod doctors;
mod failure;
pub mod jobs;
pub mod payments;
pub mod reports;
pub mod schedule_changes;
pub mod staff_accounts;
#[cfg(test)]
mod staff_accounts_tests;
pub mod staff_booking;

pub use failure::Cause;
pub mod audit_trail;
pub mod overview;
pub mod patient_admin;
