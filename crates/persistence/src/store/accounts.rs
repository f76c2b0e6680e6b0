//! `AccountStore` on SQLite: each method one read or one write transaction.

use super::{credentials, patient_search, patients, SqliteStore};
use async_trait::async_trait;
use consulta_domain::model::{
    AccountRef, Email, NewPatient, PasswordHash, Patient, PatientContact, PatientId,
    PatientProfile, PersonName, StaffId, StaffMember, TimeZoneName,
};
use consulta_domain::ports::{AccountStore, LoginRecord, PatientPage, StoreError};
use jiff::Timestamp;

#[async_trait]
impl AccountStore for SqliteStore {
    async fn create_patient(
        &self,
        patient: NewPatient,
        password_hash: PasswordHash,
        at: Timestamp,
    ) -> Result<PatientId, StoreError> {
        let key = self.key.clone();
        self.db
            .write(move |conn| patients::insert_patient(conn, &key, &patient, &password_hash, at))
            .await
    }

    async fn find_login(&self, email: &Email) -> Result<Option<LoginRecord>, StoreError> {
        let email = email.clone();
        self.db
            .read(move |conn| credentials::find_login(conn, &email))
            .await
    }

    async fn password_hash(&self, account: AccountRef) -> Result<PasswordHash, StoreError> {
        self.db
            .read(move |conn| credentials::password_hash(conn, account))
            .await
    }

    async fn patient(&self, id: PatientId) -> Result<Option<Patient>, StoreError> {
        let key = self.key.clone();
        self.db
            .read(move |conn| patients::find_patient(conn, &key, id))
            .await
    }

    async fn patient_contact(&self, id: PatientId) -> Result<Option<PatientContact>, StoreError> {
        self.db
            .read(move |conn| patients::find_contact(conn, id))
            .await
    }

    async fn patient_time_zone(&self, id: PatientId) -> Result<Option<TimeZoneName>, StoreError> {
        self.db
            .read(move |conn| patients::time_zone(conn, id))
            .await
    }

    async fn set_time_zone_if_unset(
        &self,
        id: PatientId,
        zone: TimeZoneName,
    ) -> Result<(), StoreError> {
        self.db
            .write(move |conn| patients::set_time_zone_if_unset(conn, id, &zone))
            .await
    }

    async fn staff_member(&self, id: StaffId) -> Result<Option<StaffMember>, StoreError> {
        self.db
            .read(move |conn| credentials::find_staff_member(conn, id))
            .await
    }

    async fn update_patient_profile(
        &self,
        id: PatientId,
        profile: PatientProfile,
    ) -> Result<(), StoreError> {
        let key = self.key.clone();
        self.db
            .write(move |conn| patients::update_profile(conn, &key, id, &profile))
            .await
    }

    async fn change_email(&self, account: AccountRef, email: Email) -> Result<(), StoreError> {
        self.db
            .write(move |conn| credentials::change_email(conn, account, &email))
            .await
    }

    async fn change_password(
        &self,
        account: AccountRef,
        hash: PasswordHash,
    ) -> Result<(), StoreError> {
        self.db
            .write(move |conn| credentials::change_password(conn, account, &hash))
            .await
    }

    async fn upsert_admin(
        &self,
        email: Email,
        name: PersonName,
        hash: PasswordHash,
        at: Timestamp,
    ) -> Result<(StaffId, bool), StoreError> {
        self.db
            .write(move |conn| credentials::upsert_admin(conn, &email, &name, &hash, at))
            .await
    }

    async fn require_password_change(&self, id: StaffId) -> Result<(), StoreError> {
        self.db
            .write(move |conn| credentials::require_password_change(conn, id))
            .await
    }

    async fn search_patients(
        &self,
        query: &str,
        limit: i64,
        offset: i64,
    ) -> Result<PatientPage, StoreError> {
        let query = query.to_owned();
        self.db
            .read(move |conn| patient_search::search(conn, &query, limit, offset))
            .await
    }

    async fn view_patient_as_staff(
        &self,
        id: PatientId,
        viewer: StaffId,
        at: Timestamp,
    ) -> Result<Option<Patient>, StoreError> {
        let key = self.key.clone();
        self.db
            .write(move |conn| patients::view_as_staff(conn, &key, id, viewer, at))
            .await
    }
}
