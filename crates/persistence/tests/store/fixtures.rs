//! Doctors, patients and bookings for the booking and outbox tests.

use crate::support::{at, hash, patient, TestDb};
use consulta_domain::model::{Actor, JobKind, NewJob};
use consulta_domain::model::{
    AppointmentId, AppointmentStatus, Currency, DoctorId, DoctorProfile, Money, PatientId,
    PaymentStatus, PersonName, Reason, TimeZoneName,
};
use consulta_domain::ports::{BookOutcome, NewBooking};
use consulta_domain::schedule::{BookingHorizon, Buffer, MinimumNotice, SlotLength};
use jiff::{SignedDuration, Timestamp};

/// The clock every booking test runs at, unless it says otherwise.
pub const NOW: &str = "2026-06-01T00:00:00Z";

pub fn now() -> Timestamp {
    at(NOW)
}

pub fn profile(name: &str, buffer_minutes: u32) -> DoctorProfile {
    DoctorProfile {
        name: PersonName::parse(name).unwrap(),
        specialty: "General practice".into(),
        bio: "Twenty years of family medicine.".into(),
        fee: Money::new(150_000, Currency::parse("BDT").unwrap()),
        timezone: TimeZoneName::parse("Asia/Dhaka").unwrap(),
        slot_length: SlotLength::from_minutes(30).unwrap(),
        buffer: Buffer::from_minutes(buffer_minutes).unwrap(),
        notice: MinimumNotice::from_hours(2).unwrap(),
        horizon: BookingHorizon::from_days(60).unwrap(),
        active: true,
    }
}

pub async fn doctor(t: &TestDb, name: &str) -> DoctorId {
    t.ports
        .doctors
        .create_doctor(profile(name, 0), now())
        .await
        .unwrap()
}

pub async fn patients(t: &TestDb, count: usize) -> Vec<PatientId> {
    let mut ids = Vec::with_capacity(count);
    for n in 0..count {
        let email = format!("patient{n}@example.com");
        let id = t
            .ports
            .accounts
            .create_patient(patient("Patient", &email, "none"), hash("p"), now())
            .await
            .unwrap();
        ids.push(id);
    }
    ids
}

/// A confirmed ("pay after") booking of `minutes` from `start`, no buffer,
/// at most 5 upcoming, with the two confirmation jobs.
pub fn booking(patient: PatientId, doctor: DoctorId, start: &str, minutes: i64) -> NewBooking {
    let starts_at = at(start);
    let now = now();
    NewBooking {
        patient,
        doctor,
        doctor_name: "Dr Test".into(),
        starts_at,
        ends_at: starts_at + SignedDuration::from_mins(minutes),
        local_date: "2026-06-02".into(),
        local_time: "09:00".into(),
        reason: Reason::parse("Fever for three days").unwrap(),
        amount: Money::new(150_000, Currency::parse("BDT").unwrap()),
        status: AppointmentStatus::Confirmed,
        payment_status: PaymentStatus::Unpaid,
        hold_until: None,
        buffer: SignedDuration::ZERO,
        max_upcoming: 5,
        now,
        by: Actor::Patient(patient),
        jobs: vec![
            NewJob::for_appointment(JobKind::CreateMeeting, now),
            NewJob::for_appointment(JobKind::SendConfirmation, now),
        ],
    }
}

/// A "pay before" booking holding the slot until `hold_until`.
pub fn hold(
    patient: PatientId,
    doctor: DoctorId,
    start: &str,
    minutes: i64,
    hold_until: Timestamp,
) -> NewBooking {
    NewBooking {
        status: AppointmentStatus::PendingPayment,
        hold_until: Some(hold_until),
        jobs: vec![NewJob::for_appointment(JobKind::ExpireHold, hold_until)],
        ..booking(patient, doctor, start, minutes)
    }
}

pub fn booked(outcome: BookOutcome) -> AppointmentId {
    match outcome {
        BookOutcome::Booked(id) => id,
        other => panic!("expected a new booking, got {other:?}"),
    }
}
