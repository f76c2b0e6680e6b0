//! Start-up: open the database, build the adapters and services, bind the server.
//! `build` returns an application that knows its port, so tests run it on port 0.

use crate::config::{ConfigError, Settings, Synchronous as SyncSetting};
use crate::data_key::load_data_key;
use crate::jobs;
use crate::pages;
use crate::security::{assign_request_id, render_error_pages, resolve_visitor, security_headers};
use crate::state::AppState;
use crate::support::{random_token, BcryptHasher, SystemClock};
use crate::templates::Templates;
use crate::wiring;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::Router;
use consulta_domain::model::Email;
use consulta_domain::ports::{Clock, Mailer, MeetingProvider};
use consulta_domain::services::accounts::{
    AccountLinks, Accounts, LinkPolicy, SessionPolicy, Sessions, ThrottlePolicy,
};
use consulta_domain::services::appointment_desk::AppointmentDesk;
use consulta_domain::services::appointment_list::AppointmentLists;
use consulta_domain::services::audit_trail::AuditTrail;
use consulta_domain::services::booking::Booking;
use consulta_domain::services::doctor_day::DoctorDay;
use consulta_domain::services::doctors::Doctors;
use consulta_domain::services::jobs::effects;
use consulta_domain::services::jobs::JobBoard;
use consulta_domain::services::overview::Overview;
use consulta_domain::services::patient_admin::PatientAdmin;
use consulta_domain::services::payments::ClinicPayments;
use consulta_domain::services::payments::Gateways;
use consulta_domain::services::reports::Reports;
use consulta_domain::services::schedule_changes::ScheduleChanges;
use consulta_domain::services::staff_accounts::StaffAccounts;
use consulta_domain::services::staff_booking::StaffBooking;
use consulta_persistence::{Database, DatabaseOptions, SqliteStore, Synchronous};
use jiff::SignedDuration;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;

pub const DEMO_ADMIN_EMAIL: &str = "admin@consulta.local";

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("database: {0}")]
    Database(String),
    #[error("templates: {0}")]
    Templates(String),
    #[error("cannot listen on {address}: {cause}")]
    Bind {
        address: SocketAddr,
        cause: std::io::Error,
    },
    #[error("{0}")]
    Other(String),
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    address: SocketAddr,
    worker: Option<jobs::Worker>,
    /// Set on the first start of a demo clinic: the demo admin's one-time password.
    pub demo_admin_password: Option<String>,
}

/// Opens the database named by the settings (creating it and running migrations).
pub async fn open_database(settings: &Settings) -> Result<Database, StartupError> {
    let key = load_data_key(settings)?;
    let options = DatabaseOptions {
        synchronous: match settings.database.synchronous {
            SyncSetting::Full => Synchronous::Full,
            SyncSetting::Normal => Synchronous::Normal,
        },
        ..DatabaseOptions::with_data_key(key)
    };
    let path = settings.database_path();
    Database::open_async(path.clone(), options)
        .await
        .map_err(|e| StartupError::Database(format!("{}: {e}", path.display())))
}

/// The account use cases over the SQLite store.
pub fn accounts_service(
    settings: &Settings,
    store: &SqliteStore,
) -> Result<Accounts, StartupError> {
    accounts_on_clock(settings, store, Arc::new(SystemClock))
}

fn accounts_on_clock(
    settings: &Settings,
    store: &SqliteStore,
    clock: Arc<dyn Clock>,
) -> Result<Accounts, StartupError> {
    let hasher = BcryptHasher::new(settings.security.bcrypt_cost)
        .map_err(|e| StartupError::Other(e.to_string()))?;
    let ports = store.ports();
    let links = AccountLinks {
        tokens: ports.tokens,
        secrets: wiring::token_secrets(settings)?,
        policy: LinkPolicy {
            reset_link: SignedDuration::from_mins(settings.accounts.reset_link_minutes),
            require_verified_email: settings.accounts.require_verified_email,
            ..LinkPolicy::default()
        },
    };
    Ok(Accounts::new(
        ports.accounts,
        ports.attempts,
        ports.audit,
        Arc::new(hasher),
        clock,
        ThrottlePolicy::default(),
        links,
    ))
}

/// The staff account use cases over the SQLite store.
pub fn staff_service(
    settings: &Settings,
    store: &SqliteStore,
    clock: Arc<dyn Clock>,
) -> Result<StaffAccounts, StartupError> {
    let hasher = BcryptHasher::new(settings.security.bcrypt_cost)
        .map_err(|e| StartupError::Other(e.to_string()))?;
    let ports = store.ports();
    Ok(StaffAccounts::new(
        ports.staff,
        ports.doctors,
        Arc::new(hasher),
        clock,
    ))
}

/// Adapters to use instead of the ones configuration picks: tests drive
/// time with a test clock and hold a provider down.
#[derive(Clone, Default)]
pub struct Adapters {
    pub clock: Option<Arc<dyn Clock>>,
    pub meetings: Option<Arc<dyn MeetingProvider>>,
    pub mailer: Option<Arc<dyn Mailer>>,
    /// How often the idle worker looks for due jobs (200 ms).
    pub worker_poll: Option<std::time::Duration>,
    /// The payment gateways, instead of those `payments.*` configures
    /// (tests point real adapters at local fakes).
    pub gateways: Option<Gateways>,
}

pub async fn build(settings: Settings) -> Result<Application, StartupError> {
    build_with(settings, Adapters::default()).await
}

pub async fn build_with(
    settings: Settings,
    adapters: Adapters,
) -> Result<Application, StartupError> {
    // Bind first: a busy port must stop start-up before anything is seeded
    // (the demo admin's one-time password is shown once).
    let listener = TcpListener::bind(settings.server.bind)
        .await
        .map_err(|cause| StartupError::Bind {
            address: settings.server.bind,
            cause,
        })?;
    build_on(listener, settings, adapters).await
}

/// The application on a listener bound already: a test binds port 0, learns
/// the port, and sets `server.public_url` to it before building, so what the
/// app posts to itself (the simulated gateway's webhook) reaches it.
pub async fn build_on(
    listener: TcpListener,
    settings: Settings,
    adapters: Adapters,
) -> Result<Application, StartupError> {
    let templates =
        Arc::new(Templates::load().map_err(|e| StartupError::Templates(format!("{e:#}")))?);
    let address = listener
        .local_addr()
        .map_err(|e| StartupError::Other(e.to_string()))?;
    let database = open_database(&settings).await?;
    let store =
        SqliteStore::new(database.clone()).map_err(|e| StartupError::Database(e.to_string()))?;
    let ports = store.ports();
    let clock: Arc<dyn Clock> = adapters
        .clock
        .clone()
        .unwrap_or_else(|| Arc::new(SystemClock));
    let accounts = accounts_on_clock(&settings, &store, clock.clone())?;
    let booking = Booking::new(
        ports.doctors.clone(),
        ports.booking.clone(),
        clock.clone(),
        wiring::booking_policy(&settings),
    );
    let doctors = Doctors::new(
        ports.doctors.clone(),
        clock.clone(),
        settings.clinic.currency,
    );

    let demo_admin_password = if settings.demo {
        let seeded = crate::demo::seed_doctors(&doctors, settings.clinic.currency)
            .await
            .map_err(StartupError::Other)?;
        if seeded > 0 {
            tracing::info!(doctors = seeded, "seeded the demo doctors");
        }
        seed_demo_admin(&accounts, &store).await?
    } else {
        None
    };
    let poll = adapters
        .worker_poll
        .unwrap_or(std::time::Duration::from_millis(200));
    let meetings = match adapters.meetings {
        Some(meetings) => meetings,
        None => wiring::meeting_provider(&settings)?,
    };
    let mailer = match adapters.mailer {
        Some(mailer) => mailer,
        None => wiring::mailer(&settings)?,
    };
    let desk = AppointmentDesk::new(
        ports.booking.clone(),
        ports.outbox.clone(),
        meetings.clone(),
        ports.audit.clone(),
        clock.clone(),
    );
    let gateways = match adapters.gateways {
        Some(gateways) => gateways,
        None => wiring::payment_gateways(&settings)?,
    };
    let payments = wiring::payments_service(&settings, &ports, gateways, clock.clone())?;
    let runner = wiring::job_runner(
        &settings,
        &ports,
        (meetings, mailer, clock.clone()),
        templates.clone(),
        payments.clone(),
    )?;
    // Periodic jobs plan their own next run; this starts the chain (one job
    // per period, however often the server starts).
    ports
        .outbox
        .enqueue(
            vec![
                effects::prune_sessions_at(clock.now()),
                effects::sweep_payments_at(clock.now()),
            ],
            clock.now(),
        )
        .await
        .map_err(|e| StartupError::Database(e.to_string()))?;
    let worker = jobs::Worker {
        outbox: ports.outbox.clone(),
        runner,
        clock: clock.clone(),
        workers: settings.jobs.workers,
        poll,
    };

    let clinic_zone = jiff::tz::TimeZone::get(&settings.clinic.timezone)
        .map_err(|e| StartupError::Other(format!("`clinic.timezone`: {e}")))?;
    let patients = PatientAdmin::new(
        ports.patient_admin.clone(),
        ports.payments.clone(),
        clock.clone(),
    );
    let audit_trail = AuditTrail::new(
        ports.audit_search.clone(),
        ports.accounts.clone(),
        clinic_zone.clone(),
    );
    let overview = Overview::new(
        ports.overview.clone(),
        clock.clone(),
        clinic_zone.clone(),
        SignedDuration::from_mins(settings.payments.reconcile_after_minutes),
    );
    let reports = Reports::new(
        ports.reports.clone(),
        ports.doctors.clone(),
        clock.clone(),
        clinic_zone,
        settings.reports.max_days,
    );
    let state = AppState {
        settings: Arc::new(settings.clone()),
        templates,
        accounts,
        booking: booking.clone(),
        doctors,
        sessions: Sessions::new(
            ports.sessions.clone(),
            ports.accounts.clone(),
            clock.clone(),
            SessionPolicy {
                idle: SignedDuration::from_mins(settings.sessions.idle_minutes),
                absolute: SignedDuration::from_hours(settings.sessions.absolute_hours),
            },
        ),
        jobs: JobBoard::new(ports.outbox.clone(), ports.audit.clone(), clock.clone()),
        desk,
        clinic_payments: ClinicPayments::new(
            ports.clinic_payments.clone(),
            ports.booking.clone(),
            ports.audit.clone(),
            clock.clone(),
            wiring::notice_policy(&settings),
        ),
        payments,
        simulated: Arc::new(wiring::simulated_gateway(&settings)?),
        lists: AppointmentLists::new(
            ports.appointment_search.clone(),
            jiff::tz::TimeZone::get(&settings.clinic.timezone)
                .map_err(|e| StartupError::Other(format!("`clinic.timezone`: {e}")))?,
        ),
        staff: staff_service(&settings, &store, clock.clone())?,
        doctor_day: DoctorDay::new(
            ports.appointment_search.clone(),
            ports.doctors.clone(),
            ports.staff.clone(),
            clock.clone(),
        ),
        schedule: ScheduleChanges::new(
            ports.doctors.clone(),
            ports.appointment_search.clone(),
            booking.clone(),
            ports.audit.clone(),
            clock.clone(),
        ),
        staff_booking: StaffBooking::new(
            booking.clone(),
            ports.accounts.clone(),
            ports.audit.clone(),
            clock.clone(),
        ),
        clock,
        database,
        patients,
        audit_trail,
        overview,
        reports,
    };
    let router = pages::router()
        .layer(from_fn_with_state(state.clone(), resolve_visitor))
        .layer(DefaultBodyLimit::max(256 * 1024))
        .layer(CatchPanicLayer::custom(|_| {
            crate::error::error_page(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong on our side",
                "Please try again in a moment. If it keeps happening, tell the clinic the request id below.",
            )
        }))
        .layer(from_fn_with_state(state.clone(), render_error_pages))
        .layer(from_fn(security_headers))
        .layer(from_fn(assign_request_id))
        .with_state(state);

    Ok(Application {
        listener,
        router,
        address,
        worker: Some(worker),
        demo_admin_password,
    })
}

/// Creates the demo admin once, with a random password the operator sees once.
async fn seed_demo_admin(
    accounts: &Accounts,
    store: &SqliteStore,
) -> Result<Option<String>, StartupError> {
    use consulta_domain::ports::AccountStore;
    let email = Email::parse(DEMO_ADMIN_EMAIL).map_err(|e| StartupError::Other(e.to_string()))?;
    if store
        .find_login(&email)
        .await
        .map_err(|e| StartupError::Database(e.to_string()))?
        .is_some()
    {
        return Ok(None);
    }
    let password = random_token()[..16].to_owned();
    accounts
        .create_admin_with_one_time_password(DEMO_ADMIN_EMAIL, &password)
        .await
        .map_err(|e| StartupError::Other(e.to_string()))?;
    Ok(Some(password))
}

impl Application {
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight.
    pub async fn run_until_stopped(mut self) -> std::io::Result<()> {
        if let Some(worker) = self.worker.take() {
            tokio::spawn(worker.run());
        }
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
