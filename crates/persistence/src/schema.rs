//! The diesel table definitions, matching `migrations/` exactly.
//!
//! Written by hand in the shape `diesel print-schema` produces with
//! `sqlite_integer_primary_key_is_bigint = true`: every id, foreign key,
//! instant and amount is declared BIGINT (SQLite integers are 64-bit) so it
//! maps to `i64`; only small counts (minutes, weekdays) are `Integer`.

diesel::table! {
    account_emails (email_normalized) {
        email_normalized -> Text,
        account_kind -> Text,
        account_id -> BigInt,
    }
}

diesel::table! {
    account_tokens (id) {
        id -> BigInt,
        purpose -> Text,
        account_kind -> Text,
        account_id -> BigInt,
        email_normalized -> Text,
        token_hash -> Text,
        expires_at -> BigInt,
        used_at -> Nullable<BigInt>,
        created_at -> BigInt,
    }
}

diesel::table! {
    appointment_history (id) {
        id -> BigInt,
        appointment_id -> BigInt,
        at -> BigInt,
        old_starts_at -> Nullable<BigInt>,
        new_starts_at -> Nullable<BigInt>,
        old_status -> Nullable<Text>,
        new_status -> Nullable<Text>,
        by_kind -> Text,
        note -> Nullable<Text>,
    }
}

diesel::table! {
    appointments (id) {
        id -> BigInt,
        patient_id -> BigInt,
        doctor_name -> Text,
        appointment_date -> Text,
        appointment_time -> Text,
        reason -> Text,
        status -> Text,
        zoom_link -> Nullable<Text>,
        payment_status -> Text,
        amount -> BigInt,
        currency -> Text,
        doctor_id -> BigInt,
        starts_at -> BigInt,
        ends_at -> BigInt,
        hold_until -> Nullable<BigInt>,
        cancelled_by -> Nullable<Text>,
        cancel_reason -> Nullable<Text>,
        created_at -> BigInt,
        updated_at -> BigInt,
        meeting_id -> Nullable<Text>,
        confirmation_sent -> Nullable<Text>,
        version -> BigInt,
        meeting_passcode -> Nullable<Text>,
        invite_sequence -> Integer,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> BigInt,
        actor_kind -> Nullable<Text>,
        actor_id -> Nullable<BigInt>,
        action -> Text,
        subject -> Nullable<Text>,
        client -> Nullable<Text>,
    }
}

diesel::table! {
    auth_attempts (id) {
        id -> BigInt,
        kind -> Text,
        account_key -> Nullable<Text>,
        client -> Text,
        at -> BigInt,
    }
}

diesel::table! {
    doctor_hours (id) {
        id -> BigInt,
        doctor_id -> BigInt,
        weekday -> Integer,
        start_minute -> Integer,
        end_minute -> Integer,
    }
}

diesel::table! {
    doctor_time_off (id) {
        id -> BigInt,
        doctor_id -> BigInt,
        starts_at -> BigInt,
        ends_at -> BigInt,
        reason -> Text,
    }
}

diesel::table! {
    doctors (id) {
        id -> BigInt,
        name -> Text,
        specialty -> Text,
        bio -> Text,
        fee_minor -> BigInt,
        fee_currency -> Text,
        timezone -> Text,
        slot_minutes -> Integer,
        buffer_minutes -> Integer,
        min_notice_minutes -> Integer,
        horizon_days -> Integer,
        active -> Bool,
        created_at -> BigInt,
    }
}

diesel::table! {
    invoice_counters (year) {
        year -> Integer,
        last_sequence -> Integer,
    }
}

diesel::table! {
    invoices (id) {
        id -> BigInt,
        number -> Text,
        year -> Integer,
        sequence -> Integer,
        payment_id -> BigInt,
        appointment_id -> BigInt,
        patient_id -> BigInt,
        patient_name -> Text,
        doctor_name -> Text,
        consultation_starts_at -> BigInt,
        consultation_date -> Text,
        consultation_time -> Text,
        amount -> BigInt,
        currency -> Text,
        provider -> Text,
        transaction_id -> Text,
        paid_at -> BigInt,
        issued_at -> BigInt,
    }
}

diesel::table! {
    outbox_jobs (id) {
        id -> BigInt,
        kind -> Text,
        appointment_id -> Nullable<BigInt>,
        patient_id -> Nullable<BigInt>,
        staff_id -> Nullable<BigInt>,
        payload -> Text,
        dedupe_key -> Nullable<Text>,
        state -> Text,
        attempts -> Integer,
        run_at -> BigInt,
        locked_until -> Nullable<BigInt>,
        last_error -> Nullable<Text>,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    patients (id) {
        id -> BigInt,
        name -> Text,
        email -> Text,
        email_normalized -> Text,
        phone -> Text,
        medical_history -> Text,
        record_key -> Text,
        password_hash -> Text,
        timezone -> Nullable<Text>,
        email_verified_at -> Nullable<BigInt>,
        created_at -> BigInt,
        deactivated_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    payments (id) {
        id -> BigInt,
        appointment_id -> BigInt,
        amount -> BigInt,
        currency -> Text,
        payment_method -> Text,
        transaction_id -> Nullable<Text>,
        payment_date -> Nullable<BigInt>,
        status -> Text,
        created_at -> BigInt,
        provider_ref -> Nullable<Text>,
        flagged_reason -> Nullable<Text>,
        updated_at -> BigInt,
    }
}

diesel::table! {
    payment_events (id) {
        id -> BigInt,
        provider -> Text,
        event_id -> Text,
        payment_id -> Nullable<BigInt>,
        kind -> Text,
        received_at -> BigInt,
    }
}

diesel::table! {
    refunds (id) {
        id -> BigInt,
        payment_id -> BigInt,
        refund_ref -> Text,
        amount -> BigInt,
        currency -> Text,
        reason -> Text,
        by_kind -> Text,
        at -> BigInt,
    }
}

diesel::table! {
    sent_mails (message_id) {
        message_id -> Text,
        sent_at -> BigInt,
    }
}

diesel::table! {
    sessions (token_hash) {
        token_hash -> Text,
        account_kind -> Text,
        account_id -> BigInt,
        csrf_token -> Text,
        created_at -> BigInt,
        last_seen_at -> BigInt,
    }
}

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
    }
}

diesel::table! {
    staff_users (id) {
        id -> BigInt,
        name -> Text,
        email -> Text,
        email_normalized -> Text,
        password_hash -> Text,
        role -> Text,
        doctor_id -> Nullable<BigInt>,
        created_at -> BigInt,
        must_change_password -> Bool,
        deactivated_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    doctor_date_overrides (id) {
        id -> BigInt,
        doctor_id -> BigInt,
        local_date -> Text,
        reason -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    doctor_override_hours (id) {
        id -> BigInt,
        override_id -> BigInt,
        start_minute -> Integer,
        end_minute -> Integer,
    }
}

diesel::joinable!(appointment_history -> appointments (appointment_id));
diesel::joinable!(appointments -> doctors (doctor_id));
diesel::joinable!(appointments -> patients (patient_id));
diesel::joinable!(doctor_hours -> doctors (doctor_id));
diesel::joinable!(doctor_time_off -> doctors (doctor_id));
diesel::joinable!(invoices -> appointments (appointment_id));
diesel::joinable!(invoices -> patients (patient_id));
diesel::joinable!(invoices -> payments (payment_id));
diesel::joinable!(outbox_jobs -> appointments (appointment_id));
diesel::joinable!(payment_events -> payments (payment_id));
diesel::joinable!(payments -> appointments (appointment_id));
diesel::joinable!(refunds -> payments (payment_id));
diesel::joinable!(staff_users -> doctors (doctor_id));

diesel::joinable!(doctor_date_overrides -> doctors (doctor_id));
diesel::joinable!(doctor_override_hours -> doctor_date_overrides (override_id));

diesel::allow_tables_to_appear_in_same_query!(
    account_emails,
    account_tokens,
    appointment_history,
    appointments,
    audit_log,
    auth_attempts,
    doctor_date_overrides,
    doctor_hours,
    doctor_override_hours,
    doctor_time_off,
    doctors,
    invoice_counters,
    invoices,
    outbox_jobs,
    patients,
    payment_events,
    payments,
    refunds,
    sent_mails,
    sessions,
    settings,
    staff_users,
);
