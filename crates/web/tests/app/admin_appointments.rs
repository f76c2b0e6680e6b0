//! Staff's list of appointments: filters, pages, the CSV download with the
//! same filters, and bad filters answered on the same page.

use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn staff_filter_page_and_download_appointments() {
    let app = spawn_app_with(&format!("{TRUSTED_PROXY}clinic.timezone = \"UTC\"\n")).await;
    let admin = app.admin_client("admin@example.com").await;
    let first = app.create_doctor(&admin, &NewDoctor::default()).await;
    let second = app
        .create_doctor(
            &admin,
            &NewDoctor {
                name: "Dr. Second Opinion",
                ..NewDoctor::default()
            },
        )
        .await;
    let ayesha = app.patient_as(1, "ayesha.list@example.com").await;
    let karim = app.patient_as(2, "karim.list@example.com").await;
    for (patient, doctor, when, reason) in [
        (&ayesha, first, at(2, "09:00"), "=SUM(1+1) headache"),
        (&ayesha, second, at(3, "09:00"), "Follow-up visit"),
        (&karim, first, at(4, "10:00"), "Back pain again"),
    ] {
        let response = app.book_with(patient, doctor, &when, reason).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{reason}");
    }

    let all = app.page_with(&admin, "/admin/appointments").await;
    assert!(all.contains("3 appointments"), "{all}");
    let by_doctor = app
        .page_with(&admin, &format!("/admin/appointments?doctor_id={second}"))
        .await;
    assert!(by_doctor.contains("1 appointment;") && by_doctor.contains("Dr. Second Opinion"));
    let by_patient = app
        .page_with(&admin, "/admin/appointments?patient=KARIM.list")
        .await;
    assert!(by_patient.contains("1 appointment;") && by_patient.contains("karim.list@example.com"));
    assert!(!by_patient.contains("ayesha.list@example.com"));
    let by_day = app
        .page_with(
            &admin,
            &format!("/admin/appointments?from={}&to={}", day(3), day(4)),
        )
        .await;
    assert!(
        by_day.contains("2 appointments"),
        "from and to are both included"
    );
    let none = app
        .page_with(&admin, "/admin/appointments?status=cancelled")
        .await;
    assert!(none.contains("No appointment matches"));
    let newest = app
        .page_with(&admin, "/admin/appointments?sort=newest")
        .await;
    let order = |page: &str, a: &str, b: &str| page.find(a).unwrap() < page.find(b).unwrap();
    assert!(order(&newest, "karim.list", "ayesha.list"), "latest first");
    assert!(order(&all, "ayesha.list", "karim.list"), "earliest first");
    for id in 1..=3 {
        assert!(
            all.contains(&format!("href=\"/admin/appointments/{id}\"")),
            "every row links to its page"
        );
    }

    let csv = app
        .get_with(
            &admin,
            &format!("/admin/appointments.csv?doctor_id={first}"),
        )
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = csv.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "id,date,time,patient,email,doctor,reason,status,payment_status,amount"
    );
    assert_eq!(
        lines.len(),
        3,
        "the header and the doctor's two appointments: {text}"
    );
    assert!(
        text.contains(",'=SUM(1+1) headache,"),
        "a formula is neutralised: {text}"
    );
    assert!(text.contains(&format!(
        "{},09:00,Test Patient,ayesha.list@example.com,Dr. Test Doctor",
        day(2)
    )));
}

#[tokio::test]
async fn bad_filters_get_a_clear_message_on_the_same_page() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let admin = app.admin_client("admin@example.com").await;
    for (query, message) in [
        (
            format!("from={}&to={}", day(5), day(2)),
            "The date range ends before it starts.",
        ),
        ("from=31/12/2026".to_owned(), "Give a date as YYYY-MM-DD."),
        ("status=lost".to_owned(), "Choose a status from the list."),
        ("doctor_id=abc".to_owned(), "Choose a doctor from the list."),
    ] {
        let response = app
            .get_with(&admin, &format!("/admin/appointments?{query}"))
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}"
        );
        let page = response.text().await.unwrap();
        assert!(page.contains(message), "{query}: {message}");
        assert!(
            page.contains("aria-invalid=\"true\"")
                || query.starts_with("status")
                || query.starts_with("doctor")
        );
        let csv = app
            .get_with(&admin, &format!("/admin/appointments.csv?{query}"))
            .await;
        assert_eq!(csv.status(), StatusCode::BAD_REQUEST, "{query}");
    }
    let patient = app.patient(1).await;
    let refused = app.get_with(&patient, "/admin/appointments").await;
    assert_eq!(
        refused.status(),
        StatusCode::FORBIDDEN,
        "patients never see the list"
    );
    let anonymous = app.get_with(&new_client(), "/admin/appointments.csv").await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER, "log in first");
}
