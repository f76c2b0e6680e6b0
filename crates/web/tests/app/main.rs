//! HTTP tests: the real server on an ephemeral port, a fresh SQLite file each.
#![allow(clippy::unwrap_used)]

mod account_mail;
mod accounts;
mod admin;
mod admin_appointments;
mod audit;
mod axe;
mod booking;
mod browser;
mod browser_journey;
mod chrome;
mod failures;
mod helpers;
mod jobs;
mod journey;
mod manage;
mod operations;
mod outbox;
mod outcomes;
mod overview;
mod password_reset;
mod patients_admin;
mod providers;
mod reminders;
mod security;
mod staff;
mod verification;
