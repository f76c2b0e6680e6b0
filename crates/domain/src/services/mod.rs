//! The use cases, each with its own error type.

pub mod accounts;
pub mod appointment_desk;
pub mod appointment_list;
pub mod booking;
pub mod doctors;
mod failure;
pub mod jobs;
pub mod payments;
pub mod reports;

pub use failure::Cause;
