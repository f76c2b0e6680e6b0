//! Who made a change: a patient, a member of staff, or the system itself.

use super::{PatientId, StaffId};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    Patient(PatientId),
    Staff(StaffId),
    /// Consulta on its own (a hold that ran out, a job).
    System,
}

impl Actor {
    /// The stored form: `patient:7`, `staff:3` or `system`.
    pub fn to_stored(&self) -> String {
        match self {
            Actor::Patient(id) => format!("patient:{id}"),
            Actor::Staff(id) => format!("staff:{id}"),
            Actor::System => "system".to_owned(),
        }
    }

    /// The account that acted; `None` for Consulta itself.
    pub fn account(&self) -> Option<super::AccountRef> {
        match self {
            Actor::Patient(id) => Some(super::AccountRef::Patient(*id)),
            Actor::Staff(id) => Some(super::AccountRef::Staff(*id)),
            Actor::System => None,
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        if stored == "system" {
            return Some(Actor::System);
        }
        let (kind, id) = stored.split_once(':')?;
        let id: i64 = id.parse().ok()?;
        match kind {
            "patient" => Some(Actor::Patient(PatientId::new(id))),
            "staff" => Some(Actor::Staff(StaffId::new(id))),
            _ => None,
        }
    }

    /// Words for people reading a history.
    pub fn label(&self) -> &'static str {
        match self {
            Actor::Patient(_) => "the patient",
            Actor::Staff(_) => "the clinic",
            Actor::System => "Consulta",
        }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_stored())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_actors_round_trip_and_junk_is_refused() {
        for actor in [
            Actor::Patient(PatientId::new(7)),
            Actor::Staff(StaffId::new(3)),
            Actor::System,
        ] {
            assert_eq!(Actor::parse(&actor.to_stored()), Some(actor));
        }
        for junk in ["", "patient", "patient:x", "doctor:1", "System"] {
            assert_eq!(Actor::parse(junk), None, "{junk:?}");
        }
    }
}
