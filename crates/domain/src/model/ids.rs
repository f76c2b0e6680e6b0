//! One type per id, so a swapped argument does not compile.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(i64);

        impl $name {
            pub const fn new(raw: i64) -> Self {
                Self(raw)
            }

            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// A registered patient.
    PatientId
);
id_type!(
    /// A member of the clinic's staff (admin or doctor login).
    StaffId
);
id_type!(
    /// A doctor who offers consultations.
    DoctorId
);
id_type!(
    /// One booked consultation.
    AppointmentId
);
id_type!(
    /// One payment attempt for an appointment.
    PaymentId
);
