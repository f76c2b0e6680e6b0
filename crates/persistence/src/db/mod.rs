//! The database handle: migrations at open, a read pool used on blocking
//! threads, the single writer, readiness and backup.

mod backup;
mod connection;
mod error;
mod migrate;
mod options;
mod writer;

pub use error::DatabaseError;
pub(crate) use error::{DbError, Refusal};
pub use options::{DatabaseOptions, Synchronous};

use crate::data_key::DataKey;
use connection::{database_url, establish, ConnectionSettings, ReaderSetup};
use consulta_domain::ports::StoreError;
use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, Pool};
use diesel::{Connection, SqliteConnection};
use std::fmt;
use std::panic::resume_unwind;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use writer::Writer;

type ReadPool = Pool<ConnectionManager<SqliteConnection>>;

/// An open, migrated database. Cheap to clone; all clones share one pool and
/// one writer, which stops when the last clone is dropped.
#[derive(Clone)]
pub struct Database {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    settings: ConnectionSettings,
    readers: ReadPool,
    writer: Writer,
    data_key: Option<DataKey>,
}

impl Database {
    /// Creates the file and its directories if needed, applies pending
    /// migrations, checks (or records) the data key's fingerprint, then starts
    /// the read pool and the writer. Blocks: call it before serving, or
    /// through [`Database::open_async`] from async code.
    pub fn open(path: &Path, options: DatabaseOptions) -> Result<Self, DatabaseError> {
        let opening = |reason: String| DatabaseError::Open {
            path: path.to_path_buf(),
            reason,
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| opening(e.to_string()))?;
        }
        let settings = ConnectionSettings {
            busy_timeout: options.busy_timeout,
            synchronous: options.synchronous,
        };
        {
            let mut conn = establish(path, settings)?;
            migrate::prepare(&mut conn, options.data_key.as_ref())?;
        }
        let readers = Pool::builder()
            .max_size(options.read_pool_size.max(1))
            .connection_timeout(Duration::from_secs(10))
            .connection_customizer(Box::new(ReaderSetup(settings)))
            .build(ConnectionManager::new(database_url(path)?))
            .map_err(|e| opening(e.to_string()))?;
        let writer = Writer::start(path.to_path_buf(), settings)?;
        Ok(Self {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                settings,
                readers,
                writer,
                data_key: options.data_key,
            }),
        })
    }

    /// [`Database::open`] on a blocking thread.
    pub async fn open_async(
        path: PathBuf,
        options: DatabaseOptions,
    ) -> Result<Self, DatabaseError> {
        match tokio::task::spawn_blocking(move || Self::open(&path, options)).await {
            Ok(result) => result,
            Err(e) if e.is_panic() => resume_unwind(e.into_panic()),
            Err(e) => Err(DatabaseError::Store(StoreError::Unexpected(e.to_string()))),
        }
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// The fingerprint of the data key this handle was opened with, if any.
    pub fn data_key_fingerprint(&self) -> Option<String> {
        self.inner.data_key.as_ref().map(DataKey::fingerprint)
    }

    /// For /readyz: the database answers a query.
    pub async fn ready(&self) -> Result<(), StoreError> {
        self.read(|conn| Ok(conn.batch_execute("SELECT 1;")?)).await
    }

    pub(crate) fn data_key(&self) -> Option<&DataKey> {
        self.inner.data_key.as_ref()
    }

    /// Runs a read on a pooled connection on a blocking thread, inside one
    /// (deferred) transaction so that its queries see one snapshot. Keeps
    /// the caller's tracing span and re-raises its panics.
    pub(crate) async fn read<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        F: FnOnce(&mut SqliteConnection) -> Result<T, DbError> + Send + 'static,
        T: Send + 'static,
    {
        let readers = self.inner.readers.clone();
        let span = tracing::Span::current();
        let task = tokio::task::spawn_blocking(move || {
            let _entered = span.enter();
            let mut pooled = readers.get()?;
            let conn: &mut SqliteConnection = &mut pooled;
            conn.transaction(work)
        });
        match task.await {
            Ok(result) => result.map_err(StoreError::from),
            Err(e) if e.is_panic() => resume_unwind(e.into_panic()),
            Err(e) => Err(StoreError::Unexpected(e.to_string())),
        }
    }

    /// Queues a write for the single writer; it runs in its own
    /// `BEGIN IMMEDIATE` transaction, rolled back when `work` fails.
    pub(crate) async fn write<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        F: FnMut(&mut SqliteConnection) -> Result<T, DbError> + Send + 'static,
        T: Send + 'static,
    {
        self.inner.writer.run(work).await.map_err(StoreError::from)
    }

    /// [`Database::write`] keeping the internal error, for callers that turn
    /// a [`DbError::Refused`] or a constraint violation into their own outcome.
    pub(crate) async fn write_refusable<T, F>(&self, work: F) -> Result<T, DbError>
    where
        F: FnMut(&mut SqliteConnection) -> Result<T, DbError> + Send + 'static,
        T: Send + 'static,
    {
        self.inner.writer.run(work).await
    }
}

impl fmt::Debug for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Database")
            .field("path", &self.inner.path)
            .field("data_key", &self.inner.data_key.is_some())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod attempts_migration_tests;
