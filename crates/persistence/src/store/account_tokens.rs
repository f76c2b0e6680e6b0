//! `AccountTokenStore` on SQLite: each token written in the transaction of
//! the change that needs it (a registration, a reset request) with the job
//! that mails it; links spent in the transaction of what they do.

use super::attempts::insert_attempt;
use super::job_rows::enqueue;
use super::{credentials, patients, token_rows, SqliteStore};
use crate::instant::{from_unix, to_unix};
use crate::schema::patients as patients_table;
use async_trait::async_trait;
use consulta_domain::model::{
    AccountRef, AccountToken, AccountTokenId, NewAccountToken, NewJob, NewPatient, PasswordHash,
    PatientId, TokenPurpose,
};
use consulta_domain::ports::{AccountTokenStore, AttemptKind, ResetRequest, StoreError};
use diesel::prelude::*;
use jiff::Timestamp;

/// The jobs as written for `account`: those naming no account are about it.
fn jobs_for(account: AccountRef, jobs: &[NewJob]) -> Vec<NewJob> {
    jobs.iter()
        .cloned()
        .map(|mut job| {
            job.account = job.account.or(Some(account));
            job
        })
        .collect()
}

#[async_trait]
impl AccountTokenStore for SqliteStore {
    async fn register_patient(
        &self,
        patient: NewPatient,
        password_hash: PasswordHash,
        token: NewAccountToken,
        jobs: Vec<NewJob>,
        at: Timestamp,
    ) -> Result<PatientId, StoreError> {
        let key = self.key.clone();
        self.db
            .write(move |conn| {
                let id = patients::insert_patient(conn, &key, &patient, &password_hash, at)?;
                let account = AccountRef::Patient(id);
                token_rows::insert_token(conn, account, &token, at)?;
                enqueue(conn, None, &jobs_for(account, &jobs), to_unix(at))?;
                Ok(id)
            })
            .await
    }

    async fn request_reset(
        &self,
        request: ResetRequest,
        issue: Option<(AccountRef, NewAccountToken, Vec<NewJob>)>,
    ) -> Result<(), StoreError> {
        self.db
            .write(move |conn| {
                let at = request.at;
                insert_attempt(
                    conn,
                    AttemptKind::PasswordReset,
                    Some(&request.email_key),
                    &request.client,
                    at,
                )?;
                if let Some((account, token, jobs)) = &issue {
                    token_rows::insert_token(conn, *account, token, at)?;
                    enqueue(conn, None, &jobs_for(*account, jobs), to_unix(at))?;
                }
                Ok(())
            })
            .await
    }

    async fn issue_token(
        &self,
        account: AccountRef,
        token: NewAccountToken,
        jobs: Vec<NewJob>,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        self.db
            .write(move |conn| {
                token_rows::insert_token(conn, account, &token, at)?;
                enqueue(conn, None, &jobs_for(account, &jobs), to_unix(at))
            })
            .await
    }

    async fn token(&self, id: AccountTokenId) -> Result<Option<AccountToken>, StoreError> {
        self.db
            .read(move |conn| token_rows::token_by_id(conn, id))
            .await
    }

    async fn token_by_hash(&self, token_hash: &str) -> Result<Option<AccountToken>, StoreError> {
        let token_hash = token_hash.to_owned();
        self.db
            .read(move |conn| token_rows::token_by_hash(conn, &token_hash))
            .await
    }

    async fn reset_password(
        &self,
        token_hash: &str,
        password_hash: PasswordHash,
        now: Timestamp,
    ) -> Result<AccountRef, StoreError> {
        let token_hash = token_hash.to_owned();
        self.db
            .write(move |conn| {
                let account = token_rows::spend_live(conn, &token_hash, TokenPurpose::Reset, now)?;
                // Sets the hash and deletes every session of the account.
                credentials::change_password(conn, account, &password_hash)?;
                Ok(account)
            })
            .await
    }

    async fn verify_email(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<PatientId, StoreError> {
        let token_hash = token_hash.to_owned();
        self.db
            .write(move |conn| {
                let AccountRef::Patient(id) =
                    token_rows::spend_live(conn, &token_hash, TokenPurpose::Verify, now)?
                else {
                    return Err(StoreError::NotFound.into());
                };
                let first: Option<i64> = patients_table::table
                    .find(id.get())
                    .select(patients_table::email_verified_at)
                    .first(conn)?;
                diesel::update(patients_table::table.find(id.get()))
                    .set(patients_table::email_verified_at.eq(first.unwrap_or(to_unix(now))))
                    .execute(conn)?;
                Ok(id)
            })
            .await
    }

    async fn email_verified_at(&self, patient: PatientId) -> Result<Option<Timestamp>, StoreError> {
        let stored: Option<i64> = self
            .db
            .read(move |conn| {
                Ok(patients_table::table
                    .find(patient.get())
                    .select(patients_table::email_verified_at)
                    .first::<Option<i64>>(conn)
                    .optional()?
                    .ok_or(StoreError::NotFound)?)
            })
            .await?;
        stored.map(from_unix).transpose()
    }
}
