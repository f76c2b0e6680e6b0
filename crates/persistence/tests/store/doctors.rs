//! DoctorStore: profiles, weekly hours and time off round-trip; missing
//! doctors are NotFound; a corrupt row is an error, never a bad value.

use crate::fixtures::{now, profile};
use crate::support::{at, test_db};
use consulta_domain::model::DoctorId;
use consulta_domain::ports::StoreError;
use consulta_domain::schedule::{SlotLength, TimeOff, WeeklyHours, WorkingInterval};
use diesel::prelude::*;
use jiff::civil::Weekday;

fn interval(start: &str, end: &str) -> WorkingInterval {
    WorkingInterval::parse(start, end).unwrap()
}

#[tokio::test]
async fn doctors_are_listed_by_name_and_inactive_ones_can_be_left_out() {
    let t = test_db();
    let doctors = &t.ports.doctors;
    let zara = doctors
        .create_doctor(profile("Zara Khan", 5), now())
        .await
        .unwrap();
    let mut inactive = profile("Amin Hossain", 0);
    inactive.active = false;
    doctors.create_doctor(inactive, now()).await.unwrap();

    let all: Vec<_> = doctors.list_doctors(false).await.unwrap();
    let names: Vec<_> = all.iter().map(|d| d.profile.name.as_str()).collect();
    assert_eq!(names, ["Amin Hossain", "Zara Khan"]);
    let active = doctors.list_doctors(true).await.unwrap();
    assert_eq!(active.len(), 1);
    assert_eq!(active[0].id, zara);

    let mut edited = profile("Zara Khan", 15);
    edited.slot_length = SlotLength::from_minutes(45).unwrap();
    edited.bio = "Cardiology".into();
    doctors.update_doctor(zara, edited).await.unwrap();
    let stored = doctors.doctor(zara).await.unwrap().unwrap();
    assert_eq!(stored.profile.slot_length.minutes(), 45);
    assert_eq!(stored.profile.buffer.minutes(), 15);
    assert_eq!(stored.profile.notice.minutes(), 120);
    assert_eq!(stored.profile.horizon.days(), 60);
    assert_eq!(stored.profile.fee.minor(), 150_000);
    assert_eq!(stored.profile.timezone.as_str(), "Asia/Dhaka");
    assert_eq!(stored.profile.bio, "Cardiology");

    let missing = DoctorId::new(999);
    assert!(doctors.doctor(missing).await.unwrap().is_none());
    let update = doctors.update_doctor(missing, profile("X", 0)).await;
    assert!(matches!(update, Err(StoreError::NotFound)));
}

#[tokio::test]
async fn weekly_hours_and_time_off_round_trip() {
    let t = test_db();
    let doctors = &t.ports.doctors;
    let id = doctors
        .create_doctor(profile("Hours Doctor", 0), now())
        .await
        .unwrap();
    let hours = WeeklyHours::new()
        .with_day(
            Weekday::Monday,
            vec![interval("09:00", "12:00"), interval("14:00", "17:00")],
        )
        .unwrap()
        .with_day(Weekday::Sunday, vec![interval("10:00", "24:00")])
        .unwrap();
    doctors.set_weekly_hours(id, hours.clone()).await.unwrap();
    // Replacing, not adding.
    doctors.set_weekly_hours(id, hours.clone()).await.unwrap();

    let past = TimeOff::new(at("2026-05-01T00:00:00Z"), at("2026-05-02T00:00:00Z")).unwrap();
    let coming = TimeOff::new(at("2026-06-10T00:00:00Z"), at("2026-06-12T00:00:00Z")).unwrap();
    doctors.add_time_off(id, past, "Holiday").await.unwrap();
    let entry = doctors
        .add_time_off(id, coming, " Conference ")
        .await
        .unwrap();

    let availability = doctors.availability(id, now()).await.unwrap();
    assert_eq!(availability.hours, hours);
    assert_eq!(
        availability.time_off.len(),
        1,
        "time off that ended is left out"
    );
    assert_eq!(availability.time_off[0].id, entry);
    assert_eq!(availability.time_off[0].period, coming);
    assert_eq!(availability.time_off[0].reason, "Conference");

    let other = doctors
        .create_doctor(profile("Other Doctor", 0), now())
        .await
        .unwrap();
    let wrong_owner = doctors.remove_time_off(other, entry).await;
    assert!(matches!(wrong_owner, Err(StoreError::NotFound)));
    doctors.remove_time_off(id, entry).await.unwrap();
    assert!(doctors
        .availability(id, now())
        .await
        .unwrap()
        .time_off
        .is_empty());

    let missing = DoctorId::new(999);
    assert!(matches!(
        doctors.availability(missing, now()).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        doctors.set_weekly_hours(missing, WeeklyHours::new()).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        doctors.add_time_off(missing, coming, "x").await,
        Err(StoreError::NotFound)
    ));
}

#[tokio::test]
async fn a_row_the_domain_refuses_is_an_unexpected_error() {
    let t = test_db();
    let id = t
        .ports
        .doctors
        .create_doctor(profile("Corrupt Doctor", 0), now())
        .await
        .unwrap();
    let mut conn = t.raw();
    diesel::sql_query(format!(
        "UPDATE doctors SET timezone = 'Mars/Olympus' WHERE id = {}",
        id.get()
    ))
    .execute(&mut conn)
    .unwrap();
    assert!(matches!(
        t.ports.doctors.doctor(id).await,
        Err(StoreError::Unexpected(_))
    ));
    // Two overlapping intervals on one day cannot be a week of hours.
    diesel::sql_query(format!(
        "UPDATE doctors SET timezone = 'Asia/Dhaka' WHERE id = {id}; ",
        id = id.get()
    ))
    .execute(&mut conn)
    .unwrap();
    for (start, end) in [(540, 720), (600, 780)] {
        diesel::sql_query(format!(
            "INSERT INTO doctor_hours (doctor_id, weekday, start_minute, end_minute) \
             VALUES ({}, 1, {start}, {end})",
            id.get()
        ))
        .execute(&mut conn)
        .unwrap();
    }
    assert!(matches!(
        t.ports.doctors.availability(id, now()).await,
        Err(StoreError::Unexpected(_))
    ));
}

#[tokio::test]
async fn date_overrides_round_trip_one_per_date_and_a_linked_account_is_the_doctors_address() {
    use consulta_domain::schedule::DateOverride;
    let t = test_db();
    let doctors = &t.ports.doctors;
    let id = doctors
        .create_doctor(profile("Override Doctor", 0), now())
        .await
        .unwrap();
    let half_day = DateOverride::new(
        jiff::civil::date(2026, 12, 24),
        vec![interval("14:00", "16:00"), interval("09:00", "11:00")],
    )
    .unwrap();
    let closed = DateOverride::new(jiff::civil::date(2026, 12, 25), vec![]).unwrap();
    let first = doctors
        .add_date_override(id, half_day.clone(), " Christmas Eve ", now())
        .await
        .unwrap();
    doctors
        .add_date_override(id, closed.clone(), "", now())
        .await
        .unwrap();
    let again = doctors
        .add_date_override(id, closed.clone(), "", now())
        .await;
    assert!(again.is_err(), "one override per date");
    let read = doctors.availability(id, now()).await.unwrap().overrides;
    assert_eq!(read.len(), 2);
    assert_eq!(read[0].day, half_day, "hours kept, sorted");
    assert_eq!(read[0].reason, "Christmas Eve");
    assert!(read[1].day.is_closed());
    let later = doctors
        .availability(id, at("2027-01-10T00:00:00Z"))
        .await
        .unwrap();
    assert!(later.overrides.is_empty(), "past dates are not read");

    doctors.remove_date_override(id, first).await.unwrap();
    assert!(matches!(
        doctors.remove_date_override(id, first).await,
        Err(StoreError::NotFound)
    ));
    let other = doctors
        .create_doctor(profile("Other Doctor", 0), now())
        .await
        .unwrap();
    assert!(matches!(
        doctors
            .add_date_override(DoctorId::new(999), closed, "", now())
            .await,
        Err(StoreError::NotFound)
    ));

    assert_eq!(doctors.doctor_mail_address(id).await.unwrap(), None);
    diesel::sql_query(format!(
        "INSERT INTO staff_users (name, email, email_normalized, password_hash, role, doctor_id, created_at) \
         VALUES ('Dr', 'Dr.Override@Example.com', 'dr.override@example.com', 'x', 'doctor', {id}, 0)"
    ))
    .execute(&mut t.raw())
    .unwrap();
    let address = doctors.doctor_mail_address(id).await.unwrap().unwrap();
    assert_eq!(address.normalized(), "dr.override@example.com");
    assert_eq!(doctors.doctor_mail_address(other).await.unwrap(), None);
}
