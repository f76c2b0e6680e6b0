//! Free slots as the pickers show them, on the server's pages and in the slots
//! JSON alike: both zones, and the offset where a repeated hour (a DST fall-back)
//! makes a local time ambiguous.

use super::times::{day_label, other_zone};
use consulta_domain::schedule::Slot;
use jiff::tz::TimeZone;
use minijinja::Value;
use serde::Serialize;

/// One slot for a picker.
#[derive(Debug, Clone, Serialize)]
pub struct SlotShown {
    pub starts_at: String,
    pub ends_at: String,
    /// The doctor's date, "2026-12-04".
    pub local_date: String,
    /// "Friday 4 December 2026"
    pub date_label: String,
    /// "13:00" in the doctor's zone.
    pub local_time: String,
    pub offset: String,
    /// What the button says: "13:00", or "01:30 (UTC-04:00)" for a repeated hour.
    pub label: String,
    /// The patient's time, "00:00 Dhaka (next day)", when their zone differs.
    pub theirs: Option<String>,
    pub ambiguous: bool,
}

/// The slots as shown, the offset added where a repeated hour makes a time ambiguous.
pub fn shown_slots(
    slots: &[Slot],
    doctor: &TimeZone,
    patient: Option<&TimeZone>,
) -> Vec<SlotShown> {
    let theirs_zone = other_zone(doctor, patient);
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
            let offset = slot.offset().to_string();
            let label = if ambiguous {
                format!("{} (UTC{offset})", slot.local_time())
            } else {
                slot.local_time()
            };
            SlotShown {
                starts_at: slot.starts_at_rfc3339(),
                ends_at: slot.ends_at_rfc3339(),
                local_date: slot.local_date().to_string(),
                date_label: day_label(slot.local_date()),
                local_time: slot.local_time(),
                offset,
                label,
                theirs: theirs_zone.as_ref().map(|z| slot.start_in(z).to_string()),
                ambiguous,
            }
        })
        .collect()
}

/// Slots for a template.
pub fn slot_values(slots: &[Slot], doctor: &TimeZone, patient: Option<&TimeZone>) -> Vec<Value> {
    shown_slots(slots, doctor, patient)
        .iter()
        .map(Value::from_serialize)
        .collect()
}
