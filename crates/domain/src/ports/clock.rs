//! The current instant, injectable so that rules depending on time can be tested.

use jiff::Timestamp;

pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}
