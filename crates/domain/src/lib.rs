//! Consulta's core: the clinic's model, its rules, the ports adapters implement,
//! and the use cases. Nothing here does I/O.

pub mod model;
pub mod ports;
pub mod schedule;
pub mod services;
pub mod validation;
