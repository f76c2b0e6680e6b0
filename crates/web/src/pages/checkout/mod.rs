//! The patient's way through a provider's checkout: the simulated gateway's
//! TEST MODE page, and the return from any provider.

pub mod returns;
pub mod simulated;
