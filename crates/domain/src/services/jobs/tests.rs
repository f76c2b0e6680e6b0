//! The decisions the jobs make, on values: what storing a meeting enqueues,
//! and how invite sequences rise.

use super::meetings::after_meeting;
use crate::model::{
    Appointment, AppointmentId, AppointmentStatus, ConfirmationSent, Currency, DoctorId, JobKind,
    JobPayload, Money, PatientId, PaymentStatus, Reason,
};
use crate::ports::Meeting;
use jiff::Timestamp;

fn at(second: i64) -> Timestamp {
    Timestamp::from_second(second).unwrap()
}

fn appointment(status: AppointmentStatus, confirmation: Option<ConfirmationSent>) -> Appointment {
    Appointment {
        id: AppointmentId::new(42),
        patient_id: PatientId::new(1),
        doctor_id: DoctorId::new(2),
        doctor_name: "Dr. Test".into(),
        starts_at: at(1_767_225_600),
        ends_at: at(1_767_227_400),
        appointment_date: "2026-01-01".into(),
        appointment_time: "00:00".into(),
        reason: Reason::parse("A sore throat").unwrap(),
        status,
        payment_status: PaymentStatus::Unpaid,
        amount: Money::new(1500, Currency::parse("BDT").unwrap()),
        hold_until: None,
        zoom_link: None,
        meeting_id: None,
        confirmation,
        cancelled_by: None,
        cancel_reason: None,
        created_at: at(1_767_000_000),
        version: 3,
        invite_sequence: 0,
    }
}

fn meeting() -> Meeting {
    Meeting {
        id: "85746065432".into(),
        join_url: "https://zoom.example/j/85746065432".into(),
        passcode: None,
    }
}

fn kinds(jobs: &[crate::model::NewJob]) -> Vec<JobKind> {
    jobs.iter().map(|j| j.kind).collect()
}

#[test]
fn a_stored_link_brings_the_waiting_confirmation_forward() {
    let a = appointment(AppointmentStatus::Confirmed, None);
    let now = at(1_767_100_000);
    let jobs = after_meeting(&a, &meeting(), a.starts_at, now);
    assert_eq!(kinds(&jobs), vec![JobKind::SendConfirmation]);
    assert_eq!(jobs[0].run_at, now, "sent now, not at the end of the grace");
}

#[test]
fn a_link_after_a_confirmation_without_it_gets_its_own_mail() {
    let a = appointment(
        AppointmentStatus::Confirmed,
        Some(ConfirmationSent::WithoutLink),
    );
    let jobs = after_meeting(&a, &meeting(), a.starts_at, at(1_767_100_000));
    assert_eq!(kinds(&jobs), vec![JobKind::SendMeetingLink]);
}

#[test]
fn a_meeting_made_for_an_old_time_is_moved_and_one_for_a_cancelled_visit_deleted() {
    let a = appointment(
        AppointmentStatus::Confirmed,
        Some(ConfirmationSent::WithLink),
    );
    let old_time = at(1_767_200_000);
    let jobs = after_meeting(&a, &meeting(), old_time, at(1_767_100_000));
    assert_eq!(kinds(&jobs), vec![JobKind::UpdateMeeting]);

    let cancelled = appointment(AppointmentStatus::Cancelled, None);
    let jobs = after_meeting(&cancelled, &meeting(), cancelled.starts_at, at(1));
    assert_eq!(kinds(&jobs), vec![JobKind::DeleteMeeting]);
    assert_eq!(
        jobs[0].payload,
        JobPayload::Meeting {
            id: "85746065432".into()
        },
        "the delete names the meeting, which the row may never hold"
    );
}
