//! Paying first in headless Chromium: a patient books under "before",
//! lands on the pay page whose countdown ticks, pays on the simulated
//! gateway's TEST MODE page, comes back and sees the appointment Confirmed,
//! opens the invoice and downloads its PDF.
//! Screenshots: target/screenshots/pay-*.png.

use crate::axe::serious_violations;
use crate::chrome::*;
use crate::helpers::*;
use crate::payment_support::pay_first_app;
use fantoccini::{Client, Locator};

/// A screenshot of the step, and no serious accessibility violation on it.
async fn shot(b: &Client, step: &str) {
    let violations = serious_violations(b).await;
    assert!(violations.is_empty(), "{step}: {violations:#?}");
    std::fs::write(
        screenshot_path(&format!("pay-{step}.png")),
        b.screenshot().await.unwrap(),
    )
    .unwrap();
}

async fn text_of(b: &Client, css: &str) -> String {
    b.wait()
        .for_element(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_patient_pays_first_through_the_test_mode_page_and_sees_confirmed() {
    let (app, doctor) = pay_first_app("", consulta_web::Adapters::default()).await;
    app.patient(1).await;
    let (_driver, b) = browser().await;
    b.goto(&app.url("/login")).await.unwrap();
    type_into(&b, "#email", "patient1@example.com").await;
    type_into(&b, "#password", PASSWORD).await;
    click(&b, "form[action='/login'] button[type=submit]").await;
    b.wait()
        .for_url(url::Url::parse(&app.url("/dashboard")).unwrap())
        .await
        .unwrap();

    let review = format!(
        "/book?doctor_id={doctor}&starts_at={}",
        encode(&at(3, "10:00"))
    );
    b.goto(&app.url(&review)).await.unwrap();
    type_into(&b, "#reason", "Paying before the visit").await;
    click(&b, "form[action='/appointments'] button[type=submit]").await;

    let first = text_of(&b, "#hold-countdown").await;
    assert!(first.contains("minute"), "{first:?}");
    assert!(b.current_url().await.unwrap().path().ends_with("/pay"));
    assert!(text_of(&b, "#pay-amount").await.contains("1,500.00"));
    tokio::time::sleep(std::time::Duration::from_millis(2200)).await;
    let later = text_of(&b, "#hold-countdown").await;
    assert_ne!(first, later, "the countdown ticks");
    shot(&b, "1-pay-page").await;

    click(&b, "#pay-button").await;
    assert!(text_of(&b, "#test-mode").await.contains("TEST MODE"));
    assert!(text_of(&b, "#sim-amount").await.contains("1,500.00"));
    shot(&b, "2-test-mode").await;

    click(&b, "#sim-pay").await;
    let result = b
        .wait()
        .for_element(Locator::Css("#payment-result"))
        .await
        .unwrap();
    assert_eq!(
        result.attr("data-outcome").await.unwrap().as_deref(),
        Some("confirmed")
    );
    shot(&b, "3-paid").await;

    click(&b, "#to-appointment").await;
    assert_eq!(text_of(&b, "#status").await, "Confirmed");
    shot(&b, "4-confirmed").await;
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM appointments WHERE status = 'confirmed' AND payment_status = 'paid'"),
        1
    );

    click(&b, "a[href^='/invoices/']").await;
    let pdf_link = b
        .wait()
        .for_element(Locator::Css("#invoice-pdf"))
        .await
        .unwrap();
    let href = pdf_link.attr("href").await.unwrap().unwrap();
    let number = href
        .trim_start_matches("/invoices/")
        .trim_end_matches(".pdf")
        .to_owned();
    assert!(number.starts_with("INV-"), "{href}");
    shot(&b, "5-invoice").await;
    // The browser downloads the PDF with its own session, as a click on
    // "Download PDF" does; the bytes come back as base64.
    let downloaded = b
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(arguments[0]).then(async r => {
               const bytes = new Uint8Array(await r.arrayBuffer());
               let text = '';
               for (const b of bytes) text += String.fromCharCode(b);
               done([r.status, r.headers.get('content-type'), btoa(text)]);
             }).catch(e => done([0, String(e), '']));",
            vec![serde_json::json!(href)],
        )
        .await
        .unwrap();
    assert_eq!(downloaded[0], 200, "{downloaded:?}");
    assert_eq!(downloaded[1], "application/pdf", "{downloaded:?}");
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(downloaded[2].as_str().unwrap())
        .unwrap();
    assert!(bytes.starts_with(b"%PDF"), "a PDF file");
    let text = crate::invoices::pdf_text(&bytes);
    for expected in [number.as_str(), "1,500.00", "BDT", "Test Patient"] {
        assert!(text.contains(expected), "the PDF says {expected}: {text}");
    }
    b.close().await.unwrap();
}
