//! Staff accounts at /admin/staff: creating admins and doctors (bad input
//! answered on the form), one-time passwords, deactivation that ends the
//! sessions at once, and `consulta create-staff`.

use crate::helpers::*;
use crate::staff_helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn an_admin_creates_a_doctor_account_that_sees_only_the_doctor_pages() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (admin, doctor) = app.admin_and_doctor().await;

    let client = doctor_client(&app, &admin, doctor, "dr.test@example.com").await;

    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'staff.created' AND actor_kind = 'staff' AND actor_id = 1 AND subject = 'staff:2'"),
        1,
        "the creation is audited with who did it"
    );
    let list = app.page_with(&admin, "/admin/staff").await;
    assert!(list.contains("dr.test@example.com") && list.contains("Dr. Test Doctor"));
    let day = app.page_with(&client, "/doctor").await;
    assert!(day.contains("Your schedule") && day.contains("Dr. Test Doctor"));
    assert_eq!(
        app.get_with(&client, "/admin").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get_with(&admin, "/doctor").await.status(),
        StatusCode::FORBIDDEN,
        "an admin has no doctor's schedule"
    );
}

/// The fields sent, what the page must say, and why it is wrong.
type BadForm<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);

/// The arguments, the environment, and what standard error must say.
type BadCommand<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);

#[tokio::test]
async fn bad_staff_forms_are_answered_on_the_form_with_what_was_typed_and_nothing_saved() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    doctor_client(&app, &admin, doctor, "first.doctor@example.com").await;
    let doctor = doctor.to_string();
    let cases: &[BadForm] = &[
        (
            &[
                ("email", "ADMIN@example.com"),
                ("role", "admin"),
                ("password", PASSWORD),
            ],
            "That email address already belongs to an account.",
            "an email taken by another staff member",
        ),
        (
            &[
                ("email", "second.doctor@example.com"),
                ("role", "doctor"),
                ("doctor_id", &doctor),
                ("password", PASSWORD),
            ],
            "That doctor is already linked to another staff account.",
            "a doctor already linked",
        ),
        (
            &[
                ("email", "ghost.doctor@example.com"),
                ("role", "doctor"),
                ("doctor_id", "9999"),
                ("password", PASSWORD),
            ],
            "There is no such doctor.",
            "an unknown doctor",
        ),
        (
            &[
                ("email", "lost.doctor@example.com"),
                ("role", "doctor"),
                ("doctor_id", ""),
                ("password", PASSWORD),
            ],
            "A doctor&#x27;s account needs the doctor profile it belongs to.",
            "a doctor without a doctor profile",
        ),
        (
            &[
                ("email", "odd.role@example.com"),
                ("role", "superuser"),
                ("password", PASSWORD),
            ],
            "Choose a role: admin or doctor.",
            "an unknown role",
        ),
        (
            &[
                ("email", "short.pw@example.com"),
                ("role", "admin"),
                ("password", "short"),
            ],
            "password",
            "a password too short",
        ),
    ];
    let before = app.count("SELECT COUNT(*) AS n FROM staff_users");
    for (fields, message, why) in cases {
        let response = create_staff(&app, &admin, fields).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{why}");
        let page = response.text().await.unwrap();
        assert!(page.contains(message), "{why}: {page}");
        assert!(page.contains("Add a staff account"), "{why}: the same form");
        assert!(
            page.contains(&format!("value=\"{}\"", fields[0].1)),
            "{why}: the email typed is kept"
        );
        if let Some((_, doctor)) = fields.iter().find(|(name, _)| *name == "doctor_id") {
            if !doctor.is_empty() {
                assert!(
                    page.contains(&format!("value=\"{doctor}\" selected")),
                    "{why}: the doctor chosen stays chosen"
                );
            }
        }
    }
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM staff_users"),
        before,
        "nothing was saved"
    );
}

fn one_time_password(page: &str) -> String {
    let marker = "<code id=\"one-time-password\">";
    let start = page.find(marker).expect("a one-time password") + marker.len();
    let end = page[start..].find('<').unwrap() + start;
    page[start..end].to_owned()
}

#[tokio::test]
async fn a_generated_password_is_shown_once_and_must_be_replaced_at_the_first_login() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let admin = app.admin_client("admin@example.com").await;
    let response = create_staff(
        &app,
        &admin,
        &[
            ("email", "helper@example.com"),
            ("role", "admin"),
            ("name", "Front Desk"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap();
    let password = one_time_password(&page);
    assert_eq!(password.len(), 16);
    assert!(
        !app.page_with(&admin, "/admin/staff")
            .await
            .contains(&password),
        "shown only once"
    );

    let helper = new_client();
    let login = app
        .login_with(&helper, "helper@example.com", &password)
        .await;
    assert_eq!(login.status(), StatusCode::SEE_OTHER);
    let blocked = app.get_with(&helper, "/admin").await;
    assert_eq!(location(&blocked), "/staff/profile", "a new password first");
}

#[tokio::test]
async fn a_password_reset_ends_the_sessions_and_gives_a_one_time_password() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let client = doctor_client(&app, &admin, doctor, "dr.reset@example.com").await;

    let response = app
        .submit_with(&admin, "/admin/staff", "/admin/staff/2/password", &[])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let password = one_time_password(&response.text().await.unwrap());

    let ended = app.get_with(&client, "/doctor").await;
    assert_eq!(
        location(&ended),
        "/login?next=%2Fdoctor",
        "the old session ended"
    );
    let old = new_client();
    let refused = app.login_with(&old, "dr.reset@example.com", PASSWORD).await;
    assert_eq!(
        refused.status(),
        StatusCode::UNAUTHORIZED,
        "the old password is gone"
    );
    let again = new_client();
    app.login_with(&again, "dr.reset@example.com", &password)
        .await;
    assert_eq!(
        location(&app.get_with(&again, "/doctor").await),
        "/staff/profile"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'staff.password_reset' AND actor_kind = 'staff' AND actor_id = 1 AND subject = 'staff:2'"),
        1
    );
}

#[tokio::test]
async fn a_deactivated_account_is_logged_out_at_once_and_cannot_log_in_until_reactivated() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let client = doctor_client(&app, &admin, doctor, "dr.leaving@example.com").await;

    let ask = app
        .submit_with(&admin, "/admin/staff", "/admin/staff/2/deactivate", &[])
        .await;
    assert_eq!(ask.status(), StatusCode::OK);
    assert!(ask
        .text()
        .await
        .unwrap()
        .contains("Deactivate this account?"));
    assert_eq!(
        app.get_with(&client, "/doctor").await.status(),
        StatusCode::OK,
        "asking changed nothing"
    );

    let response = app
        .submit_with(
            &admin,
            "/admin/staff",
            "/admin/staff/2/deactivate",
            &[("confirmed", "yes")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(app
        .page_with(&admin, "/admin/staff")
        .await
        .contains("it cannot log in, and its sessions have ended"));
    assert_eq!(
        app.count(
            "SELECT COUNT(*) AS n FROM sessions WHERE account_kind = 'staff' AND account_id = 2"
        ),
        0
    );
    let ended = app.get_with(&client, "/doctor").await;
    assert_eq!(
        location(&ended),
        "/login?next=%2Fdoctor",
        "logged out at once"
    );
    let retry = new_client();
    let refused = app
        .login_with(&retry, "dr.leaving@example.com", PASSWORD)
        .await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'staff.deactivated' AND subject = 'staff:2'"),
        1
    );

    let response = app
        .submit_with(&admin, "/admin/staff", "/admin/staff/2/reactivate", &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let back = new_client();
    let login = app
        .login_with(&back, "dr.leaving@example.com", PASSWORD)
        .await;
    assert_eq!(location(&login), "/doctor");
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'staff.reactivated' AND subject = 'staff:2'"),
        1
    );
}

#[tokio::test]
async fn an_admin_cannot_deactivate_their_own_account() {
    let app = spawn_app().await;
    let admin = app.admin_client("admin@example.com").await;
    let response = app
        .submit_with(
            &admin,
            "/admin/staff",
            "/admin/staff/1/deactivate",
            &[("confirmed", "yes")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("You cannot deactivate your own account."));
    assert_eq!(
        app.get_with(&admin, "/admin").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM staff_users WHERE deactivated_at IS NOT NULL"),
        0
    );
}

#[tokio::test]
async fn create_staff_on_the_command_line_makes_doctors_and_admins_and_names_bad_arguments() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let (admin, doctor) = app.admin_and_doctor().await;
    let doctor = doctor.to_string();
    let password = [("CONSULTA_STAFF_PASSWORD", PASSWORD)];

    let out = app.consulta(
        &[
            "create-staff",
            "--email",
            "cli.doctor@example.com",
            "--role",
            "doctor",
            "--doctor",
            &doctor,
        ],
        &password,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("cli.doctor@example.com created"));
    let out = app.consulta(
        &[
            "create-staff",
            "--email",
            "cli.admin@example.com",
            "--role",
            "admin",
            "--name",
            "Night Desk",
        ],
        &password,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let client = new_client();
    let login = app
        .login_with(&client, "cli.doctor@example.com", PASSWORD)
        .await;
    assert_eq!(location(&login), "/doctor");
    let list = app.page_with(&admin, "/admin/staff").await;
    assert!(list.contains("Night Desk") && list.contains("cli.doctor@example.com"));

    let cases: &[BadCommand] = &[
        (
            &["--email", "x@example.com", "--role", "nurse"],
            &password,
            "--role: Choose a role",
        ),
        (
            &["--email", "y@example.com", "--role", "doctor"],
            &password,
            "--doctor: A doctor's account needs",
        ),
        (
            &[
                "--email",
                "z@example.com",
                "--role",
                "doctor",
                "--doctor",
                "4242",
            ],
            &password,
            "--doctor: There is no such doctor.",
        ),
        (
            &[
                "--email",
                "w@example.com",
                "--role",
                "doctor",
                "--doctor",
                &doctor,
            ],
            &password,
            "--doctor: That doctor is already linked",
        ),
        (
            &["--email", "cli.admin@example.com", "--role", "admin"],
            &password,
            "--email: That email address already belongs",
        ),
        (
            &["--email", "not-an-email", "--role", "admin"],
            &password,
            "--email:",
        ),
        (
            &["--email", "v@example.com", "--role", "admin"],
            &[("CONSULTA_STAFF_PASSWORD", "")],
            "no password given",
        ),
        (&["--role", "admin"], &password, "--email"),
    ];
    for (args, envs, expected) in cases {
        let mut all = vec!["create-staff"];
        all.extend_from_slice(args);
        let out = app.consulta(&all, envs);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} must fail");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM staff_users"), 3);
}
