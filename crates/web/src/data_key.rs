//! Where the key that encrypts medical histories comes from: CONSULTA_DATA_KEY,
//! or (for the embedded default only) a key generated once under the data directory.

use crate::config::{ConfigError, Settings};
use consulta_persistence::DataKey;
use secrecy::ExposeSecret;
use std::path::PathBuf;

pub const DATA_KEY_FILE: &str = "data.key";

/// Where the key lives, to tell an operator what to keep with a backup.
pub fn describe_key_location(settings: &Settings) -> String {
    if settings.data_key.is_empty() {
        format!("the file {}", key_file(settings).display())
    } else {
        "the CONSULTA_DATA_KEY environment variable".into()
    }
}

fn key_file(settings: &Settings) -> PathBuf {
    settings.data_dir.join(DATA_KEY_FILE)
}

pub fn load_data_key(settings: &Settings) -> Result<DataKey, ConfigError> {
    if !settings.data_key.is_empty() {
        return DataKey::from_base64(settings.data_key.expose().trim())
            .map_err(|e| ConfigError(format!("`data_key` (CONSULTA_DATA_KEY): {e}")));
    }
    let path = key_file(settings);
    if path.exists() {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| ConfigError(format!("`data_key`: cannot read {}: {e}", path.display())))?;
        return DataKey::from_base64(text.trim()).map_err(|e| {
            ConfigError(format!(
                "`data_key`: {} is not a valid key: {e}",
                path.display()
            ))
        });
    }
    let key = DataKey::generate();
    std::fs::create_dir_all(&settings.data_dir).map_err(|e| {
        ConfigError(format!(
            "`data_dir`: cannot create {}: {e}",
            settings.data_dir.display()
        ))
    })?;
    write_private(&path, key.to_base64().expose_secret())
        .map_err(|e| ConfigError(format!("`data_key`: cannot write {}: {e}", path.display())))?;
    tracing::warn!(
        path = %path.display(),
        "generated a new data key for medical histories; back this file up with the database, \
         and set CONSULTA_DATA_KEY in production"
    );
    Ok(key)
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

/// A secret Consulta generates for itself once, kept in `data_dir/<file>`
/// beside the data key (the simulated gateway's webhook secret).
pub fn generated_secret(settings: &Settings, file: &str) -> Result<String, ConfigError> {
    let path = settings.data_dir.join(file);
    if path.exists() {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| ConfigError(format!("cannot read {}: {e}", path.display())))?;
        let text = text.trim().to_owned();
        if text.len() < 32 {
            return Err(ConfigError(format!(
                "{} is too short to be a secret; delete it to make a new one",
                path.display()
            )));
        }
        return Ok(text);
    }
    std::fs::create_dir_all(&settings.data_dir).map_err(|e| {
        ConfigError(format!(
            "`data_dir`: cannot create {}: {e}",
            settings.data_dir.display()
        ))
    })?;
    let secret = crate::support::random_token();
    match write_private(&path, &secret) {
        Ok(()) => Ok(secret),
        // Another start-up wrote it first: read theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => generated_secret(settings, file),
        Err(e) => Err(ConfigError(format!("cannot write {}: {e}", path.display()))),
    }
}
