//! What every handler can reach: the use cases, the session store, templates, settings.

use crate::config::Settings;
use crate::templates::Templates;
use consulta_domain::ports::{AccountStore, Clock, SessionStore};
use consulta_domain::services::accounts::Accounts;
use consulta_domain::services::booking::Booking;
use consulta_domain::services::doctors::Doctors;
use consulta_domain::services::jobs::JobBoard;
use consulta_persistence::Database;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub templates: Arc<Templates>,
    pub accounts: Accounts,
    pub booking: Booking,
    pub doctors: Doctors,
    pub account_store: Arc<dyn AccountStore>,
    pub sessions: Arc<dyn SessionStore>,
    pub jobs: JobBoard,
    pub clock: Arc<dyn Clock>,
    pub database: Database,
}
