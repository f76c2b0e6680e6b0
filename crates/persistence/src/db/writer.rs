//! The single writer: one thread owning the write connection. Writes queued
//! together share one `BEGIN IMMEDIATE` transaction and one fsync (group
//! commit), each in its own savepoint, so one write's failure rolls back
//! only its own changes.
//!
//! SQLite allows one writer at a time and its busy handler is unfair under
//! contention (stalls of seconds and "database is locked" with 8 writers);
//! queueing the writes in the program removes both, and grouping the queued
//! ones turns a burst of small writes into a few commits.

use super::connection::{establish, ConnectionSettings};
use super::error::DbError;
use super::DatabaseError;
use consulta_domain::ports::StoreError;
use diesel::connection::Connection;
use diesel::SqliteConnection;
use std::any::Any;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;
use tokio::sync::oneshot;

/// What a queued write reports once the group's fate is known: `true` when
/// the group's transaction committed.
type Report = Box<dyn FnOnce(bool) + Send>;

/// Runs one write inside the group's transaction (in its own savepoint). It
/// returns its report, and whether it panicked (the connection is then dropped).
type Job = Box<dyn FnOnce(&mut SqliteConnection) -> (Report, bool) + Send>;

/// The most writes one transaction takes: enough to absorb a burst, few
/// enough that the first caller of a group does not wait long.
const MAX_GROUP: usize = 64;

/// Another process (the CLI, a backup tool) may hold the lock past
/// busy_timeout; only then is the whole group retried.
const BUSY_RETRIES: u32 = 3;
const BUSY_BACKOFF: Duration = Duration::from_millis(200);

#[derive(Debug)]
pub(crate) struct Writer {
    jobs: mpsc::Sender<Job>,
}

type Panic = Box<dyn Any + Send>;

impl Writer {
    pub(crate) fn start(
        path: PathBuf,
        settings: ConnectionSettings,
    ) -> Result<Self, DatabaseError> {
        let first = establish(&path, settings)?;
        let (jobs, queue) = mpsc::channel::<Job>();
        let shown_path = path.clone();
        std::thread::Builder::new()
            .name("consulta-db-writer".into())
            .spawn(move || {
                let mut conn = Some(first);
                // Ends when the last `Database` handle drops its sender.
                while let Ok(job) = queue.recv() {
                    let mut group = vec![job];
                    while group.len() < MAX_GROUP {
                        match queue.try_recv() {
                            Ok(next) => group.push(next),
                            Err(_) => break,
                        }
                    }
                    if conn.is_none() {
                        conn = establish(&path, settings)
                            .map_err(
                                |e| tracing::error!(error = %e, "database writer cannot reconnect"),
                            )
                            .ok();
                    }
                    run_group(&mut conn, group);
                }
            })
            .map_err(|e| DatabaseError::Open {
                path: shown_path,
                reason: format!("cannot start the writer thread: {e}"),
            })?;
        Ok(Self { jobs })
    }

    /// Runs `work` on the writer thread inside an immediate transaction
    /// (shared with the writes queued beside it, in its own savepoint), and
    /// answers once that transaction has committed. Keeps the caller's
    /// tracing span and re-raises its panics here.
    pub(crate) async fn run<T, F>(&self, mut work: F) -> Result<T, DbError>
    where
        F: FnMut(&mut SqliteConnection) -> Result<T, DbError> + Send + 'static,
        T: Send + 'static,
    {
        let (done, outcome) = oneshot::channel::<Result<Result<T, DbError>, Panic>>();
        let span = tracing::Span::current();
        let job: Job = Box::new(move |conn| {
            let _entered = span.enter();
            // A nested diesel transaction is a savepoint: an error rolls back
            // this write alone.
            let result = catch_unwind(AssertUnwindSafe(|| conn.transaction(&mut work)));
            let panicked = result.is_err();
            let report: Report = Box::new(move |committed| {
                let answer = match result {
                    Ok(Ok(value)) if committed => Ok(Ok(value)),
                    Ok(Ok(_)) => Ok(Err(not_committed())),
                    Ok(Err(error)) => Ok(Err(error)),
                    Err(panic) => Err(panic),
                };
                // The caller may have stopped waiting; nothing to report then.
                let _ = done.send(answer);
            });
            (report, panicked)
        });
        self.jobs.send(job).map_err(|_| {
            DbError::Store(StoreError::Unexpected(
                "the database writer has stopped".into(),
            ))
        })?;
        match outcome.await {
            Ok(Ok(result)) => result,
            Ok(Err(panic)) => resume_unwind(panic),
            Err(_) => Err(DbError::Store(StoreError::Unexpected(
                "the database writer dropped a write".into(),
            ))),
        }
    }
}

fn not_committed() -> DbError {
    DbError::Store(StoreError::Unexpected(
        "the write's transaction did not commit".into(),
    ))
}

/// Runs a group of writes in one immediate transaction and reports to each.
fn run_group(slot: &mut Option<SqliteConnection>, mut group: Vec<Job>) {
    let Some(conn) = slot.as_mut() else {
        // Dropping a write drops its answer channel: its caller gets an error.
        tracing::error!(
            writes = group.len(),
            "the database writer has no connection"
        );
        return;
    };
    let mut reports: Vec<Report> = Vec::with_capacity(group.len());
    let mut panicked = false;
    let mut retries = 0;
    let committed = loop {
        let outcome = conn.immediate_transaction(|conn| {
            for job in group.drain(..) {
                let (report, panic) = job(conn);
                reports.push(report);
                if panic {
                    panicked = true;
                    // The transaction state is unknown after a panic: roll
                    // the whole group back.
                    return Err(DbError::Store(StoreError::Unexpected(
                        "a write panicked".into(),
                    )));
                }
            }
            Ok::<(), DbError>(())
        });
        match outcome {
            // BEGIN failed before any write ran: the group is still whole.
            Err(error) if error.is_busy() && reports.is_empty() && retries < BUSY_RETRIES => {
                retries += 1;
                tracing::warn!(retries, "database busy; retrying the write transaction");
                std::thread::sleep(BUSY_BACKOFF * retries);
            }
            Ok(()) => break true,
            Err(error) => {
                if !panicked {
                    tracing::error!(%error, writes = reports.len() + group.len(), "a group of writes failed to commit");
                }
                break false;
            }
        }
    };
    if panicked {
        // Closing the connection rolls back whatever is open; the next
        // group reconnects.
        *slot = None;
    }
    for report in reports {
        report(committed);
    }
    // Writes after a panic in the same group never ran: dropping them
    // answers their callers with an error.
    drop(group);
}
