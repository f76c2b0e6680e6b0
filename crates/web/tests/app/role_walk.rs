//! The role walk: every admin and doctor route, taken from the routers'
//! own tables, called by everyone who may not use it (nobody logged in, a
//! patient, another doctor, a deactivated staff member), with the ids of
//! real rows; none gets through, nothing changes, and no answer shows a
//! patient's data to someone who may not see it.

use crate::helpers::*;
use crate::staff_helpers::*;
use reqwest::{Client, Method, StatusCode};

/// The ids the routes' placeholders stand for, all of real rows.
struct Ids {
    patient: i64,
    appointment: i64,
    doctor: i64,
    staff: i64,
    job: i64,
    time_off: i64,
}

/// The route with its placeholders replaced by ids of the rows they name,
/// chosen by the word before each; a route with a placeholder this walk
/// does not know fails here, so a new route cannot go unwalked.
fn fill(path: &str, ids: &Ids) -> String {
    let segments: Vec<&str> = path.split('/').collect();
    let mut filled = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        if !segment.starts_with('{') {
            filled.push(segment.to_string());
            continue;
        }
        let before = if i > 0 { segments[i - 1] } else { "" };
        let id = match (before, *segment) {
            ("patients", "{id}") => ids.patient.to_string(),
            ("appointments", "{id}") => ids.appointment.to_string(),
            ("doctors", "{id}") => ids.doctor.to_string(),
            ("staff", "{id}") => ids.staff.to_string(),
            ("jobs", "{id}") => ids.job.to_string(),
            ("time-off", "{entry}") => ids.time_off.to_string(),
            // No override exists: callers are turned away before any lookup.
            ("overrides", "{entry}") => ids.time_off.to_string(),
            ("reports", "{report}") => "revenue".to_owned(),
            _ => panic!("the role walk does not know what {segment} after {before:?} in {path} names: add it"),
        };
        filled.push(id);
    }
    filled.join("/")
}

/// Someone who must not get through, and how they are turned away.
struct Caller<'a> {
    who: &'a str,
    client: &'a Client,
    /// A page this caller can open, for its CSRF token.
    form_page: &'a str,
    /// Markers of patients' data this caller may not see.
    hidden: Vec<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Login,
    Status(StatusCode),
}

async fn call(app: &TestApp, caller: &Caller<'_>, method: &Method, url: &str) -> reqwest::Response {
    if *method == Method::GET {
        return app.get_with(caller.client, url).await;
    }
    // Everything a form could send, so a route that let the caller through would act.
    let token = csrf_from(&app.page_with(caller.client, caller.form_page).await);
    app.post_raw(
        caller.client,
        url,
        &[
            ("csrf_token", &token),
            ("confirmed", "yes"),
            ("reason", "walked by the role test"),
            ("email", "walker@example.com"),
            ("role", "admin"),
            ("password", PASSWORD),
            ("name", "Walker"),
            ("start", &day(9)),
            ("end", &day(9)),
        ],
    )
    .await
}

async fn check(
    app: &TestApp,
    caller: &Caller<'_>,
    method: &Method,
    path: &str,
    url: &str,
    expect: Expect,
) {
    let response = call(app, caller, method, url).await;
    let status = response.status();
    let to = location(&response);
    let body = response.text().await.unwrap();
    match expect {
        Expect::Login => assert!(
            status == StatusCode::SEE_OTHER && to.starts_with("/login"),
            "{} {method} {path}: {status} to {to:?}, expected the login page",
            caller.who
        ),
        Expect::Status(expected) => assert_eq!(status, expected, "{} {method} {path}", caller.who),
    }
    for marker in &caller.hidden {
        assert!(
            !body.contains(marker),
            "{} {method} {path} shows {marker}",
            caller.who
        );
    }
}

/// Audit entries of changes (views of records are audited too, and the
/// admin's and the doctor's own walks view them).
const CHANGES_AUDITED: &str =
    "SELECT COUNT(*) AS n FROM audit_log WHERE action NOT IN ('patient.viewed', 'patient.viewed_by_doctor')";

#[tokio::test]
async fn every_admin_and_doctor_route_turns_away_whoever_may_not_use_it() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let other_doctor = app
        .create_doctor(
            &admin,
            &NewDoctor {
                name: "Dr. Second Walker",
                ..NewDoctor::default()
            },
        )
        .await;
    let gone_doctor = app
        .create_doctor(
            &admin,
            &NewDoctor {
                name: "Dr. Gone Walker",
                ..NewDoctor::default()
            },
        )
        .await;
    let own = doctor_client(&app, &admin, doctor, "dr.own@example.com").await;
    let other = doctor_client(&app, &admin, other_doctor, "dr.other@example.com").await;
    let gone = doctor_client(&app, &admin, gone_doctor, "dr.gone@example.com").await;
    let gone_id = app.count("SELECT id AS n FROM staff_users WHERE email = 'dr.gone@example.com'");
    let own_id = app.count("SELECT id AS n FROM staff_users WHERE email = 'dr.own@example.com'");
    let other_id =
        app.count("SELECT id AS n FROM staff_users WHERE email = 'dr.other@example.com'");
    app.submit_with(
        &admin,
        "/admin/staff",
        &format!("/admin/staff/{gone_id}/deactivate"),
        &[("confirmed", "yes")],
    )
    .await;

    let marked = marked_patient(&app, 1, "WALKMARK").await;
    let theirs = marked_patient(&app, 2, "OTHERMARK").await;
    let appointment = id_from(
        &app.book_with(&marked.client, doctor, &at(2, "09:00"), "WALKMARK reason")
            .await,
    );
    app.book_with(
        &theirs.client,
        other_doctor,
        &at(2, "10:00"),
        "OTHERMARK reason",
    )
    .await;
    let patient = app.patient(3).await;
    app.submit_with(
        &admin,
        &format!("/admin/doctors/{doctor}"),
        &format!("/admin/doctors/{doctor}/time-off"),
        &[
            ("start", &day(20)),
            ("end", &day(20)),
            ("reason", "Walk leave"),
        ],
    )
    .await;
    let ids = Ids {
        patient: app.count(&format!(
            "SELECT patient_id AS n FROM appointments WHERE id = {appointment}"
        )),
        appointment,
        doctor,
        staff: own_id,
        job: app.count("SELECT MIN(id) AS n FROM outbox_jobs"),
        time_off: app.count("SELECT MAX(id) AS n FROM doctor_time_off"),
    };
    let anonymous = new_client();
    let marked_data = vec![
        marked.name.as_str(),
        marked.email.as_str(),
        marked.history.as_str(),
        "WALKMARK",
    ];
    let their_data = vec![
        theirs.name.as_str(),
        theirs.email.as_str(),
        theirs.history.as_str(),
        "OTHERMARK",
    ];
    let everyone: Vec<&str> = marked_data
        .iter()
        .chain(their_data.iter())
        .copied()
        .collect();
    let nobody = Caller {
        who: "anonymous",
        client: &anonymous,
        form_page: "/login",
        hidden: everyone.clone(),
    };
    let a_patient = Caller {
        who: "a patient",
        client: &patient,
        form_page: "/dashboard",
        hidden: everyone.clone(),
    };
    let deactivated = Caller {
        who: "a deactivated doctor",
        client: &gone,
        form_page: "/login",
        hidden: everyone.clone(),
    };
    let another_doctor = Caller {
        who: "another doctor",
        client: &other,
        form_page: "/doctor",
        hidden: marked_data.clone(),
    };
    let own_doctor = Caller {
        who: "the doctor",
        client: &own,
        form_page: "/doctor",
        hidden: their_data.clone(),
    };
    let as_admin = Caller {
        who: "an admin",
        client: &admin,
        form_page: "/admin",
        hidden: vec![],
    };
    let before = (
        app.count("SELECT COUNT(*) AS n FROM staff_users"),
        app.count(CHANGES_AUDITED),
        app.count("SELECT COUNT(*) AS n FROM doctor_time_off"),
        app.count("SELECT COUNT(*) AS n FROM doctors"),
    );

    let routes = consulta_web::staff_routes();
    for expected in [
        "/admin/staff",
        "/admin/appointments/{id}/complete",
        "/doctor",
        "/doctor/patients/{id}",
    ] {
        assert!(
            routes.iter().any(|(path, _)| *path == expected),
            "{expected} is listed"
        );
    }
    let forbidden = Expect::Status(StatusCode::FORBIDDEN);
    for (path, method) in &routes {
        let url = fill(path, &ids);
        check(&app, &nobody, method, path, &url, Expect::Login).await;
        check(&app, &deactivated, method, path, &url, Expect::Login).await;
        check(&app, &a_patient, method, path, &url, forbidden).await;
        if path.starts_with("/admin") {
            check(&app, &another_doctor, method, path, &url, forbidden).await;
            check(&app, &own_doctor, method, path, &url, forbidden).await;
        } else if path.starts_with("/doctor") {
            check(&app, &as_admin, method, path, &url, forbidden).await;
            // Another doctor's appointment or patient does not exist for them;
            // their own schedule shows none of this doctor's patients.
            let theirs = if path.contains('{') {
                Expect::Status(StatusCode::NOT_FOUND)
            } else {
                Expect::Status(StatusCode::OK)
            };
            check(&app, &another_doctor, method, path, &url, theirs).await;
            if *method == Method::GET {
                check(
                    &app,
                    &own_doctor,
                    method,
                    path,
                    &url,
                    Expect::Status(StatusCode::OK),
                )
                .await;
            }
        } else {
            panic!("{path} is neither an admin nor a doctor route");
        }
    }
    for (path, method) in routes
        .iter()
        .filter(|(p, m)| p.starts_with("/admin") && *m == Method::GET)
    {
        check(
            &app,
            &as_admin,
            method,
            path,
            &fill(path, &ids),
            Expect::Status(StatusCode::OK),
        )
        .await;
    }

    let after = (
        app.count("SELECT COUNT(*) AS n FROM staff_users"),
        app.count(CHANGES_AUDITED),
        app.count("SELECT COUNT(*) AS n FROM doctor_time_off"),
        app.count("SELECT COUNT(*) AS n FROM doctors"),
    );
    assert_eq!(after, before, "nobody turned away changed anything");
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) AS n FROM appointments WHERE id = {appointment} AND status = 'confirmed'")),
        1
    );
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) AS n FROM audit_log WHERE actor_kind = 'staff' AND actor_id IN ({gone_id}, {other_id})")),
        0,
        "neither the deactivated nor the other doctor did anything"
    );
}
