//! The command line: `consulta serve | migrate | create-admin | create-staff | backup`.

use crate::config::Settings;
use crate::data_key::describe_key_location;
use crate::startup::{accounts_service, build, open_database, staff_service};
use crate::support::SystemClock;
use clap::{Parser, Subcommand};
use consulta_domain::services::staff_accounts::{StaffActor, StaffAdminError, StaffForm};
use consulta_persistence::SqliteStore;
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, Parser)]
#[command(
    name = "consulta",
    version,
    about = "Online appointments and video consultations for clinics"
)]
struct Cli {
    /// A configuration file layered over the embedded default (also CONSULTA_CONFIG).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web server (the default).
    Serve,
    /// Create the database if needed and apply pending migrations.
    Migrate,
    /// Create an admin, or set a new password for an existing one. The password
    /// comes from CONSULTA_ADMIN_PASSWORD, or else the first line of standard input.
    CreateAdmin {
        #[arg(long)]
        email: String,
    },
    /// Create a staff account: an admin, or a doctor linked to a doctor
    /// profile. The password comes from CONSULTA_STAFF_PASSWORD, or else the
    /// first line of standard input.
    CreateStaff {
        #[arg(long)]
        email: String,
        /// `admin` or `doctor`.
        #[arg(long)]
        role: String,
        /// The doctor profile's id (for `--role doctor`).
        #[arg(long)]
        doctor: Option<String>,
        /// Defaults to the doctor's name, or "Administrator".
        #[arg(long)]
        name: Option<String>,
    },
    /// Write a consistent copy of the database while the server runs.
    Backup {
        #[arg(long)]
        to: PathBuf,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => serve(settings).await,
            Command::Migrate => migrate(settings).await,
            Command::CreateAdmin { email } => create_admin(settings, &email).await,
            Command::CreateStaff {
                email,
                role,
                doctor,
                name,
            } => {
                let form = StaffForm {
                    name: name.unwrap_or_default(),
                    email,
                    role,
                    doctor_id: doctor.unwrap_or_default(),
                    password: String::new(),
                };
                create_staff(settings, form).await
            }
            Command::Backup { to } => backup(settings, to).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Logs go to standard error; standard output is for what the operator must read.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}

async fn serve(settings: Settings) -> Result<(), String> {
    let app = build(settings).await.map_err(|e| e.to_string())?;
    if let Some(password) = &app.demo_admin_password {
        // Printed, never logged: the log may be shipped elsewhere.
        println!(
            "Demo admin created: log in as {} with the one-time password {password}",
            crate::startup::DEMO_ADMIN_EMAIL
        );
    }
    tracing::info!(address = %format!("http://{}", app.address()), "Consulta is listening");
    app.run_until_stopped().await.map_err(|e| e.to_string())
}

async fn migrate(settings: Settings) -> Result<(), String> {
    open_database(&settings).await.map_err(|e| e.to_string())?;
    println!(
        "The database at {} is up to date.",
        settings.database_path().display()
    );
    Ok(())
}

/// The password from `variable`, or else the first line of standard input.
fn password_from(variable: &str) -> Result<String, String> {
    match std::env::var(variable) {
        Ok(password) => Ok(password),
        Err(_) => {
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
            Ok(line.trim_end_matches(['\r', '\n']).to_owned())
        }
    }
}

async fn create_admin(settings: Settings, email: &str) -> Result<(), String> {
    let password = password_from("CONSULTA_ADMIN_PASSWORD")?;
    let database = open_database(&settings).await.map_err(|e| e.to_string())?;
    let store = SqliteStore::new(database).map_err(|e| e.to_string())?;
    let accounts = accounts_service(&settings, &store).map_err(|e| e.to_string())?;
    let (id, created) = accounts
        .create_admin(email, &password)
        .await
        .map_err(|e| e.to_string())?;
    if created {
        println!("Admin {email} created (staff id {id}).");
    } else {
        println!("Admin {email} already existed: its password was changed and its sessions ended.");
    }
    Ok(())
}

/// The option a form field came from, for error lines.
fn staff_option(field: &str) -> &str {
    match field {
        "doctor_id" => "--doctor",
        "email" => "--email",
        "role" => "--role",
        "name" => "--name",
        _ => "the password",
    }
}

async fn create_staff(settings: Settings, mut form: StaffForm) -> Result<(), String> {
    form.password = password_from("CONSULTA_STAFF_PASSWORD")?;
    if form.password.is_empty() {
        return Err(
            "no password given: set CONSULTA_STAFF_PASSWORD or type it on standard input".into(),
        );
    }
    let database = open_database(&settings).await.map_err(|e| e.to_string())?;
    let store = SqliteStore::new(database).map_err(|e| e.to_string())?;
    let staff =
        staff_service(&settings, &store, Arc::new(SystemClock)).map_err(|e| e.to_string())?;
    match staff
        .create(&StaffActor::default(), &form, &form.password)
        .await
    {
        Ok(created) => {
            println!(
                "Staff account {} created ({}, staff id {}).",
                form.email.trim(),
                form.role.trim(),
                created.id
            );
            Ok(())
        }
        Err(StaffAdminError::Invalid(errors)) => Err(errors
            .iter()
            .map(|e| format!("{}: {}", staff_option(e.field), e.message))
            .collect::<Vec<_>>()
            .join("\nerror: ")),
        Err(other) => Err(other.to_string()),
    }
}

async fn backup(settings: Settings, to: PathBuf) -> Result<(), String> {
    let database = open_database(&settings).await.map_err(|e| e.to_string())?;
    database.backup_to(&to).await.map_err(|e| e.to_string())?;
    println!(
        "Backup written to {} and checked (integrity_check: ok).",
        to.display()
    );
    println!(
        "The key that encrypts medical histories is NOT in the backup: it is in {}. \
         Keep a copy of it with the backup; without it the medical histories cannot be read.",
        describe_key_location(&settings)
    );
    Ok(())
}
