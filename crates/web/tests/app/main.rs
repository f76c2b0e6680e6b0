//! HTTP tests: the real server on an ephemeral port, a fresh SQLite file each.
#![allow(clippy::unwrap_used)]

mod account_mail;
mod accounts;
mod admin;
mod admin_appointments;
mod axe;
mod booking;
mod browser;
mod browser_journey;
mod chrome;
mod failures;
mod helpers;
mod invoices;
mod jobs;
mod journey;
mod manage;
mod operations;
mod outbox;
mod outcomes;
mod password_reset;
mod payment_fixtures;
mod payment_pages_axe;
mod providers;
mod refunds;
mod reminders;
mod security;
mod staff;
mod verification;
