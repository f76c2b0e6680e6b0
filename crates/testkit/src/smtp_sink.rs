//! A real SMTP server on loopback (mailin-embedded), started once per test
//! binary, that keeps what it is sent and refuses by script.
//!
//! Tests run in parallel against the one server, so every script and every
//! look-up is keyed by recipient address: each test uses addresses of its own.
//! A second server offers STARTTLS and requires authentication.

use crate::test_ca::{localhost_certificate, ServerCertificate};
use mailin_embedded::response::{AUTH_OK, INVALID_CREDENTIALS, OK};
use mailin_embedded::{Action, AuthMechanism, Handler, Response, Server, SslConfig};
use std::collections::HashMap;
use std::net::{IpAddr, TcpListener};
use std::sync::{Arc, Mutex, OnceLock};

/// The one account of the STARTTLS server.
pub const USERNAME: &str = "consulta";
pub const PASSWORD: &str = "correct horse battery staple";

/// One message the server accepted with 250 after DATA.
#[derive(Debug, Clone)]
pub struct Delivered {
    /// MAIL FROM, as the server received it.
    pub envelope_from: String,
    /// Every RCPT TO of the transaction.
    pub envelope_to: Vec<String>,
    /// The message exactly as it arrived (dot-unstuffed).
    pub raw: Vec<u8>,
    /// Who logged in; mailin allows AUTH only after STARTTLS, so `Some`
    /// also means the session was encrypted.
    pub authenticated_as: Option<String>,
}

/// A scripted refusal: the next `remaining` times, answer `code text`.
struct Refusal {
    remaining: u32,
    code: u16,
    text: String,
}

impl Refusal {
    /// The reply to give now, if the refusal has not run out.
    fn take(&mut self) -> Option<Response> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        Some(Response::custom(self.code, self.text.clone()))
    }
}

#[derive(Default)]
struct Script {
    delivered: Vec<Delivered>,
    /// Recipient address → how its RCPT TO is refused.
    rcpt_refusals: HashMap<String, Refusal>,
    /// Recipient address → how the end of DATA is refused for it.
    data_refusals: HashMap<String, Refusal>,
    /// Recipient address → transactions that sent a whole message.
    attempts: HashMap<String, u32>,
}

pub struct Sink {
    port: u16,
    script: Arc<Mutex<Script>>,
    /// The CA to trust, for the STARTTLS server.
    ca_pem: Option<String>,
}

impl Sink {
    /// The plaintext server (no STARTTLS, no AUTH), started on the first call.
    pub fn get() -> &'static Sink {
        static SINK: OnceLock<Sink> = OnceLock::new();
        SINK.get_or_init(|| Sink::start(None))
    }

    /// The server that offers STARTTLS with a certificate for `localhost`
    /// and takes mail only after AUTH as [`USERNAME`], started on the first call.
    pub fn with_starttls() -> &'static Sink {
        static SINK: OnceLock<Sink> = OnceLock::new();
        SINK.get_or_init(|| Sink::start(Some(localhost_certificate())))
    }

    fn start(certificate: Option<ServerCertificate>) -> Sink {
        // Both rustls providers are built into the tests (lettre asks for
        // ring, mailin-embedded's rustls for aws-lc-rs), so rustls cannot pick
        // one for the server by itself.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let script = Arc::new(Mutex::new(Script::default()));
        let mut server = Server::new(Session::new(Arc::clone(&script)));
        server
            .with_name("sink.test")
            .with_num_threads(8)
            .with_tcp_listener(listener);
        let ca_pem = match certificate {
            None => {
                server.with_ssl(SslConfig::None).unwrap();
                None
            }
            Some(certificate) => {
                // mailin-embedded reads the files once, here; the directory
                // can go right after.
                let files = tempfile::tempdir().unwrap();
                let cert_path = files.path().join("cert.pem");
                let key_path = files.path().join("key.pem");
                std::fs::write(&cert_path, &certificate.certificate_pem).unwrap();
                std::fs::write(&key_path, &certificate.key_pem).unwrap();
                server
                    .with_ssl(SslConfig::SelfSigned {
                        cert_path: cert_path.display().to_string(),
                        key_path: key_path.display().to_string(),
                    })
                    .unwrap()
                    .with_auth(AuthMechanism::Plain)
                    .with_auth(AuthMechanism::Login);
                Some(certificate.ca_pem)
            }
        };
        // Runs until the test binary exits; a server that stops is a failed run.
        std::thread::spawn(move || {
            if let Err(e) = server.serve() {
                panic!("the SMTP sink stopped: {e}");
            }
        });
        Sink {
            port,
            script,
            ca_pem,
        }
    }

    /// The CA certificate (PEM) that signed the STARTTLS server's certificate.
    pub fn ca_pem(&self) -> &str {
        self.ca_pem.as_deref().unwrap()
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Answers RCPT TO `address` with `code text` (e.g. 550, or 451 as a
    /// greylisting server does) the next `times` times, then accepts it.
    pub fn refuse_rcpt(&self, address: &str, times: u32, code: u16, text: &str) {
        let refusal = Refusal {
            remaining: times,
            code,
            text: text.to_owned(),
        };
        self.lock()
            .rcpt_refusals
            .insert(address.to_owned(), refusal);
    }

    /// Answers the end of DATA with `code text` for the next `times`
    /// transactions to `address`, then accepts again. The server closes the
    /// connection after such a refusal (see `Session::data_end`).
    pub fn refuse_data(&self, address: &str, times: u32, code: u16, text: &str) {
        let refusal = Refusal {
            remaining: times,
            code,
            text: text.to_owned(),
        };
        self.lock()
            .data_refusals
            .insert(address.to_owned(), refusal);
    }

    /// The messages accepted for `address`, oldest first.
    pub fn delivered_to(&self, address: &str) -> Vec<Delivered> {
        self.lock()
            .delivered
            .iter()
            .filter(|d| d.envelope_to.iter().any(|to| to == address))
            .cloned()
            .collect()
    }

    /// How many transactions to `address` sent a whole message.
    pub fn attempts_for(&self, address: &str) -> u32 {
        self.lock().attempts.get(address).copied().unwrap_or(0)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Script> {
        self.script.lock().unwrap()
    }
}

/// One SMTP connection's state; mailin-embedded clones a fresh one per
/// connection from the one given to the server.
#[derive(Clone)]
struct Session {
    script: Arc<Mutex<Script>>,
    envelope_from: String,
    envelope_to: Vec<String>,
    raw: Vec<u8>,
    authenticated_as: Option<String>,
}

impl Session {
    fn new(script: Arc<Mutex<Script>>) -> Self {
        Self {
            script,
            envelope_from: String::new(),
            envelope_to: Vec::new(),
            raw: Vec::new(),
            authenticated_as: None,
        }
    }

    fn log_in(&mut self, username: &str, password: &str) -> Response {
        if username == USERNAME && password == PASSWORD {
            self.authenticated_as = Some(username.to_owned());
            AUTH_OK
        } else {
            INVALID_CREDENTIALS
        }
    }
}

impl Handler for Session {
    fn mail(&mut self, _ip: IpAddr, _domain: &str, from: &str) -> Response {
        self.envelope_from = from.to_owned();
        self.envelope_to.clear();
        self.raw.clear();
        OK
    }

    fn rcpt(&mut self, to: &str) -> Response {
        let mut script = self.script.lock().unwrap();
        if let Some(refused) = script.rcpt_refusals.get_mut(to).and_then(Refusal::take) {
            return refused;
        }
        self.envelope_to.push(to.to_owned());
        OK
    }

    fn auth_plain(
        &mut self,
        _authorization_id: &str,
        authentication_id: &str,
        password: &str,
    ) -> Response {
        self.log_in(authentication_id, password)
    }

    fn auth_login(&mut self, username: &str, password: &str) -> Response {
        self.log_in(username, password)
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.raw.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let mut script = self.script.lock().unwrap();
        for to in &self.envelope_to {
            *script.attempts.entry(to.clone()).or_default() += 1;
        }
        for to in &self.envelope_to {
            if let Some(mut refused) = script.data_refusals.get_mut(to).and_then(Refusal::take) {
                // mailin stays in its DATA state after refusing a message, so
                // the next command (QUIT) would be read as message text; closing
                // the connection, as some servers do, keeps the client from hanging.
                refused.action = Action::Close;
                return refused;
            }
        }
        script.delivered.push(Delivered {
            envelope_from: self.envelope_from.clone(),
            envelope_to: self.envelope_to.clone(),
            raw: std::mem::take(&mut self.raw),
            authenticated_as: self.authenticated_as.clone(),
        });
        OK
    }
}
