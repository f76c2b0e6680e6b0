//! The admin reports: each one's figures on a small data set worked out by
//! hand, the range's validation, the CSV downloads (with a doctor whose name
//! a spreadsheet would run as a formula), who may see them, and a browser
//! that sees a chart with one mark per row.

use crate::chrome::*;
use crate::helpers::*;
use fantoccini::Locator;
use reqwest::StatusCode;

const FORMULA_NAME: &str = "=HYPERLINK(\"http://evil.example\",\"x\")";

/// The range of the data set: five of the clinic's days (UTC), over two months.
const RANGE: &str = "from=2026-10-31&to=2026-11-04";

fn unix(instant: &str) -> i64 {
    instant.parse::<jiff::Timestamp>().unwrap().as_second()
}

struct Seeded {
    app: TestApp,
    admin: reqwest::Client,
}

/// Two doctors made through the admin pages, one patient registered, then
/// past appointments, payments and refunds written directly (the app only
/// books future slots):
///
/// - Dr. Alpha works 08:00-12:00 and 13:00-17:00 every day, 30-minute slots
///   (480 min a day), and is away 09:00-11:00 on 3 November: offered 5 × 480
///   − 120 = 2280 min. The formula-named doctor works 09:00-11:00: 5 × 120 =
///   600 min.
/// - Alpha: 2 Nov 08:00 completed, 08:30 completed, 09:00 no-show; 3 Nov 08:00
///   cancelled; 4 Nov 13:00 confirmed, 13:30 expired; outside the range 30 Oct
///   and 5 Nov (completed). The other doctor: 3 Nov 09:00 completed, 09:30
///   cancelled.
/// - Payments: 31 Oct simulated 2000.00 BDT (refunded in full on 4 Nov); 2 Nov
///   simulated 1500.00 BDT; 2 Nov stripe 1500.00 BDT (500.00 refunded on 3
///   Nov); 4 Nov stripe 50.00 USD; one pending (never paid) and one paid on 5
///   Nov (outside).
async fn seeded(extra: &str) -> Seeded {
    let app = spawn_app_with(&format!(
        "{TRUSTED_PROXY}clinic.timezone = \"UTC\"\n{extra}"
    ))
    .await;
    let admin = app.admin_client("admin@example.com").await;
    let alpha = app
        .create_doctor(
            &admin,
            &NewDoctor {
                name: "Dr. Alpha",
                ..NewDoctor::default()
            },
        )
        .await;
    let formula = app
        .create_doctor(
            &admin,
            &NewDoctor {
                name: FORMULA_NAME,
                hours: "09:00-11:00",
                ..NewDoctor::default()
            },
        )
        .await;
    app.patient(1).await;
    let patient = app.count("SELECT id AS n FROM patients WHERE email = 'patient1@example.com'");
    app.execute(&format!(
        "INSERT INTO doctor_time_off (doctor_id, starts_at, ends_at, reason) VALUES ({alpha}, {}, {}, 'Training')",
        unix("2026-11-03T09:00:00Z"),
        unix("2026-11-03T11:00:00Z")
    ));
    let appointments = [
        (1, alpha, "2026-11-02T08:00:00Z", "completed"),
        (2, alpha, "2026-11-02T08:30:00Z", "completed"),
        (3, alpha, "2026-11-02T09:00:00Z", "no_show"),
        (4, alpha, "2026-11-03T08:00:00Z", "cancelled"),
        (5, alpha, "2026-11-04T13:00:00Z", "confirmed"),
        (6, alpha, "2026-11-04T13:30:00Z", "expired"),
        (7, alpha, "2026-10-30T08:00:00Z", "completed"),
        (8, alpha, "2026-11-05T08:00:00Z", "completed"),
        (9, formula, "2026-11-03T09:00:00Z", "completed"),
        (10, formula, "2026-11-03T09:30:00Z", "cancelled"),
    ];
    for (id, doctor, starts, status) in appointments {
        let start = unix(starts);
        app.execute(&format!(
            "INSERT INTO appointments (id, patient_id, doctor_name, appointment_date, appointment_time, \
             reason, status, payment_status, amount, currency, doctor_id, starts_at, ends_at, created_at, updated_at) \
             VALUES ({id}, {patient}, 'Doctor', '{}', '{}', 'Check-up', '{status}', 'unpaid', 150000, 'BDT', \
             {doctor}, {start}, {}, {start}, {start})",
            &starts[..10],
            &starts[11..16],
            start + 1800
        ));
    }
    let payments = [
        (
            1,
            9,
            "simulated",
            200_000,
            "BDT",
            "refunded",
            Some("2026-10-31T12:00:00Z"),
        ),
        (
            2,
            1,
            "simulated",
            150_000,
            "BDT",
            "paid",
            Some("2026-11-02T10:00:00Z"),
        ),
        (
            3,
            2,
            "stripe",
            150_000,
            "BDT",
            "partially_refunded",
            Some("2026-11-02T11:00:00Z"),
        ),
        (
            4,
            3,
            "stripe",
            5_000,
            "USD",
            "paid",
            Some("2026-11-04T23:59:59Z"),
        ),
        (5, 5, "simulated", 150_000, "BDT", "pending", None),
        (
            6,
            8,
            "simulated",
            150_000,
            "BDT",
            "paid",
            Some("2026-11-05T00:00:00Z"),
        ),
    ];
    for (id, appointment, provider, amount, currency, status, paid) in payments {
        let paid = paid.map_or("NULL".to_owned(), |p| unix(p).to_string());
        app.execute(&format!(
            "INSERT INTO payments (id, appointment_id, amount, currency, payment_method, payment_date, \
             status, created_at, updated_at) VALUES ({id}, {appointment}, {amount}, '{currency}', \
             '{provider}', {paid}, '{status}', 0, 0)"
        ));
    }
    for (payment, amount, at) in [
        (1, 200_000, "2026-11-04T08:00:00Z"),
        (3, 50_000, "2026-11-03T08:00:00Z"),
    ] {
        app.execute(&format!(
            "INSERT INTO refunds (payment_id, refund_ref, amount, currency, reason, by_kind, at) \
             VALUES ({payment}, 'ref-{payment}', {amount}, 'BDT', 'Asked', 'staff', {})",
            unix(at)
        ));
    }
    Seeded { app, admin }
}

async fn page(s: &Seeded, path: &str) -> (StatusCode, String) {
    let response = s.app.get_with(&s.admin, path).await;
    (response.status(), response.text().await.unwrap())
}

fn marks(html: &str) -> usize {
    html.matches("<g class=\"mark\">").count()
}

/// The table's body rows, each as its cells' text.
fn table_rows(html: &str) -> Vec<Vec<String>> {
    let body = html
        .split("<tbody>")
        .nth(1)
        .unwrap()
        .split("</tbody>")
        .next()
        .unwrap();
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<td>")
                .skip(1)
                .map(|cell| cell.split("</td>").next().unwrap().to_owned())
                .collect()
        })
        .collect()
}

async fn csv(s: &Seeded, report: &str) -> String {
    let response = s
        .app
        .get_with(&s.admin, &format!("/admin/reports/{report}.csv?{RANGE}"))
        .await;
    assert_eq!(response.status(), StatusCode::OK, "{report}.csv");
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(kind, "text/csv; charset=utf-8");
    response.text().await.unwrap()
}

#[tokio::test]
async fn each_report_shows_the_figures_worked_out_by_hand() {
    let s = seeded("").await;

    let (status, html) = page(&s, &format!("/admin/reports/appointments-per-day?{RANGE}")).await;
    assert_eq!(status, StatusCode::OK);
    let per_day: Vec<(String, String)> = table_rows(&html)
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    let expected = [
        ("2026-10-31", "0"),
        ("2026-11-01", "0"),
        ("2026-11-02", "3"),
        ("2026-11-03", "1"),
        ("2026-11-04", "1"),
    ];
    assert_eq!(
        per_day,
        expected.map(|(d, n)| (d.to_owned(), n.to_owned())).to_vec()
    );
    assert_eq!(marks(&html), 5, "one mark per day");
    assert!(html.contains("role=\"img\"") && html.contains("<title id=\"chart-title\">"));
    assert!(
        html.contains("appointments-per-day.csv?from=2026-10-31&amp;to=2026-11-04\""),
        "{html}"
    );

    let (_, html) = page(
        &s,
        &format!("/admin/reports/appointments-per-doctor?{RANGE}"),
    )
    .await;
    let escaped = "=HYPERLINK(&quot;http:&#x2f;&#x2f;evil.example&quot;,&quot;x&quot;)";
    assert_eq!(
        table_rows(&html),
        vec![
            vec![escaped.to_owned(), "1".to_owned()],
            vec!["Dr. Alpha".to_owned(), "4".to_owned()],
        ]
    );
    assert_eq!(marks(&html), 2);

    let (_, html) = page(&s, &format!("/admin/reports/revenue?{RANGE}")).await;
    let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    assert_eq!(
        table_rows(&html),
        vec![
            row(&["2026-10", "simulated", "BDT", "2000.00", "0.00", "2000.00"]),
            row(&[
                "2026-11",
                "simulated",
                "BDT",
                "1500.00",
                "2000.00",
                "-500.00"
            ]),
            row(&["2026-11", "stripe", "BDT", "1500.00", "500.00", "1000.00"]),
            row(&["2026-11", "stripe", "USD", "50.00", "0.00", "50.00"]),
        ]
    );
    assert_eq!(marks(&html), 4);

    let (_, html) = page(&s, &format!("/admin/reports/cancellations?{RANGE}")).await;
    assert_eq!(
        table_rows(&html),
        vec![
            row(&[escaped, "2", "1", "50.0 %", "1", "0", "0.0 %"]),
            row(&["Dr. Alpha", "5", "1", "20.0 %", "2", "1", "33.3 %"]),
            row(&["All doctors", "7", "2", "28.6 %", "3", "1", "25.0 %"]),
        ]
    );
    assert_eq!(marks(&html), 3);
    assert_eq!(
        html.matches("class=\"bar bar-").count(),
        6,
        "two bars a row"
    );

    let (_, html) = page(&s, &format!("/admin/reports/utilisation?{RANGE}")).await;
    assert_eq!(
        table_rows(&html),
        vec![
            row(&[escaped, "600", "30", "5.0 %"]),
            row(&["Dr. Alpha", "2280", "120", "5.3 %"]),
        ],
        "doctors by name ('=' sorts before 'D')"
    );
    assert_eq!(marks(&html), 2);
}

#[tokio::test]
async fn downloads_hold_the_same_table_with_formulas_neutralised() {
    let s = seeded("").await;
    let text = csv(&s, "appointments-per-doctor").await;
    assert_eq!(
        text,
        "doctor,appointments\n\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",1\nDr. Alpha,4\n"
    );
    let text = csv(&s, "revenue").await;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "month,provider,currency,paid,refunded,net");
    assert_eq!(lines[2], "2026-11,simulated,BDT,1500.00,2000.00,'-500.00");
    assert_eq!(lines.len(), 5);
    let text = csv(&s, "appointments-per-day").await;
    assert!(text.starts_with("date,appointments\n2026-10-31,0\n"));
    assert!(csv(&s, "cancellations")
        .await
        .contains("\nAll doctors,7,2,28.6 %,3,1,25.0 %\n"));
    assert!(csv(&s, "utilisation")
        .await
        .contains("\nDr. Alpha,2280,120,5.3 %\n"));
    let response = s
        .app
        .get_with(&s.admin, &format!("/admin/reports/revenue.csv?{RANGE}"))
        .await;
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        disposition,
        "attachment; filename=\"revenue-2026-10-31-2026-11-04.csv\""
    );
}

#[tokio::test]
async fn a_range_that_is_not_valid_is_answered_on_the_same_page() {
    let s = seeded("[reports]\nmax_days = 5\n").await;
    let (status, html) = page(&s, "/admin/reports/revenue?from=2026-11-04&to=2026-11-01").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("The last day is before the first"), "{html}");
    assert!(html.contains("value=\"2026-11-04\"") && html.contains("value=\"2026-11-01\""));
    assert_eq!(marks(&html), 0, "no figures for a wrong range");

    let (status, html) = page(
        &s,
        "/admin/reports/utilisation?from=2026-11-3x&to=2026-11-04",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Give the first day as YYYY-MM-DD."));
    assert!(
        html.contains("value=\"2026-11-3x\""),
        "what was typed is kept"
    );

    let (status, html) = page(
        &s,
        "/admin/reports/cancellations?from=2026-10-31&to=2026-11-05",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("A report covers at most 5 days; this range has 6."));

    let (status, html) = page(&s, "/admin/reports?from=&to=2026-11-05").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Give the first day as YYYY-MM-DD."));

    let response = s
        .app
        .get_with(
            &s.admin,
            "/admin/reports/revenue.csv?from=2026-11-04&to=2026-11-01",
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("The last day is before the first"));

    let (status, _) = page(&s, &format!("/admin/reports/no-such-report?{RANGE}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // No dates: the last thirty days up to today, filled in; here no more
    // than the five the clinic allows.
    let (status, html) = page(&s, "/admin/reports/appointments-per-day").await;
    assert_eq!(status, StatusCode::OK);
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    assert!(html.contains(&format!("id=\"to\" name=\"to\" value=\"{today}\"")));
    assert_eq!(marks(&html), 5);

    let error = consulta_web::config::Settings::from_toml_overrides("[reports]\nmax_days = 0")
        .unwrap_err()
        .to_string();
    assert!(error.contains("reports.max_days"), "{error}");
}

#[tokio::test]
async fn only_admins_see_reports() {
    let app = spawn_app_with(TRUSTED_PROXY).await;
    let patient = app.patient(1).await;
    for path in [
        "/admin/reports",
        "/admin/reports/revenue",
        "/admin/reports/revenue.csv",
    ] {
        let response = app.get_with(&patient, path).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert!(location(&response).starts_with("/login?next="));
    }
    let admin = app.admin_client("admin@example.com").await;
    let html = app.page_with(&admin, "/admin").await;
    assert!(
        html.contains("href=\"/admin/reports\""),
        "the nav links the reports"
    );
}

#[tokio::test]
async fn an_admin_sees_a_report_chart_in_a_real_browser() {
    let s = seeded("").await;
    let (_driver, b) = launch(Launch {
        javascript: true,
        size: DESKTOP,
        zone: None,
    })
    .await;
    b.goto(&s.app.url("/login")).await.unwrap();
    type_into(&b, "#email", "admin@example.com").await;
    type_into(&b, "#password", PASSWORD).await;
    click(&b, "form[action='/login'] button[type=submit]").await;
    b.wait()
        .for_url(url::Url::parse(&s.app.url("/admin")).unwrap())
        .await
        .unwrap();
    b.goto(&s.app.url(&format!("/admin/reports/cancellations?{RANGE}")))
        .await
        .unwrap();
    let chart = b
        .wait()
        .for_element(Locator::Css("svg[role='img']"))
        .await
        .unwrap();
    let marks = chart.find_all(Locator::Css("g.mark")).await.unwrap();
    assert_eq!(marks.len(), 3, "two doctors and all doctors");
    let title = chart.find(Locator::Css("title")).await.unwrap();
    assert_eq!(
        title.prop("textContent").await.unwrap().as_deref(),
        Some("Cancellation and no-show rates")
    );
    let rows = b.find_all(Locator::Css("table tbody tr")).await.unwrap();
    assert_eq!(rows.len(), marks.len(), "one mark per row of the table");
    std::fs::write(
        screenshot_path("report-cancellations.png"),
        b.screenshot().await.unwrap(),
    )
    .unwrap();
    let problems = crate::axe::serious_violations(&b).await;
    assert!(
        problems.is_empty(),
        "axe-core found:\n{}",
        problems.join("\n")
    );
    b.close().await.unwrap();
}
