//! The staff's patient search.

use crate::support::{at, hash, test_db, TestDb};
use consulta_domain::model::{Email, MedicalHistory, NewPatient, PersonName, Phone};
use jiff::SignedDuration;

async fn register(t: &TestDb, name: &str, email: &str, phone: &str, minute: i64) {
    t.ports
        .accounts
        .create_patient(
            NewPatient {
                name: PersonName::parse(name).unwrap(),
                email: Email::parse(email).unwrap(),
                phone: Phone::parse(phone).unwrap(),
                medical_history: MedicalHistory::default(),
                timezone: None,
            },
            hash(email),
            at("2026-01-01T00:00:00Z") + SignedDuration::from_mins(minute),
        )
        .await
        .unwrap();
}

async fn names(t: &TestDb, query: &str) -> (Vec<String>, i64) {
    let page = t
        .ports
        .accounts
        .search_patients(query, 50, 0)
        .await
        .unwrap();
    (
        page.patients.into_iter().map(|p| p.name).collect(),
        page.total,
    )
}

#[tokio::test]
async fn search_matches_name_email_or_phone_newest_first() {
    let t = test_db();
    register(&t, "Rahim Uddin", "rahim@example.com", "+8801711111111", 1).await;
    register(
        &t,
        "Karim 100% Real",
        "karim_x@example.com",
        "+8801822222222",
        2,
    )
    .await;
    register(&t, "Salma", "salma@clinic.org", "01933333333", 3).await;

    let cases: [(&str, &[&str], &str); 8] = [
        (
            "",
            &["Salma", "Karim 100% Real", "Rahim Uddin"],
            "empty query lists all",
        ),
        ("rahim", &["Rahim Uddin"], "name, any case"),
        ("clinic.org", &["Salma"], "email"),
        ("+880 1822", &["Karim 100% Real"], "phone with separators"),
        ("%", &["Karim 100% Real"], "a percent sign is literal"),
        ("_", &["Karim 100% Real"], "an underscore is literal"),
        ("im", &["Karim 100% Real", "Rahim Uddin"], "newest first"),
        ("nobody", &[], "no match"),
    ];
    for (query, expected, why) in cases {
        let (found, total) = names(&t, query).await;
        assert_eq!(found, expected, "{why}: {query:?}");
        assert_eq!(total, expected.len() as i64, "{why}: {query:?}");
    }
}

#[tokio::test]
async fn search_pages_and_counts_every_match() {
    let t = test_db();
    for i in 0..7 {
        register(
            &t,
            &format!("Patient {i}"),
            &format!("p{i}@example.com"),
            "01711000000",
            i,
        )
        .await;
    }
    let page = t
        .ports
        .accounts
        .search_patients("patient", 3, 3)
        .await
        .unwrap();
    assert_eq!(page.total, 7);
    let names: Vec<String> = page.patients.into_iter().map(|p| p.name).collect();
    assert_eq!(names, ["Patient 3", "Patient 2", "Patient 1"]);
}
