//! Free slots as the pickers show them: both zones, and the offset where a
//! repeated hour (a DST fall-back) makes a local time ambiguous.

use super::times::other_zone;
use consulta_domain::schedule::Slot;
use jiff::tz::TimeZone;
use minijinja::{context, Value};

/// One slot for a picker.
pub fn slot_value(slot: &Slot, doctor: &TimeZone, patient: Option<&TimeZone>) -> Value {
    let theirs = other_zone(doctor, patient).map(|zone| slot.start_in(&zone).to_string());
    context! {
        starts_at => slot.starts_at_rfc3339(),
        ends_at => slot.ends_at_rfc3339(),
        local_date => slot.local_date().to_string(),
        local_time => slot.local_time(),
        offset => slot.offset().to_string(),
        theirs => theirs,
    }
}

/// Slots for a template, the offset shown where a repeated hour makes a time ambiguous.
pub fn slot_values(slots: &[Slot], doctor: &TimeZone, patient: Option<&TimeZone>) -> Vec<Value> {
    slots
        .iter()
        .map(|slot| {
            let ambiguous = slots
                .iter()
                .filter(|other| {
                    other.local_date() == slot.local_date()
                        && other.local_time() == slot.local_time()
                })
                .count()
                > 1;
            let value = slot_value(slot, doctor, patient);
            if ambiguous {
                context! { ambiguous => true, ..value }
            } else {
                value
            }
        })
        .collect()
}
