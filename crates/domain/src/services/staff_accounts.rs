//! Admins manage staff accounts: create one (an admin, or a doctor linked to
//! a doctor profile), give a new one-time password, deactivate and
//! reactivate. Every change is audited in the same write.

use crate::model::{
    AccountRef, DoctorId, Email, Password, PasswordHash, PersonName, Role, StaffId,
};
use crate::ports::{
    AuditEntry, Clock, DoctorStore, NewStaff, PasswordHasher, StaffListing, StaffPage, StaffStore,
    StaffWriteError, StoreError,
};
use crate::services::Cause;
use crate::validation::FieldErrors;
use std::sync::Arc;

/// Staff accounts per page of the list.
pub const STAFF_PER_PAGE: i64 = 50;

/// The new-account form as typed.
#[derive(Debug, Clone, Default)]
pub struct StaffForm {
    /// Empty: the doctor's name for a doctor, "Administrator" for an admin.
    pub name: String,
    pub email: String,
    /// "admin" or "doctor".
    pub role: String,
    /// The doctor profile's id, for a doctor.
    pub doctor_id: String,
    /// Empty: the one-time password the caller drew is used instead.
    pub password: String,
}

/// Who asks: an admin (by id, with their address), or the command line.
#[derive(Debug, Clone, Default)]
pub struct StaffActor {
    pub staff: Option<StaffId>,
    pub client: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedStaff {
    pub id: StaffId,
    /// Set when the account got a one-time password, to be shown once.
    pub one_time_password: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum StaffAdminError {
    #[error("{0}")]
    Invalid(FieldErrors),
    #[error("no such staff account")]
    NotFound,
    #[error("You cannot deactivate your own account.")]
    CannotDeactivateSelf,
    #[error("unexpected failure")]
    Unexpected(#[source] Cause),
}

impl From<StoreError> for StaffAdminError {
    fn from(error: StoreError) -> Self {
        StaffAdminError::Unexpected(error.into())
    }
}

impl From<StaffWriteError> for StaffAdminError {
    fn from(error: StaffWriteError) -> Self {
        match error {
            StaffWriteError::EmailTaken => StaffAdminError::Invalid(FieldErrors::single(
                "email",
                "That email address already belongs to an account.",
            )),
            StaffWriteError::DoctorTaken => StaffAdminError::Invalid(FieldErrors::single(
                "doctor_id",
                "That doctor is already linked to another staff account.",
            )),
            StaffWriteError::UnknownDoctor => StaffAdminError::Invalid(FieldErrors::single(
                "doctor_id",
                "There is no such doctor.",
            )),
            StaffWriteError::NotFound => StaffAdminError::NotFound,
            StaffWriteError::Store(error) => StaffAdminError::Unexpected(error.into()),
        }
    }
}

#[derive(Clone)]
pub struct StaffAccounts {
    store: Arc<dyn StaffStore>,
    doctors: Arc<dyn DoctorStore>,
    hasher: Arc<dyn PasswordHasher>,
    clock: Arc<dyn Clock>,
}

impl StaffAccounts {
    pub fn new(
        store: Arc<dyn StaffStore>,
        doctors: Arc<dyn DoctorStore>,
        hasher: Arc<dyn PasswordHasher>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            store,
            doctors,
            hasher,
            clock,
        }
    }

    pub async fn page(&self, page: i64) -> Result<StaffPage, StaffAdminError> {
        let offset = (page.max(1) - 1).saturating_mul(STAFF_PER_PAGE);
        Ok(self.store.list_staff(STAFF_PER_PAGE, offset).await?)
    }

    pub async fn get(&self, id: StaffId) -> Result<StaffListing, StaffAdminError> {
        self.store
            .staff_listing(id)
            .await?
            .ok_or(StaffAdminError::NotFound)
    }

    fn entry(&self, by: &StaffActor, action: &str, subject: Option<StaffId>) -> AuditEntry {
        AuditEntry {
            at: self.clock.now(),
            actor: by.staff.map(AccountRef::Staff),
            action: action.into(),
            subject: subject.map(|id| format!("staff:{id}")),
            client: by.client.clone(),
        }
    }

    async fn hash(&self, password: &Password) -> Result<PasswordHash, StaffAdminError> {
        self.hasher
            .hash(password)
            .await
            .map_err(|e| StaffAdminError::Unexpected(e.into()))
    }

    /// The role and doctor the form names, each checked.
    async fn role_and_doctor(
        &self,
        errors: &mut FieldErrors,
        form: &StaffForm,
    ) -> Result<(Option<Role>, Option<(DoctorId, String)>), StaffAdminError> {
        let role = Role::parse(form.role.trim());
        let doctor_text = form.doctor_id.trim();
        match role {
            None => errors.add("role", "Choose a role: admin or doctor."),
            Some(Role::Admin) if !doctor_text.is_empty() => {
                errors.add("doctor_id", "An admin account is not linked to a doctor.")
            }
            Some(Role::Doctor) if doctor_text.is_empty() => errors.add(
                "doctor_id",
                "A doctor's account needs the doctor profile it belongs to.",
            ),
            _ => {}
        }
        if role != Some(Role::Doctor) || doctor_text.is_empty() {
            return Ok((role, None));
        }
        let Ok(raw) = doctor_text.parse::<i64>() else {
            errors.add("doctor_id", "There is no such doctor.");
            return Ok((role, None));
        };
        match self.doctors.doctor(DoctorId::new(raw)).await? {
            Some(doctor) => Ok((
                role,
                Some((doctor.id, doctor.profile.name.as_str().to_owned())),
            )),
            None => {
                errors.add("doctor_id", "There is no such doctor.");
                Ok((role, None))
            }
        }
    }

    /// Creates a staff account. With no password in the form, `one_time` (a
    /// random password the caller drew) is set and must be changed at the
    /// first login; it is returned to be shown once.
    pub async fn create(
        &self,
        by: &StaffActor,
        form: &StaffForm,
        one_time: &str,
    ) -> Result<CreatedStaff, StaffAdminError> {
        let mut errors = FieldErrors::new();
        let email = errors.check("email", Email::parse(&form.email));
        let (role, doctor) = self.role_and_doctor(&mut errors, form).await?;
        let given = !form.password.is_empty();
        let password = errors.check(
            "password",
            Password::parse(if given { &form.password } else { one_time }),
        );
        let name_text = match (form.name.trim(), &doctor, role) {
            ("", Some((_, doctor_name)), _) => doctor_name.clone(),
            ("", None, _) => "Administrator".to_owned(),
            (typed, _, _) => typed.to_owned(),
        };
        let name = errors.check("name", PersonName::parse(&name_text));
        let (Some(email), Some(role), Some(password), Some(name), true) =
            (email, role, password, name, errors.is_empty())
        else {
            return Err(StaffAdminError::Invalid(errors));
        };
        let hash = self.hash(&password).await?;
        let staff = NewStaff {
            name,
            email,
            role,
            doctor: doctor.map(|(id, _)| id),
            password_hash: hash,
            must_change_password: !given,
            at: self.clock.now(),
        };
        let id = self
            .store
            .create_staff(staff, self.entry(by, "staff.created", None))
            .await?;
        Ok(CreatedStaff {
            id,
            one_time_password: (!given).then(|| one_time.to_owned()),
        })
    }

    /// Gives the account `one_time` as its password, to be changed at the
    /// next login; every session of it ends.
    pub async fn reset_password(
        &self,
        by: &StaffActor,
        id: StaffId,
        one_time: &str,
    ) -> Result<(), StaffAdminError> {
        let password =
            Password::parse(one_time).map_err(|e| StaffAdminError::Unexpected(e.into()))?;
        let hash = self.hash(&password).await?;
        self.store
            .set_one_time_password(id, hash, self.entry(by, "staff.password_reset", Some(id)))
            .await?;
        Ok(())
    }

    /// Deactivates the account: it cannot log in, its sessions end at once.
    pub async fn deactivate(&self, by: &StaffActor, id: StaffId) -> Result<(), StaffAdminError> {
        if by.staff == Some(id) {
            return Err(StaffAdminError::CannotDeactivateSelf);
        }
        self.store
            .deactivate_staff(
                id,
                self.clock.now(),
                self.entry(by, "staff.deactivated", Some(id)),
            )
            .await?;
        Ok(())
    }

    pub async fn reactivate(&self, by: &StaffActor, id: StaffId) -> Result<(), StaffAdminError> {
        self.store
            .reactivate_staff(id, self.entry(by, "staff.reactivated", Some(id)))
            .await?;
        Ok(())
    }
}
