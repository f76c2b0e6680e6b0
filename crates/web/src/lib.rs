//! Consulta's web front: configuration, wiring, HTTP routes and pages.

mod account_notices;
pub mod cli;
pub mod config;
mod data_key;
mod demo;
mod error;
mod forms;
mod jobs;
mod notices;
mod pages;
mod payment_notices;
mod security;
mod startup;
mod state;
mod support;
mod templates;
mod views;
mod webhooks;
mod wiring;

pub use pages::staff_routes;
pub use startup::{build, build_on, build_with, Adapters, Application};
