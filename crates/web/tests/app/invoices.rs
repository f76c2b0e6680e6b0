//! Invoices and the payment history: the invoice page and its PDF (whose
//! text is extracted and read back), only for their own patient (and
//! admins), GET /payments, and the receipt mail's link to the invoice.

use crate::helpers::*;
use crate::payment_fixtures::{appointment_of, pay};
use reqwest::{Client, StatusCode};

const BENGALI: &str = "আয়েশা রহমান";

/// The clinic with a tax id, Dr. Ñuñez, and a patient with a Bengali name
/// who booked and paid; returns the app, the admin, the patient, the
/// appointment's page and the invoice number.
async fn paid_consultation() -> (TestApp, Client, Client, String, String) {
    let app = spawn_app_with(&format!(
        "{TRUSTED_PROXY}clinic.tax_id = \"BIN-000123456\"\n"
    ))
    .await;
    let admin = app.admin_client("admin@example.com").await;
    let doctor = app
        .create_doctor(
            &admin,
            &NewDoctor {
                name: "Dr. Ñuñez",
                ..NewDoctor::default()
            },
        )
        .await;
    let patient = new_client();
    let registered = app
        .register_with(
            &patient,
            &Registration {
                name: BENGALI,
                email: "ayesha@example.com",
                ..Registration::default()
            },
        )
        .await;
    assert_eq!(registered.status(), StatusCode::SEE_OTHER, "registered");
    let booked = app
        .book_with(&patient, doctor, &at(3, "09:00"), "Check-up")
        .await;
    assert_eq!(booked.status(), StatusCode::SEE_OTHER);
    let url = location(&booked);
    let (_, invoice) = pay(&app, &patient, appointment_of(&url)).await;
    (app, admin, patient, url, invoice.to_string())
}

pub fn pdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("a PDF lopdf can read");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).expect("its text")
}

#[tokio::test]
async fn the_invoice_page_and_its_pdf_state_what_was_paid_for_whom() {
    let (app, _admin, patient, url, number) = paid_consultation().await;
    assert!(number.starts_with("INV-"), "{number}");
    let transaction = format!(
        "sim_{}",
        app.count("SELECT id AS n FROM payments ORDER BY id DESC LIMIT 1")
    );

    let page = app
        .page_with(&patient, &format!("/invoices/{number}"))
        .await;
    for (field, why) in [
        (number.as_str(), "the number"),
        ("Consulta Demo Clinic", "the clinic"),
        ("House 12, Road 5, Dhanmondi, Dhaka 1205", "its address"),
        ("Tax ID: BIN-000123456", "its tax id"),
        (BENGALI, "the patient, as written"),
        ("Dr. Ñuñez", "the doctor, as written"),
        (
            "15:00 Dhaka",
            "the consultation's time (09:00 UTC) in the clinic's zone",
        ),
        ("1,500.00 BDT", "the amount and currency"),
        ("Test mode", "the provider"),
        (transaction.as_str(), "the transaction"),
        ("Payment date", "the payment date"),
        ("No refunds.", "no refund yet"),
    ] {
        assert!(page.contains(field), "{why}: {field} in the invoice page");
    }
    assert!(
        page.contains(&format!("href=\"/invoices/{number}.pdf\"")),
        "links its PDF"
    );

    let pdf = app
        .get_with(&patient, &format!("/invoices/{number}.pdf"))
        .await;
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains(&format!("{number}.pdf")));
    let bytes = pdf.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    let text = pdf_text(&bytes);
    for (field, why) in [
        (number.as_str(), "the number"),
        ("Consulta Demo Clinic", "the clinic"),
        ("Dhanmondi, Dhaka 1205", "its address"),
        ("BIN-000123456", "its tax id"),
        ("Dr. Ñuñez", "a Latin name with accents, as written"),
        ("1,500.00 BDT", "the amount and currency"),
        ("Test mode", "the provider"),
        (transaction.as_str(), "the transaction"),
        ("Payment date", "the payment date"),
        (
            "15:00 Dhaka",
            "the consultation's time in the clinic's zone",
        ),
    ] {
        assert!(
            text.contains(field),
            "{why}: {field} in the PDF text:\n{text}"
        );
    }
    let patient_line = text
        .lines()
        .find(|l| l.contains("Patient:"))
        .expect("a patient line");
    let name = patient_line.split("Patient:").nth(1).unwrap().trim();
    assert!(
        name.chars().any(|c| c.is_ascii_alphabetic()) && !name.contains('\u{FFFD}'),
        "the Bengali name is transliterated, not lost: {patient_line:?}"
    );

    let appointment = app.page_with(&patient, &url).await;
    assert!(
        appointment.contains(&format!("/invoices/{number}")),
        "the appointment page links its invoice"
    );
}

#[tokio::test]
async fn another_patients_invoice_and_payments_are_not_found() {
    let (app, admin, owner, _url, number) = paid_consultation().await;
    let other = app.patient(2).await;
    for path in [
        format!("/invoices/{number}"),
        format!("/invoices/{number}.pdf"),
    ] {
        let response = app.get_with(&other, &path).await;
        assert_eq!(
            response.status(),
            StatusCode::NOT_FOUND,
            "{path} for another patient"
        );
        let response = app.get_with(&admin, &path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path} for an admin");
        let response = app.get(&path).await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "{path} needs a login"
        );
    }
    for junk in [
        "/invoices/INV-2026-999999",
        "/invoices/nonsense",
        "/invoices/INV-2026-1.pdf",
    ] {
        let response = app.get_with(&owner, junk).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{junk}");
    }
    let theirs = app.page_with(&other, "/payments").await;
    assert!(
        theirs.contains("No payments yet."),
        "another's payment is not listed"
    );
    assert!(!theirs.contains(&number));
}

#[tokio::test]
async fn the_payments_page_lists_the_patients_payments_with_their_invoices() {
    let (app, _admin, patient, url, number) = paid_consultation().await;
    let page = app.page_with(&patient, "/payments").await;
    for (field, why) in [
        ("href=\"/payments\"", "the navigation links it"),
        ("1 payment,", "how many"),
        ("Paid", "the status"),
        ("1,500.00 BDT", "the amount"),
        ("Test mode", "the provider"),
        ("Dr. Ñuñez", "the consultation"),
        (url.as_str(), "links the appointment"),
        (&format!("/invoices/{number}") as &str, "links the invoice"),
        (&format!("/invoices/{number}.pdf") as &str, "and its PDF"),
    ] {
        assert!(page.contains(field), "{why}: {field}");
    }
    let past_the_end = app.page_with(&patient, "/payments?page=9").await;
    assert!(
        past_the_end.contains(&number),
        "a page past the last shows the last"
    );
    let staff = app.admin_client("other-admin@example.com").await;
    assert_eq!(
        app.get_with(&staff, "/payments").await.status(),
        StatusCode::FORBIDDEN,
        "the history is a patient's page"
    );
}

#[tokio::test]
async fn the_receipt_mail_links_the_invoice() {
    let (app, _admin, _patient, _url, number) = paid_consultation().await;
    app.eventually(
        "SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'send_receipt' AND state = 'done'",
        1,
    )
    .await;
    let link = app.url(&format!("/invoices/{number}"));
    let receipts: Vec<String> = app
        .mails()
        .iter()
        .filter_map(|raw| mail_parser::MessageParser::default().parse(raw.as_bytes()))
        .filter(|m| m.subject().unwrap_or_default().contains("Receipt"))
        .map(|m| m.body_text(0).unwrap_or_default().into_owned())
        .collect();
    assert_eq!(receipts.len(), 1, "one receipt");
    let unfolded = &receipts[0];
    assert!(
        unfolded.contains(&link),
        "the receipt links {link}:\n{unfolded}"
    );
}
