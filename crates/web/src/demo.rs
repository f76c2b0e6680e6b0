//! The demo clinic: three doctors in different zones (one with daylight saving),
//! seeded once on an empty database when `demo` is on.

use consulta_domain::model::{Currency, DoctorProfile, Money, PersonName, TimeZoneName};
use consulta_domain::schedule::{
    BookingHorizon, Buffer, MinimumNotice, SlotLength, WeeklyHours, WorkingInterval,
};
use consulta_domain::services::doctors::Doctors;
use jiff::civil::Weekday;

struct DemoDoctor {
    name: &'static str,
    specialty: &'static str,
    bio: &'static str,
    fee_major: i64,
    zone: &'static str,
    slot: u32,
    buffer: u32,
    days: &'static [Weekday],
    periods: &'static [(&'static str, &'static str)],
}

const DOCTORS: [DemoDoctor; 3] = [
    DemoDoctor {
        name: "Dr. Farhana Ahmed",
        specialty: "General Practice",
        bio: "Family doctor with fifteen years in Dhaka's clinics; first point of contact for everyday illness.",
        fee_major: 800,
        zone: "Asia/Dhaka",
        slot: 20,
        buffer: 10,
        days: &[Weekday::Saturday, Weekday::Sunday, Weekday::Monday, Weekday::Tuesday, Weekday::Wednesday, Weekday::Thursday],
        periods: &[("09:00", "13:00"), ("15:00", "19:00")],
    },
    DemoDoctor {
        name: "Dr. Michael Chen",
        specialty: "Cardiology",
        bio: "Consultant cardiologist in New York; second opinions and follow-up for heart conditions.",
        fee_major: 3500,
        zone: "America/New_York",
        slot: 30,
        buffer: 0,
        days: &[Weekday::Monday, Weekday::Tuesday, Weekday::Wednesday, Weekday::Thursday, Weekday::Friday],
        periods: &[("08:00", "12:00"), ("13:00", "16:00")],
    },
    DemoDoctor {
        name: "Dr. Anika Rahman",
        specialty: "Dermatology",
        bio: "Dermatologist in London; skin, hair and nail conditions by video with photos.",
        fee_major: 2500,
        zone: "Europe/London",
        slot: 30,
        buffer: 5,
        days: &[Weekday::Monday, Weekday::Wednesday, Weekday::Friday],
        periods: &[("10:00", "13:00"), ("14:00", "17:30")],
    },
];

/// Seeds the demo doctors when there are none. Returns how many were added.
pub async fn seed_doctors(doctors: &Doctors, currency: Currency) -> Result<usize, String> {
    if !doctors.all().await.map_err(|e| e.to_string())?.is_empty() {
        return Ok(0);
    }
    for demo in &DOCTORS {
        let err = |e: &dyn std::fmt::Display| format!("demo doctor {}: {e}", demo.name);
        let periods = demo
            .periods
            .iter()
            .map(|(start, end)| WorkingInterval::parse(start, end))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| err(&e))?;
        let mut hours = WeeklyHours::new();
        for day in demo.days {
            hours.set_day(*day, periods.clone()).map_err(|e| err(&e))?;
        }
        let profile = DoctorProfile {
            name: PersonName::parse(demo.name).map_err(|e| err(&e))?,
            specialty: demo.specialty.to_owned(),
            bio: demo.bio.to_owned(),
            fee: Money::new(demo.fee_major * 10_i64.pow(currency.exponent()), currency),
            timezone: TimeZoneName::parse(demo.zone).map_err(|e| err(&e))?,
            slot_length: SlotLength::from_minutes(demo.slot).map_err(|e| err(&e))?,
            buffer: Buffer::from_minutes(demo.buffer).map_err(|e| err(&e))?,
            notice: MinimumNotice::from_hours(2).map_err(|e| err(&e))?,
            horizon: BookingHorizon::from_days(60).map_err(|e| err(&e))?,
            active: true,
        };
        doctors
            .create_with_hours(profile, hours)
            .await
            .map_err(|e| err(&e))?;
    }
    Ok(DOCTORS.len())
}
