//! HTTP tests: the real server on an ephemeral port, a fresh SQLite file each.
#![allow(clippy::unwrap_used)]

mod account_mail;
mod accounts;
mod admin;
mod booking;
mod browser;
mod failures;
mod helpers;
mod jobs;
mod manage;
mod operations;
mod outbox;
mod password_reset;
mod reminders;
mod security;
mod verification;
