//! Staff booking, moving and cancelling for a patient who phones or walks in:
//! the `Booking` service's staff variants, each written to the audit log.
//! The appointment's history names the member of staff too.

use crate::model::{AccountRef, Appointment, AppointmentId, PatientContact, PatientId, StaffId};
use crate::ports::{AccountStore, AuditEntry, AuditLog, Clock, StoreError};
use crate::services::booking::{BookError, BookRequest, Booked, Booking, ManageError};
use jiff::Timestamp;
use std::sync::Arc;

#[derive(Clone)]
pub struct StaffBooking {
    booking: Booking,
    accounts: Arc<dyn AccountStore>,
    audit: Arc<dyn AuditLog>,
    clock: Arc<dyn Clock>,
}

impl StaffBooking {
    pub fn new(
        booking: Booking,
        accounts: Arc<dyn AccountStore>,
        audit: Arc<dyn AuditLog>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            booking,
            accounts,
            audit,
            clock,
        }
    }

    /// Who is being booked for: name and contact, never the medical history.
    pub async fn patient(&self, id: PatientId) -> Result<Option<PatientContact>, StoreError> {
        self.accounts.patient_contact(id).await
    }

    pub async fn book(
        &self,
        staff: StaffId,
        patient: PatientId,
        request: &BookRequest,
        client: Option<String>,
    ) -> Result<Booked, BookError> {
        if self.accounts.patient_contact(patient).await?.is_none() {
            return Err(BookError::Invalid(crate::validation::FieldErrors::single(
                "patient_id",
                "There is no such patient.",
            )));
        }
        let booked = self
            .booking
            .book_for_patient(staff, patient, request)
            .await?;
        if !booked.already_booked {
            self.record(
                staff,
                "appointment.booked_by_staff",
                booked.appointment,
                client,
            )
            .await?;
        }
        Ok(booked)
    }

    pub async fn reschedule(
        &self,
        staff: StaffId,
        id: AppointmentId,
        new_start: Timestamp,
        client: Option<String>,
    ) -> Result<Appointment, ManageError> {
        let moved = self
            .booking
            .reschedule_for_patient(staff, id, new_start)
            .await?;
        self.record(staff, "appointment.moved_by_staff", id, client)
            .await?;
        Ok(moved)
    }

    async fn record(
        &self,
        staff: StaffId,
        action: &str,
        id: AppointmentId,
        client: Option<String>,
    ) -> Result<(), StoreError> {
        self.audit
            .record(AuditEntry {
                at: self.clock.now(),
                actor: Some(AccountRef::Staff(staff)),
                action: action.to_owned(),
                subject: Some(format!("appointment:{id}")),
                client,
            })
            .await
    }
}
