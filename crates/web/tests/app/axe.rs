//! Accessibility (WCAG 2.2 AA) as axe-core sees it: the vendored axe.min.js
//! (tests/vendor/axe-core, from the npm package; never a CDN) is injected into
//! each page in headless Chromium, and no serious or critical violation may
//! remain, on a phone-sized and a desktop window.

use crate::chrome::*;
use crate::helpers::*;
use fantoccini::Client;
use reqwest::StatusCode;

const AXE: &str = include_str!("../vendor/axe-core/axe.min.js");

/// The serious and critical violations on the page shown, one line each.
pub async fn serious_violations(b: &Client) -> Vec<String> {
    b.execute(AXE, vec![]).await.expect("axe-core loads");
    let found = b
        .execute_async(
            r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, {
                runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
                resultTypes: ["violations"]
            }).then(r => done(r.violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => v.id + " (" + v.impact + "): " + v.help + " at "
                    + v.nodes.map(n => n.target.join(" ") + " " + (n.failureSummary || "").replace(/\s+/g, " ")).join(" | "))))
              .catch(e => done(["axe failed: " + e]));
            "#,
            vec![],
        )
        .await
        .expect("axe runs");
    serde_json::from_value(found).expect("a list of strings")
}

#[tokio::test]
async fn no_page_of_the_patients_journey_has_a_serious_accessibility_violation() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let admin = app.admin_client("admin@example.com").await;
    let doctor = app
        .create_doctor(
            &admin,
            &NewDoctor {
                timezone: "America/New_York",
                ..NewDoctor::default()
            },
        )
        .await;
    let patient = app.patient(1).await;
    let booked = app
        .book_with(
            &patient,
            doctor,
            &at(5, "14:00"),
            "Chest pain when climbing stairs",
        )
        .await;
    assert_eq!(booked.status(), StatusCode::SEE_OTHER);
    let appointment = location(&booked);
    let review = format!(
        "/book?doctor_id={doctor}&starts_at={}",
        encode(&at(6, "14:00"))
    );
    let day_of_slots = format!("/book?doctor_id={doctor}&date={}", day(6));
    let anonymous = [
        "/",
        "/register",
        "/login",
        "/doctors",
        day_of_slots.as_str(),
    ];
    let logged_in = [
        review.as_str(),
        appointment.as_str(),
        "/dashboard",
        "/profile",
    ];

    let mut problems = Vec::new();
    for (name, size) in [("phone", PHONE), ("desktop", DESKTOP)] {
        let (_driver, b) = launch(Launch {
            size,
            zone: Some("Asia/Dhaka"),
            ..Launch::default()
        })
        .await;
        // The check can fail: an image without a text alternative is critical.
        b.goto("data:text/html,<title>x</title><main><img src='/favicon.ico'></main>")
            .await
            .unwrap();
        let known = serious_violations(&b).await;
        assert!(
            known.iter().any(|v| v.starts_with("image-alt")),
            "axe reports a missing alt: {known:?}"
        );
        for path in anonymous {
            b.goto(&app.url(path)).await.unwrap();
            for v in serious_violations(&b).await {
                problems.push(format!("{name} {path}: {v}"));
            }
        }
        b.goto(&app.url("/login")).await.unwrap();
        type_into(&b, "#email", "patient1@example.com").await;
        type_into(&b, "#password", PASSWORD).await;
        click(&b, "form[action='/login'] button[type=submit]").await;
        // Logged in once the dashboard shows (the login page has a heading too).
        b.wait()
            .for_url(url::Url::parse(&app.url("/dashboard")).unwrap())
            .await
            .unwrap();
        for path in logged_in {
            b.goto(&app.url(path)).await.unwrap();
            for v in serious_violations(&b).await {
                problems.push(format!("{name} {path}: {v}"));
            }
        }
        if name == "phone" {
            b.goto(&app.url(&appointment)).await.unwrap();
            std::fs::write(
                screenshot_path("axe-phone-appointment.png"),
                b.screenshot().await.unwrap(),
            )
            .unwrap();
        }
        b.close().await.unwrap();
    }
    assert!(
        problems.is_empty(),
        "axe-core found:\n{}",
        problems.join("\n")
    );
}

#[tokio::test]
async fn no_admin_page_of_patients_audit_and_overview_has_a_serious_accessibility_violation() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (_admin, doctor) = app.admin_and_doctor().await;
    let patient = app.patient(1).await;
    app.book_with(&patient, doctor, &at(2, "09:00"), "Checkup")
        .await;
    let pages = [
        "/admin",
        "/admin/patients?q=patient",
        "/admin/patients/1",
        "/admin/audit",
        "/admin/audit?from=2026-12-10&to=2026-12-01",
        "/admin/payments?attention=1",
        "/admin/jobs?trouble=deliveries",
    ];
    let (_driver, b) = launch(Launch {
        size: DESKTOP,
        ..Launch::default()
    })
    .await;
    b.goto(&app.url("/login")).await.unwrap();
    type_into(&b, "#email", "admin@example.com").await;
    type_into(&b, "#password", PASSWORD).await;
    click(&b, "form[action='/login'] button[type=submit]").await;
    b.wait()
        .for_url(url::Url::parse(&app.url("/admin")).unwrap())
        .await
        .unwrap();
    let mut problems = Vec::new();
    for path in pages {
        b.goto(&app.url(path)).await.unwrap();
        for v in serious_violations(&b).await {
            problems.push(format!("{path}: {v}"));
        }
    }
    b.goto(&app.url("/admin")).await.unwrap();
    std::fs::write(
        screenshot_path("admin-overview.png"),
        b.screenshot().await.unwrap(),
    )
    .unwrap();
    b.close().await.unwrap();
    assert!(
        problems.is_empty(),
        "axe-core found:\n{}",
        problems.join("\n")
    );
}

#[tokio::test]
async fn the_schedule_and_staff_booking_pages_have_no_serious_accessibility_violation() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    app.submit_with(
        &admin,
        &format!("/admin/doctors/{doctor}"),
        &format!("/admin/doctors/{doctor}/overrides"),
        &[("date", &day(8)), ("hours", "10:00-11:00")],
    )
    .await;
    let patient = app.patient(1).await;
    let booked = app
        .book_with(&patient, doctor, &at(5, "09:00"), "Annual check-up")
        .await;
    let appointment = location(&booked);
    let patient_id = app.count("SELECT id AS n FROM patients LIMIT 1");
    let doctor_page = format!("/admin/doctors/{doctor}");
    let book_page = format!(
        "/admin/patients/{patient_id}/book?doctor_id={doctor}&date={}",
        day(6)
    );
    let move_page = format!(
        "{}/move?date={}",
        appointment.replace("/appointments/", "/admin/appointments/"),
        day(6)
    );

    let (_driver, b) = launch(Launch {
        size: DESKTOP,
        ..Launch::default()
    })
    .await;
    b.goto(&app.url("/login")).await.unwrap();
    type_into(&b, "#email", "admin@example.com").await;
    type_into(&b, "#password", PASSWORD).await;
    click(&b, "form[action='/login'] button[type=submit]").await;
    b.wait()
        .for_url(url::Url::parse(&app.url("/admin")).unwrap())
        .await
        .unwrap();
    let mut problems = Vec::new();
    for path in [doctor_page.as_str(), book_page.as_str(), move_page.as_str()] {
        b.goto(&app.url(path)).await.unwrap();
        for v in serious_violations(&b).await {
            problems.push(format!("{path}: {v}"));
        }
    }
    b.goto(&app.url(&book_page)).await.unwrap();
    std::fs::write(
        screenshot_path("axe-staff-booking.png"),
        b.screenshot().await.unwrap(),
    )
    .unwrap();
    b.close().await.unwrap();
    assert!(
        problems.is_empty(),
        "axe-core found:\n{}",
        problems.join("\n")
    );
}
