//! Integration tests of the SQLite stores, each on a fresh temporary database file.

// Tests may unwrap: a panic is how they fail.
#![allow(clippy::unwrap_used)]

mod account_tokens;
mod accounts;
mod admin_attention;
mod appointment_search;
mod attempts;
mod audit;
mod booking;
mod booking_changes;
mod booking_races;
mod concurrency;
mod doctors;
mod fixtures;
mod medical_history;
mod outbox;
mod payment_fixtures;
mod payment_notices;
mod payment_races;
mod payment_reads;
mod payment_sequences;
mod payments;
mod reports;
mod schema;
mod schema_columns;
mod search;
mod sessions;
mod staff;
mod staff_password;
mod support;
