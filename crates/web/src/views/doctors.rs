//! Doctors as cards show them (lists, the booking pages, the admin panel).

use crate::error::AppError;
use crate::state::AppState;
use consulta_domain::model::Doctor;
use minijinja::{context, Value};

/// A doctor as a card shows them.
pub fn doctor_card(doctor: &Doctor) -> Value {
    let p = &doctor.profile;
    context! {
        id => doctor.id.get(),
        name => p.name.as_str(),
        specialty => p.specialty.clone(),
        bio => p.bio.clone(),
        fee => p.fee.display(),
        fee_minor => p.fee.minor(),
        timezone => p.timezone.as_str(),
        place => consulta_domain::schedule::place_name(&p.timezone.time_zone()),
        minutes => p.slot_length.minutes(),
    }
}

/// The cards of every doctor taking appointments.
pub async fn active_doctor_cards(state: &AppState) -> Result<Vec<Value>, AppError> {
    let doctors = state.booking.active_doctors().await?;
    Ok(doctors.iter().map(doctor_card).collect())
}
