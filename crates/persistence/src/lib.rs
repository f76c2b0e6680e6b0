//! Consulta's storage: diesel on SQLite — schema, migrations, the connection
//! pool and single writer, encryption of medical data, backup, and the
//! repositories implementing the domain's store ports.

// Tests may unwrap: a panic is how they fail.
#![cfg_attr(test, allow(clippy::unwrap_used))]

mod data_key;
mod db;
mod instant;
pub mod schema;
mod sealed_text;
mod store;

pub use data_key::{DataKey, DataKeyError};
pub use db::{Database, DatabaseError, DatabaseOptions, Synchronous};
pub use instant::{from_unix, to_unix};
pub use store::{Ports, SqliteStore};
