//! Who is logged in: a patient or a member of staff.

use super::{DoctorId, Email, PatientId, PersonName, StaffId};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Admin,
    Doctor,
}

impl Role {
    /// The value stored in `staff_users.role`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Doctor => "doctor",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        match stored {
            "admin" => Some(Role::Admin),
            "doctor" => Some(Role::Doctor),
            _ => None,
        }
    }
}

/// The account a session belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountRef {
    Patient(PatientId),
    Staff(StaffId),
}

impl AccountRef {
    pub fn kind(&self) -> &'static str {
        match self {
            AccountRef::Patient(_) => "patient",
            AccountRef::Staff(_) => "staff",
        }
    }

    pub fn raw_id(&self) -> i64 {
        match self {
            AccountRef::Patient(id) => id.get(),
            AccountRef::Staff(id) => id.get(),
        }
    }

    pub fn from_parts(kind: &str, id: i64) -> Option<Self> {
        match kind {
            "patient" => Some(AccountRef::Patient(PatientId::new(id))),
            "staff" => Some(AccountRef::Staff(StaffId::new(id))),
            _ => None,
        }
    }
}

impl fmt::Display for AccountRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind(), self.raw_id())
    }
}

#[derive(Debug, Clone)]
pub struct StaffMember {
    pub id: StaffId,
    pub name: PersonName,
    pub email: Email,
    pub role: Role,
    /// The password was given (a one-time password), not chosen: it must be
    /// changed before anything else.
    pub must_change_password: bool,
    /// The doctor profile a doctor's account is linked to; `None` for an admin.
    pub doctor: Option<DoctorId>,
}
