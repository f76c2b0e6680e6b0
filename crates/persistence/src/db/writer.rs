//! The single writer: one thread owning the write connection, running write
//! jobs one at a time in `BEGIN IMMEDIATE` transactions.
//!
//! SQLite allows one writer at a time and its busy handler is unfair under
//! contention (stalls of seconds and "database is locked" with 8 writers);
//! queueing the writes in the program removes both at the same throughput,
//! and later lets several jobs share one transaction and fsync.

use super::connection::{establish, ConnectionSettings};
use super::error::DbError;
use super::DatabaseError;
use consulta_domain::ports::StoreError;
use diesel::SqliteConnection;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;
use tokio::sync::oneshot;

type Job = Box<dyn FnOnce(&mut Option<SqliteConnection>) + Send>;

/// Another process (the CLI, a backup tool) may hold the lock past
/// busy_timeout; only then is a whole transaction retried.
const BUSY_RETRIES: u32 = 3;
const BUSY_BACKOFF: Duration = Duration::from_millis(200);

#[derive(Debug)]
pub(crate) struct Writer {
    jobs: mpsc::Sender<Job>,
}

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
                    if conn.is_none() {
                        conn = establish(&path, settings)
                            .map_err(
                                |e| tracing::error!(error = %e, "database writer cannot reconnect"),
                            )
                            .ok();
                    }
                    job(&mut conn);
                }
            })
            .map_err(|e| DatabaseError::Open {
                path: shown_path,
                reason: format!("cannot start the writer thread: {e}"),
            })?;
        Ok(Self { jobs })
    }

    /// Runs `work` in its own immediate transaction on the writer thread,
    /// keeping the caller's tracing span and re-raising its panics here.
    pub(crate) async fn run<T, F>(&self, work: F) -> Result<T, DbError>
    where
        F: FnMut(&mut SqliteConnection) -> Result<T, DbError> + Send + 'static,
        T: Send + 'static,
    {
        let (done, outcome) = oneshot::channel();
        let span = tracing::Span::current();
        let job: Job = Box::new(move |slot| {
            let _entered = span.enter();
            let Some(conn) = slot.as_mut() else {
                // The caller may have stopped waiting; nothing to report then.
                let _ = done.send(Ok(Err(DbError::Store(StoreError::Unexpected(
                    "the database writer has no connection".into(),
                )))));
                return;
            };
            let result = catch_unwind(AssertUnwindSafe(|| in_transaction(conn, work)));
            if result.is_err() {
                // A panic left the transaction open; closing the connection
                // rolls it back, and the next job reconnects.
                *slot = None;
            }
            let _ = done.send(result);
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
                "the database writer dropped a job".into(),
            ))),
        }
    }
}

fn in_transaction<T, F>(conn: &mut SqliteConnection, mut work: F) -> Result<T, DbError>
where
    F: FnMut(&mut SqliteConnection) -> Result<T, DbError>,
{
    let mut retries = 0;
    loop {
        match conn.immediate_transaction(&mut work) {
            Err(error) if error.is_busy() && retries < BUSY_RETRIES => {
                retries += 1;
                tracing::warn!(retries, "database busy; retrying the write transaction");
                std::thread::sleep(BUSY_BACKOFF * retries);
            }
            other => return other,
        }
    }
}
