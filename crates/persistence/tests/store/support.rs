//! A fresh database per test, and small builders for test data.

use consulta_domain::model::{Email, MedicalHistory, NewPatient, PasswordHash, PersonName, Phone};
use consulta_persistence::{DataKey, Database, DatabaseOptions, Ports, SqliteStore};
use diesel::connection::SimpleConnection;
use diesel::{Connection, SqliteConnection};
use jiff::Timestamp;
use std::path::PathBuf;
use tempfile::TempDir;

pub struct TestDb {
    pub dir: TempDir,
    pub path: PathBuf,
    pub key: DataKey,
    pub store: SqliteStore,
    pub ports: Ports,
}

impl TestDb {
    pub fn database(&self) -> &Database {
        self.store.database()
    }

    /// A connection of the test's own, like another process would have.
    pub fn raw(&self) -> SqliteConnection {
        let mut conn = SqliteConnection::establish(self.path.to_str().unwrap()).unwrap();
        conn.batch_execute("PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;")
            .unwrap();
        conn
    }
}

pub fn test_db() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data").join("consulta.db");
    let key = DataKey::generate();
    let db = Database::open(&path, DatabaseOptions::with_data_key(key.clone())).unwrap();
    let store = SqliteStore::new(db).unwrap();
    let ports = store.ports();
    TestDb {
        dir,
        path,
        key,
        store,
        ports,
    }
}

pub fn patient(name: &str, email: &str, history: &str) -> NewPatient {
    NewPatient {
        name: PersonName::parse(name).unwrap(),
        email: Email::parse(email).unwrap(),
        phone: Phone::parse("+880 1711-234567").unwrap(),
        medical_history: MedicalHistory::parse(history).unwrap(),
        timezone: None,
    }
}

/// Any string will do: hashing is the web crate's business.
pub fn hash(label: &str) -> PasswordHash {
    PasswordHash::new(format!("$2b$04$test-hash-{label}"))
}

pub fn email(text: &str) -> Email {
    Email::parse(text).unwrap()
}

pub fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}
