//! Booking a slot: validated here against the schedule, made atomic by the store.

use super::{Booking, PaymentTiming, SlotsError};
use crate::model::{
    Actor, Appointment, AppointmentId, AppointmentStatus, Doctor, DoctorId, Money, PatientId,
    PaymentStatus, Reason, StaffId,
};
use crate::ports::{BookOutcome, BookingConflict, NewBooking, StoreError};
use crate::schedule::{check_offered, NotOffered, Slot};
use crate::services::jobs::effects;
use crate::services::Cause;
use crate::validation::FieldErrors;
use jiff::Timestamp;

#[derive(Debug, Clone)]
pub struct BookRequest {
    pub doctor: DoctorId,
    pub starts_at: Timestamp,
    pub reason: String,
    /// The fee (minor units) the patient saw on the review page, if sent back.
    pub fee_seen: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum BookError {
    #[error("the form has errors: {0}")]
    Invalid(FieldErrors),
    #[error("This doctor is not taking appointments.")]
    DoctorNotFound,
    #[error("{0}")]
    NotOffered(NotOffered),
    #[error("The fee changed to {0} while you were booking.")]
    FeeChanged(Money),
    #[error("This slot was just taken.")]
    SlotTaken,
    #[error("You already have an appointment at this time.")]
    PatientBusy,
    #[error("You already have {0} upcoming appointments, the most the clinic allows.")]
    TooManyUpcoming(i64),
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for BookError {
    fn from(error: StoreError) -> Self {
        BookError::Unexpected(error.into())
    }
}

impl From<SlotsError> for BookError {
    fn from(error: SlotsError) -> Self {
        match error {
            SlotsError::DoctorNotFound => BookError::DoctorNotFound,
            other => BookError::Unexpected(other.into()),
        }
    }
}

/// Who books: the patient themself, or staff on their behalf.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Booker {
    Patient,
    Staff(StaffId),
}

/// A booking made (or found, after a double submit).
#[derive(Debug, Clone)]
pub struct Booked {
    pub appointment: AppointmentId,
    pub already_booked: bool,
}

impl Booking {
    /// The slot a patient is about to book, for the review page: offered and free.
    pub async fn review(&self, doctor: &Doctor, starts_at: Timestamp) -> Result<Slot, BookError> {
        let now = self.clock.now();
        let (rules, taken) = self
            .rules_and_taken(doctor, (starts_at, starts_at), now)
            .await?;
        check_offered(&rules, &taken, starts_at, now).map_err(not_offered)
    }

    /// The slot on the doctor's grid at `starts_at`, free or not: whether it is
    /// free (or already this patient's, after a double submit) the store decides,
    /// in the booking's own transaction.
    async fn slot_to_book(
        &self,
        doctor: &Doctor,
        starts_at: Timestamp,
        who: Booker,
    ) -> Result<Slot, BookError> {
        let now = self.clock.now();
        let (rules, taken) = self
            .rules_and_taken(doctor, (starts_at, starts_at), now)
            .await?;
        let rules = match who {
            Booker::Patient => rules,
            Booker::Staff(_) => rules.without_patient_limits(),
        };
        match check_offered(&rules, &taken, starts_at, now) {
            Err(NotOffered::Taken) => check_offered(&rules, &[], starts_at, now),
            offered => offered,
        }
        .map_err(not_offered)
    }

    pub async fn book(
        &self,
        patient: PatientId,
        request: &BookRequest,
    ) -> Result<Booked, BookError> {
        self.book_as(Booker::Patient, patient, request).await
    }

    /// Staff booking for a patient who phones or walks in: the patient-facing
    /// limits (minimum notice, horizon, most upcoming) do not apply, the
    /// no-overlap rules of the store do. Confirmed at once whatever
    /// `payments.policy` says: the clinic takes payment at the desk.
    pub async fn book_for_patient(
        &self,
        staff: StaffId,
        patient: PatientId,
        request: &BookRequest,
    ) -> Result<Booked, BookError> {
        self.book_as(Booker::Staff(staff), patient, request).await
    }

    async fn book_as(
        &self,
        who: Booker,
        patient: PatientId,
        request: &BookRequest,
    ) -> Result<Booked, BookError> {
        let reason = Reason::parse(&request.reason)
            .map_err(|e| BookError::Invalid(FieldErrors::single("reason", e.to_string())))?;
        let doctor = self.bookable_doctor(request.doctor).await?;
        let slot = self.slot_to_book(&doctor, request.starts_at, who).await?;
        let fee = doctor.profile.fee;
        if request.fee_seen.is_some_and(|seen| seen != fee.minor()) {
            return Err(BookError::FeeChanged(fee));
        }
        let now = self.clock.now();
        let payment = match who {
            Booker::Patient => self.policy.payment,
            Booker::Staff(_) => PaymentTiming::After,
        };
        let (status, payment_status, hold_until, jobs) = match payment {
            PaymentTiming::After => (
                AppointmentStatus::Confirmed,
                PaymentStatus::Unpaid,
                None,
                effects::on_confirmed(slot.starts_at(), now, &self.policy.notices),
            ),
            PaymentTiming::Before => {
                let until = now.saturating_add(self.policy.hold).unwrap_or(now);
                (
                    AppointmentStatus::PendingPayment,
                    PaymentStatus::Unpaid,
                    Some(until),
                    effects::on_held(until),
                )
            }
        };
        let booking = NewBooking {
            patient,
            doctor: doctor.id,
            doctor_name: doctor.profile.name.as_str().to_owned(),
            starts_at: slot.starts_at(),
            ends_at: slot.ends_at(),
            local_date: slot.local_date().to_string(),
            local_time: slot.local_time(),
            reason,
            amount: fee,
            status,
            payment_status,
            hold_until,
            buffer: doctor.profile.buffer.duration(),
            max_upcoming: match who {
                Booker::Patient => self.policy.max_upcoming,
                Booker::Staff(_) => i64::MAX,
            },
            now,
            by: match who {
                Booker::Patient => Actor::Patient(patient),
                Booker::Staff(staff) => Actor::Staff(staff),
            },
            jobs,
        };
        match self.store.book(booking).await {
            Ok(BookOutcome::Booked(id)) => Ok(Booked {
                appointment: id,
                already_booked: false,
            }),
            Ok(BookOutcome::AlreadyBooked(id)) => Ok(Booked {
                appointment: id,
                already_booked: true,
            }),
            Err(conflict) => Err(self.conflict(conflict)),
        }
    }

    pub(super) fn conflict(&self, conflict: BookingConflict) -> BookError {
        match conflict {
            BookingConflict::SlotTaken | BookingConflict::Changed => BookError::SlotTaken,
            BookingConflict::PatientBusy => BookError::PatientBusy,
            BookingConflict::TooManyUpcoming => {
                BookError::TooManyUpcoming(self.policy.max_upcoming)
            }
            BookingConflict::Store(error) => BookError::Unexpected(error.into()),
        }
    }

    /// One of the patient's own appointments; another patient's is "not found".
    pub async fn own_appointment(
        &self,
        patient: PatientId,
        id: AppointmentId,
    ) -> Result<Option<Appointment>, StoreError> {
        Ok(self
            .store
            .appointment(id)
            .await?
            .filter(|a| a.patient_id == patient))
    }

    /// The meeting's passcode of one of the patient's own appointments,
    /// while it is confirmed; nobody else's.
    pub async fn own_meeting_passcode(
        &self,
        patient: PatientId,
        appointment: &Appointment,
    ) -> Result<Option<String>, StoreError> {
        if appointment.patient_id != patient || appointment.status != AppointmentStatus::Confirmed {
            return Ok(None);
        }
        self.store.meeting_passcode(appointment.id).await
    }

    pub async fn appointments_of(
        &self,
        patient: PatientId,
    ) -> Result<Vec<Appointment>, StoreError> {
        self.store.appointments_of_patient(patient).await
    }

    pub async fn history(
        &self,
        id: AppointmentId,
    ) -> Result<Vec<crate::model::AppointmentChange>, StoreError> {
        self.store.history(id).await
    }
}

fn not_offered(reason: NotOffered) -> BookError {
    match reason {
        NotOffered::Taken => BookError::SlotTaken,
        other => BookError::NotOffered(other),
    }
}
