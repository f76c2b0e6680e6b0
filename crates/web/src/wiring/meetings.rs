//! The meeting provider: Jitsi (the default, no account) or Zoom.

use super::missing;
use crate::config::{ConfigError, MeetingProvider as Choice, Settings};
use crate::data_key::load_data_key;
use crate::startup::StartupError;
use consulta_domain::ports::MeetingProvider;
use consulta_zoom::{
    JitsiMeetings, ZoomConfig, ZoomMeetings, DEFAULT_JITSI_URL, DEFAULT_ZOOM_TIMEOUT,
};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use std::sync::Arc;

pub fn meeting_provider(settings: &Settings) -> Result<Arc<dyn MeetingProvider>, StartupError> {
    match settings.meetings.provider {
        Choice::Jitsi => {
            // Rooms derive from the data key, so links survive restarts and
            // cannot be guessed.
            let key = load_data_key(settings)?;
            let mut hasher = Sha256::new();
            hasher.update(b"consulta-jitsi-rooms-v1:");
            hasher.update(key.to_base64().expose_secret().as_bytes());
            let secret: [u8; 32] = hasher.finalize().into();
            Ok(Arc::new(JitsiMeetings::new(
                DEFAULT_JITSI_URL.to_owned(),
                secret,
            )))
        }
        Choice::Zoom => Ok(Arc::new(zoom(settings)?)),
    }
}

fn zoom(settings: &Settings) -> Result<ZoomMeetings, StartupError> {
    let zoom = &settings.zoom;
    let because = "when meetings.provider is \"zoom\"";
    let secret = |key: &str, value: &crate::config::Secret| {
        if value.is_empty() {
            Err(missing(key, because))
        } else {
            Ok(SecretString::from(value.expose().to_owned()))
        }
    };
    let account_id = secret(
        "zoom.account_id (CONSULTA_ZOOM__ACCOUNT_ID)",
        &zoom.account_id,
    )?;
    let client_id = secret("zoom.client_id (CONSULTA_ZOOM__CLIENT_ID)", &zoom.client_id)?;
    let client_secret = secret(
        "zoom.client_secret (CONSULTA_ZOOM__CLIENT_SECRET)",
        &zoom.client_secret,
    )?;
    if zoom.user.trim().is_empty() {
        return Err(missing("zoom.user (CONSULTA_ZOOM__USER)", because).into());
    }
    let config = ZoomConfig {
        api_base: zoom.api_base.clone(),
        oauth_base: zoom.oauth_base.clone(),
        timeout: DEFAULT_ZOOM_TIMEOUT,
        ..ZoomConfig::new(
            account_id,
            client_id,
            client_secret,
            zoom.user.trim().to_owned(),
        )
    };
    ZoomMeetings::new(config).map_err(|e| StartupError::Config(ConfigError(format!("`zoom`: {e}"))))
}
