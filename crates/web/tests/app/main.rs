//! HTTP tests: the real server on an ephemeral port, a fresh SQLite file each.
#![allow(clippy::unwrap_used)]

mod accounts;
mod admin;
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
mod reminders;
mod security;
mod staff;
