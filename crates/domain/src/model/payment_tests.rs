//! Every allowed and every refused move of the payment state machine.

use super::*;
use crate::model::Currency;
use PaymentState::*;

fn bdt(minor: i64) -> Money {
    Money::new(minor, Currency::parse("BDT").unwrap())
}

fn payment_in(state: PaymentState) -> Payment {
    let mut p = Payment::new(
        PaymentId::new(7),
        AppointmentId::new(42),
        Provider::Stripe,
        bdt(150_000),
    );
    p.state = state;
    if state != Created {
        p.provider_ref = Some("cs_test_0001".into());
    }
    if state == PartiallyRefunded {
        p.refunds.push(RefundRecord {
            refund_ref: "re_first".into(),
            amount: bdt(50_000),
        });
    }
    if state == Refunded {
        p.refunds.push(RefundRecord {
            refund_ref: "re_all".into(),
            amount: bdt(150_000),
        });
    }
    p
}

fn opened() -> PaymentChange {
    PaymentChange::CheckoutOpened {
        provider_ref: "cs_test_0001".into(),
    }
}

fn paid() -> PaymentChange {
    PaymentChange::Paid {
        transaction_ref: "pi_1".into(),
    }
}

fn refund(id: &str, minor: i64) -> PaymentChange {
    PaymentChange::Refunded {
        refund_ref: id.into(),
        amount: bdt(minor),
    }
}

#[test]
fn the_allowed_moves_change_the_state() {
    let cases = [
        (Created, opened(), Pending),
        (Pending, paid(), Paid),
        (Pending, PaymentChange::Failed, Failed),
        (Pending, PaymentChange::Cancelled, Cancelled),
        (Failed, paid(), Paid),
        (Paid, refund("re_1", 50_000), PartiallyRefunded),
        (Paid, refund("re_1", 150_000), Refunded),
        (PartiallyRefunded, refund("re_2", 50_000), PartiallyRefunded),
        (PartiallyRefunded, refund("re_2", 100_000), Refunded),
    ];
    for (from, change, to) in cases {
        let mut p = payment_in(from);
        let label = format!("{from:?} + {change:?}");
        assert_eq!(
            p.apply(change),
            Ok(Applied::Changed { from, to }),
            "{label}"
        );
        assert_eq!(p.state, to, "{label}");
    }
}

#[test]
fn the_refused_moves_are_errors_and_change_nothing() {
    let cases = [
        (Created, paid()),
        (Created, PaymentChange::Failed),
        (Created, PaymentChange::Cancelled),
        (Created, refund("re_1", 1)),
        (Pending, refund("re_1", 1)),
        (Paid, PaymentChange::Failed),
        (Paid, PaymentChange::Cancelled),
        (Paid, opened()),
        (Failed, PaymentChange::Cancelled),
        (Failed, refund("re_1", 1)),
        (Failed, opened()),
        (Cancelled, paid()),
        (Cancelled, PaymentChange::Failed),
        (Cancelled, refund("re_1", 1)),
        (Cancelled, opened()),
        (PartiallyRefunded, PaymentChange::Failed),
        (PartiallyRefunded, PaymentChange::Cancelled),
        (Refunded, PaymentChange::Failed),
        (Refunded, PaymentChange::Cancelled),
        (Refunded, refund("re_new", 1)),
    ];
    for (from, change) in cases {
        let mut p = payment_in(from);
        let before = p.clone();
        let label = format!("{from:?} + {change:?}");
        assert!(
            matches!(
                p.apply(change),
                Err(PaymentTransitionError::NotAllowed { .. })
            ),
            "{label} must be refused"
        );
        assert_eq!(p, before, "{label} must leave the payment alone");
    }
}

#[test]
fn the_same_event_applied_twice_changes_nothing_the_second_time() {
    let cases = [
        (Pending, opened()),
        (Paid, paid()),
        (PartiallyRefunded, paid()),
        (Refunded, paid()),
        (Failed, PaymentChange::Failed),
        (Cancelled, PaymentChange::Cancelled),
        (PartiallyRefunded, refund("re_first", 50_000)),
        (Refunded, refund("re_all", 150_000)),
    ];
    for (from, change) in cases {
        let mut p = payment_in(from);
        let before = p.clone();
        let label = format!("{from:?} + {change:?}");
        assert_eq!(p.apply(change), Ok(Applied::Unchanged), "{label}");
        assert_eq!(p, before, "{label}");
    }
}

#[test]
fn refunds_add_up_to_at_most_the_amount_paid() {
    let mut p = payment_in(Paid);
    p.apply(refund("re_1", 100_000)).unwrap();
    assert_eq!(
        p.apply(refund("re_2", 50_001)),
        Err(PaymentTransitionError::RefundExceedsPaid {
            paid: 150_000,
            total: 150_001
        })
    );
    assert_eq!(p.state, PartiallyRefunded);
    assert_eq!(p.refundable(), bdt(50_000));
    p.apply(refund("re_2", 50_000)).unwrap();
    assert_eq!(p.state, Refunded);
    assert_eq!(p.refundable(), bdt(0));
}

#[test]
fn a_refund_must_be_positive_and_in_the_payments_currency() {
    let usd = Money::new(100, Currency::parse("USD").unwrap());
    for amount in [bdt(0), bdt(-5), usd] {
        let mut p = payment_in(Paid);
        let change = PaymentChange::Refunded {
            refund_ref: "re_1".into(),
            amount,
        };
        assert_eq!(
            p.apply(change),
            Err(PaymentTransitionError::BadRefundAmount),
            "{amount:?}"
        );
        assert_eq!(p.state, Paid);
    }
}

#[test]
fn a_payment_remembers_the_provider_references() {
    let mut p = payment_in(Created);
    p.apply(opened()).unwrap();
    p.apply(paid()).unwrap();
    assert_eq!(p.provider_ref.as_deref(), Some("cs_test_0001"));
    assert_eq!(p.transaction_ref.as_deref(), Some("pi_1"));
}

#[test]
fn another_checkout_for_an_open_payment_is_refused() {
    let mut p = payment_in(Pending);
    let other = PaymentChange::CheckoutOpened {
        provider_ref: "cs_other".into(),
    };
    assert!(p.apply(other).is_err());
    assert_eq!(p.provider_ref.as_deref(), Some("cs_test_0001"));
}

#[test]
fn stored_names_are_snake_case_and_round_trip() {
    let names: Vec<_> = PaymentState::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(
        names,
        [
            "created",
            "pending",
            "paid",
            "failed",
            "cancelled",
            "partially_refunded",
            "refunded"
        ]
    );
    for state in PaymentState::ALL {
        assert_eq!(PaymentState::parse(state.as_str()), Some(state));
    }
    for provider in Provider::ALL {
        assert_eq!(Provider::parse(provider.as_str()), Some(provider));
    }
    assert_eq!(Provider::Bkash.as_str(), "bkash");
    assert_eq!(PaymentState::parse("Paid"), None);
}
