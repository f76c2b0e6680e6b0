//! Finding and booking slots, and a patient's own appointments: cancel, reschedule.

mod book;
mod find;
mod manage;
mod policy;

pub use book::{BookError, BookRequest, Booked};
pub use find::{DaySlots, SlotsError};
pub use manage::ManageError;
pub use policy::{BookingPolicy, PaymentTiming};

use crate::ports::{BookingStore, Clock, DoctorStore};
use std::sync::Arc;

#[derive(Clone)]
pub struct Booking {
    doctors: Arc<dyn DoctorStore>,
    store: Arc<dyn BookingStore>,
    clock: Arc<dyn Clock>,
    policy: BookingPolicy,
}

impl Booking {
    pub fn new(
        doctors: Arc<dyn DoctorStore>,
        store: Arc<dyn BookingStore>,
        clock: Arc<dyn Clock>,
        policy: BookingPolicy,
    ) -> Self {
        Self {
            doctors,
            store,
            clock,
            policy,
        }
    }

    pub fn policy(&self) -> &BookingPolicy {
        &self.policy
    }
}
