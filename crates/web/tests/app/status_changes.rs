//! Staff change an appointment's status through the state machine: completed
//! and missed once it has begun, cancelled for the patient (asked first,
//! with the cancellation mail); each audited, a refusal said on the page.

use crate::helpers::*;
use crate::staff_helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn an_admin_marks_a_consultation_completed_only_once_it_has_begun() {
    let clock = TestClock::new();
    let app = spawn_app_using(LONG_SESSIONS, test_adapters(&clock)).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    let starts_at = at(2, "09:00");
    let id = id_from(
        &app.book_with(&patient, doctor, &starts_at, "Persistent cough")
            .await,
    );
    let page = format!("/admin/appointments/{id}");
    let complete = format!("/admin/appointments/{id}/complete");

    let early = app.submit_with(&admin, &page, &complete, &[]).await;
    assert_eq!(
        early.status(),
        StatusCode::CONFLICT,
        "a future consultation"
    );
    let body = early.text().await.unwrap();
    assert!(
        body.contains("has not begun yet") && body.contains("Appointment #"),
        "said on its page: {body}"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM appointments WHERE id = {id} AND status = 'confirmed'"
        )),
        1
    );

    past_start(&clock, &starts_at, 10);
    let done = app.submit_with(&admin, &page, &complete, &[]).await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert!(app
        .page_with(&admin, &page)
        .await
        .contains("The consultation is marked completed."));
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM appointments WHERE id = {id} AND status = 'completed'"
        )),
        1
    );
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'appointment.completed' AND actor_kind = 'staff' AND actor_id = 1 AND subject = 'appointment:{id}'")),
        1
    );
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) AS n FROM appointment_history WHERE appointment_id = {id} AND new_status = 'completed' AND by_kind = 'staff:1'")),
        1,
        "the history says who"
    );

    let again = app
        .submit_with(
            &admin,
            &page,
            &format!("/admin/appointments/{id}/no-show"),
            &[],
        )
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert!(again
        .text()
        .await
        .unwrap()
        .contains("An appointment that is Completed cannot be marked as missed."));
}

#[tokio::test]
async fn an_admin_cancels_for_the_patient_after_confirming_with_a_reason_and_the_patient_is_mailed()
{
    let clock = TestClock::new();
    let app = spawn_app_using(LONG_SESSIONS, test_adapters(&clock)).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    // Inside the 24 hours' notice: the patient could not cancel, the clinic can.
    let id = id_from(
        &app.book_with(&patient, doctor, &at(1, "11:00"), "Rash on both arms")
            .await,
    );
    let page = format!("/admin/appointments/{id}");
    let cancel = format!("/admin/appointments/{id}/cancel");

    let ask = app
        .submit_with(&admin, &page, &cancel, &[("reason", "The doctor is ill")])
        .await;
    assert_eq!(ask.status(), StatusCode::OK);
    let ask = ask.text().await.unwrap();
    assert!(
        ask.contains(&format!("Cancel appointment #{id}?")) && ask.contains("The doctor is ill")
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM appointments WHERE id = {id} AND status = 'confirmed'"
        )),
        1,
        "asking changes nothing"
    );

    let empty = app
        .submit_with(
            &admin,
            &page,
            &cancel,
            &[("reason", "  "), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty
        .text()
        .await
        .unwrap()
        .contains("Say why the appointment is cancelled"));

    let done = app
        .submit_with(
            &admin,
            &page,
            &cancel,
            &[("reason", "The doctor is ill"), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) AS n FROM appointments WHERE id = {id} AND status = 'cancelled' AND cancelled_by = 'staff' AND cancel_reason = 'The doctor is ill'")),
        1
    );
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'appointment.cancelled' AND actor_id = 1 AND subject = 'appointment:{id}'")),
        1
    );
    app.settle(clock.now()).await;
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'send_cancellation' AND appointment_id = {id} AND state = 'done'")),
        1,
        "the usual cancellation mail went out"
    );
    assert!(app
        .appointment_mails()
        .iter()
        .any(|m| m.contains("This consultation is cancelled")));

    let complete = app
        .submit_with(
            &admin,
            &page,
            &format!("/admin/appointments/{id}/complete"),
            &[],
        )
        .await;
    assert_eq!(complete.status(), StatusCode::CONFLICT);
    assert!(complete
        .text()
        .await
        .unwrap()
        .contains("An appointment that is Cancelled cannot be marked completed."));
}

#[tokio::test]
async fn a_doctor_marks_their_own_consultation_missed_but_not_another_doctors() {
    let clock = TestClock::new();
    let app = spawn_app_using(LONG_SESSIONS, test_adapters(&clock)).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let other = app
        .create_doctor(
            &admin,
            &NewDoctor {
                name: "Dr. Other Hand",
                ..NewDoctor::default()
            },
        )
        .await;
    let mine = doctor_client(&app, &admin, doctor, "dr.mine@example.com").await;
    let patient = app.patient(1).await;
    let starts_at = at(2, "09:00");
    let own = id_from(
        &app.book_with(&patient, doctor, &starts_at, "Sore throat again")
            .await,
    );
    let theirs = id_from(
        &app.book_with(&patient, other, &at(2, "14:00"), "Knee pain after run")
            .await,
    );

    let early = app
        .submit_with(
            &mine,
            "/doctor",
            &format!("/doctor/appointments/{own}/no-show"),
            &[],
        )
        .await;
    assert_eq!(early.status(), StatusCode::CONFLICT);
    assert!(early.text().await.unwrap().contains("has not begun yet"));

    past_start(&clock, &starts_at, 20);
    let missed = app
        .submit_with(
            &mine,
            "/doctor",
            &format!("/doctor/appointments/{own}/no-show"),
            &[],
        )
        .await;
    assert_eq!(missed.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&missed), "/doctor");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM appointments WHERE id = {own} AND status = 'no_show'"
        )),
        1
    );
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'appointment.no_show' AND actor_id = 2 AND subject = 'appointment:{own}'")),
        1,
        "audited with the doctor's account"
    );

    past_start(&clock, &at(2, "14:00"), 20);
    for action in ["complete", "no-show", "start"] {
        let response = app
            .submit_with(
                &mine,
                "/doctor",
                &format!("/doctor/appointments/{theirs}/{action}"),
                &[],
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::NOT_FOUND,
            "{action} on another doctor's"
        );
    }
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM appointments WHERE id = {theirs} AND status = 'confirmed'"
        )),
        1
    );
}
