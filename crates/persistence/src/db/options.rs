//! How to open the database: durability, lock waiting, pool size and the data key.

use crate::data_key::DataKey;
use std::time::Duration;

/// SQLite's `synchronous` setting for every connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Synchronous {
    /// An acknowledged booking or payment survives a power cut.
    #[default]
    Full,
    /// Faster commits; the last transactions may be lost on a power cut
    /// (never corruption, thanks to WAL). For those who accept that trade.
    Normal,
}

impl Synchronous {
    pub(crate) fn pragma_value(self) -> &'static str {
        match self {
            Synchronous::Full => "FULL",
            Synchronous::Normal => "NORMAL",
        }
    }
}

#[derive(Debug, Clone)]
pub struct DatabaseOptions {
    pub synchronous: Synchronous,
    /// How long a connection waits for another process's lock before failing.
    pub busy_timeout: Duration,
    /// Connections in the read pool (writes have their own connection).
    pub read_pool_size: u32,
    /// Needed to store or read patients; checked against the fingerprint the
    /// database recorded the first time a key was given.
    pub data_key: Option<DataKey>,
}

impl Default for DatabaseOptions {
    fn default() -> Self {
        Self {
            synchronous: Synchronous::Full,
            busy_timeout: Duration::from_millis(5000),
            read_pool_size: 4,
            data_key: None,
        }
    }
}

impl DatabaseOptions {
    pub fn with_data_key(key: DataKey) -> Self {
        Self {
            data_key: Some(key),
            ..Self::default()
        }
    }
}
