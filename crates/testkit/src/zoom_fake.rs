//! A local Zoom (provider-contracts §1.10) on wiremock: the token endpoint, the
//! meeting calls with their state, and switchable faults.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The host user the fake knows; any other gets code 1001.
pub const HOST: &str = "dr.rahman@clinic.example";
pub const ACCOUNT_ID: &str = "AbCdEf123";
pub const CLIENT_ID: &str = "zoom_client_id";
pub const CLIENT_SECRET: &str = "zoom_client_secret";
/// The contract's test vector for `zoom_client_id:zoom_client_secret`.
pub const BASIC_HEADER: &str = "Basic em9vbV9jbGllbnRfaWQ6em9vbV9jbGllbnRfc2VjcmV0";
/// The first meeting number the fake hands out (from the contract's webhook example).
pub const FIRST_ID: i64 = 85746065432;
/// The passcode the fake's meetings carry, whatever the client asked for.
pub const FAKE_PASSCODE: &str = "Fk29xQ7zLm";

pub const DAILY_LIMIT_MESSAGE: &str = "You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.";

pub struct ZoomFake {
    pub server: MockServer,
    state: Arc<Mutex<State>>,
}

struct State {
    next_id: i64,
    meetings: BTreeMap<i64, Value>,
    issued: Vec<String>,
    /// Tokens `issued[..expired]` are answered with 401 code 124.
    expired: usize,
    token_lifetime: i64,
    token_delay: Duration,
    start_links: u64,
    page_size: usize,
    slow_next_create: Option<Duration>,
    /// While set, every REST call answers 503 (an outage).
    down: bool,
}

impl ZoomFake {
    pub async fn start() -> Self {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State {
            next_id: FIRST_ID,
            meetings: BTreeMap::new(),
            issued: Vec::new(),
            expired: 0,
            token_lifetime: 3599,
            token_delay: Duration::ZERO,
            start_links: 0,
            page_size: 300,
            slow_next_create: None,
            down: false,
        }));
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .respond_with(TokenEndpoint(state.clone()))
            .mount(&server)
            .await;
        Mock::given(path_regex("^/v2/"))
            .respond_with(Api(state.clone()))
            .mount(&server)
            .await;
        Self { server, state }
    }

    pub fn api_base(&self) -> String {
        format!("{}/v2", self.server.uri())
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap()
    }

    /// `expires_in` of the tokens handed out from now on.
    pub fn set_token_lifetime(&self, seconds: i64) {
        self.state().token_lifetime = seconds;
    }

    pub fn delay_tokens(&self, delay: Duration) {
        self.state().token_delay = delay;
    }

    /// Every token handed out so far now gets 401 code 124.
    pub fn expire_issued_tokens(&self) {
        let mut state = self.state();
        state.expired = state.issued.len();
    }

    pub fn set_page_size(&self, size: usize) {
        self.state().page_size = size;
    }

    /// The next create is recorded at once but answered after `delay`.
    pub fn slow_next_create(&self, delay: Duration) {
        self.state().slow_next_create = Some(delay);
    }

    /// An outage: while `down`, every REST call answers 503.
    pub fn set_down(&self, down: bool) {
        self.state().down = down;
    }

    /// A meeting made outside this test's client, e.g. by an earlier create.
    pub fn seed_meeting(&self, agenda: &str) -> i64 {
        let mut state = self.state();
        let body = json!({
            "topic": "Consultation",
            "type": 2,
            "start_time": "2026-01-05T04:00:00Z",
            "duration": 30,
            "timezone": "Asia/Dhaka",
            "agenda": agenda,
        });
        state.store(&body)
    }

    /// The meetings that exist (made and not deleted), by id.
    pub fn meetings(&self) -> Vec<(i64, Value)> {
        self.state()
            .meetings
            .iter()
            .map(|(id, m)| (*id, m.clone()))
            .collect()
    }

    pub fn meeting(&self, id: i64) -> Option<Value> {
        self.state().meetings.get(&id).cloned()
    }

    /// The next `method` call to a path matching `path_pattern` gets `answer`.
    pub async fn fail_next(&self, verb: &str, path_pattern: &str, answer: ResponseTemplate) {
        Mock::given(method(verb))
            .and(path_regex(path_pattern))
            .respond_with(answer)
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&self.server)
            .await;
    }

    pub async fn requests(&self, verb: &str, path_pattern: &str) -> Vec<Request> {
        let pattern = path_glob(path_pattern);
        self.server
            .received_requests()
            .await
            .unwrap_or_default()
            .into_iter()
            .filter(|r| r.method.as_str() == verb && pattern(r.url.path()))
            .collect()
    }

    pub async fn token_requests(&self) -> Vec<Request> {
        self.requests("POST", "/oauth/token").await
    }

    pub async fn creates(&self) -> Vec<Request> {
        self.requests("POST", "/v2/users/*/meetings").await
    }
}

/// A tiny glob for request paths: `*` stands for one segment.
fn path_glob(pattern: &str) -> impl Fn(&str) -> bool {
    let wanted: Vec<String> = pattern.split('/').map(str::to_owned).collect();
    move |path: &str| {
        let got: Vec<&str> = path.split('/').collect();
        got.len() == wanted.len() && wanted.iter().zip(&got).all(|(w, g)| w == "*" || w == g)
    }
}

impl State {
    fn store(&mut self, fields: &Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        let mut meeting = json!({
            "id": id,
            "uuid": format!("4444AAAiAAAAAiAiAiiAii{id}=="),
            "host_id": "z8yAAAAA8bbbQ",
            "host_email": HOST,
            "created_at": "2026-01-01T00:00:00Z",
            "join_url": format!("https://us05web.zoom.us/j/{id}?pwd=fakepwd{id}"),
            "password": FAKE_PASSCODE,
            "encrypted_password": format!("fakepwd{id}"),
            "status": "waiting",
        });
        for key in [
            "topic",
            "type",
            "start_time",
            "duration",
            "timezone",
            "agenda",
            "settings",
        ] {
            if let Some(value) = fields.get(key) {
                meeting[key] = value.clone();
            }
        }
        self.meetings.insert(id, meeting);
        id
    }

    fn start_link(&mut self, id: i64) -> String {
        self.start_links += 1;
        format!(
            "https://us05web.zoom.us/s/{id}?zak=fresh-host-token-{}",
            self.start_links
        )
    }
}

fn rest_error(status: u16, code: i64, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({ "code": code, "message": message }))
}

struct TokenEndpoint(Arc<Mutex<State>>);

impl Respond for TokenEndpoint {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let form: BTreeMap<String, String> = url::form_urlencoded::parse(&request.body)
            .into_owned()
            .collect();
        let basic = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok());
        if basic != Some(BASIC_HEADER)
            || form.get("account_id").map(String::as_str) != Some(ACCOUNT_ID)
        {
            return ResponseTemplate::new(400).set_body_string(
                r#"{"reason":"Invalid client_id or client_secret","error":"invalid_client"}"#,
            );
        }
        if form.get("grant_type").map(String::as_str) != Some("account_credentials") {
            return ResponseTemplate::new(400).set_body_string(
                r#"{"reason":"unsupported grant type","error":"unsupported_grant_type"}"#,
            );
        }
        let mut state = self.0.lock().unwrap();
        let token = format!("fake-access-token-{}", state.issued.len() + 1);
        state.issued.push(token.clone());
        ResponseTemplate::new(200)
            .set_body_json(json!({
                "access_token": token,
                "token_type": "bearer",
                "expires_in": state.token_lifetime,
                "scope": "meeting:write:meeting:admin meeting:update:meeting:admin meeting:delete:meeting:admin meeting:read:meeting:admin",
                "api_url": "https://api.zoom.us",
            }))
            .set_delay(state.token_delay)
    }
}

struct Api(Arc<Mutex<State>>);

impl Respond for Api {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = self.0.lock().unwrap();
        if state.down {
            return ResponseTemplate::new(503);
        }
        let bearer = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        match bearer.and_then(|t| state.issued.iter().position(|issued| issued == t)) {
            None => return rest_error(401, 124, "Invalid access token."),
            Some(i) if i < state.expired => {
                return rest_error(401, 124, "Access token is expired.")
            }
            Some(_) => {}
        }
        let segments: Vec<&str> = request
            .url
            .path_segments()
            .map(|s| s.collect())
            .unwrap_or_default();
        match (request.method.as_str(), segments.as_slice()) {
            (verb, ["v2", "users", user, "meetings"]) => {
                if *user != HOST {
                    return rest_error(404, 1001, &format!("User does not exist: {user}"));
                }
                if verb == "POST" {
                    let Ok(fields) = request.body_json::<Value>() else {
                        return rest_error(400, 300, "Request Body should be a valid JSON object.");
                    };
                    let delay = state.slow_next_create.take().unwrap_or_default();
                    let id = state.store(&fields);
                    let mut answer = state.meetings[&id].clone();
                    answer["start_url"] = json!(state.start_link(id));
                    ResponseTemplate::new(201)
                        .set_body_json(answer)
                        .set_delay(delay)
                } else {
                    list(&state, request)
                }
            }
            (verb, ["v2", "meetings", id]) => {
                let Ok(id) = id.parse::<i64>() else {
                    return rest_error(404, 3001, &format!("Meeting does not exist: {id}."));
                };
                if !state.meetings.contains_key(&id) {
                    return rest_error(404, 3001, &format!("Meeting does not exist: {id}."));
                }
                match verb {
                    "GET" => {
                        let mut answer = state.meetings[&id].clone();
                        answer["start_url"] = json!(state.start_link(id));
                        ResponseTemplate::new(200).set_body_json(answer)
                    }
                    "PATCH" => {
                        let Ok(Value::Object(fields)) = request.body_json::<Value>() else {
                            return rest_error(
                                400,
                                300,
                                "Request Body should be a valid JSON object.",
                            );
                        };
                        if let Some(meeting) = state.meetings.get_mut(&id) {
                            for (key, value) in fields {
                                meeting[key] = value;
                            }
                        }
                        ResponseTemplate::new(204)
                    }
                    "DELETE" => {
                        state.meetings.remove(&id);
                        ResponseTemplate::new(204)
                    }
                    _ => ResponseTemplate::new(405),
                }
            }
            _ => ResponseTemplate::new(404),
        }
    }
}

/// `GET /users/{userId}/meetings`: the meetings not deleted, `page_size` at a
/// time, `next_page_token` being the next offset ("" on the last page).
fn list(state: &State, request: &Request) -> ResponseTemplate {
    let query: BTreeMap<String, String> = request.url.query_pairs().into_owned().collect();
    if query.get("type").map(String::as_str) != Some("upcoming") {
        return rest_error(400, 300, "Validation Failed.");
    }
    let asked: usize = query
        .get("page_size")
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let size = asked.min(state.page_size);
    let from: usize = query
        .get("next_page_token")
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let all: Vec<Value> = state
        .meetings
        .values()
        .map(|m| {
            let mut item = json!({});
            for key in [
                "id",
                "uuid",
                "host_id",
                "topic",
                "type",
                "start_time",
                "duration",
                "timezone",
                "agenda",
                "created_at",
                "join_url",
            ] {
                if let Some(value) = m.get(key) {
                    item[key] = value.clone();
                }
            }
            item
        })
        .collect();
    let page: Vec<Value> = all.iter().skip(from).take(size).cloned().collect();
    let next = if from + size < all.len() {
        (from + size).to_string()
    } else {
        String::new()
    };
    ResponseTemplate::new(200).set_body_json(json!({
        "page_size": size,
        "total_records": all.len(),
        "next_page_token": next,
        "meetings": page,
    }))
}
