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
    // A repeated local hour (the night the clocks go back) shows its offset.
    // Counted once per range: a month holds hundreds of slots.
    let times: Vec<(jiff::civil::Date, String)> = slots
        .iter()
        .map(|slot| (slot.local_date(), slot.local_time()))
        .collect();
    let mut seen: std::collections::HashMap<&(jiff::civil::Date, String), usize> =
        std::collections::HashMap::new();
    for time in &times {
        *seen.entry(time).or_default() += 1;
    }
    let mut day_labels: std::collections::HashMap<jiff::civil::Date, String> =
        std::collections::HashMap::new();
    slots
        .iter()
        .zip(&times)
        .map(|(slot, time)| {
            let ambiguous = seen.get(time).copied().unwrap_or(0) > 1;
            let (date, local_time) = time;
            let offset = slot.offset().to_string();
            let label = if ambiguous {
                format!("{local_time} (UTC{offset})")
            } else {
                local_time.clone()
            };
            SlotShown {
                starts_at: slot.starts_at_rfc3339(),
                ends_at: slot.ends_at_rfc3339(),
                local_date: date.to_string(),
                date_label: day_labels
                    .entry(*date)
                    .or_insert_with(|| day_label(*date))
                    .clone(),
                local_time: local_time.clone(),
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
