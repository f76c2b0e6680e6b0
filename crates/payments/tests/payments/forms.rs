//! A wiremock matcher for form-encoded bodies: every listed field has its value.

use wiremock::{Match, Request};

pub struct FormHas(pub Vec<(&'static str, String)>);

pub fn form_has(fields: &[(&'static str, &str)]) -> FormHas {
    FormHas(fields.iter().map(|(k, v)| (*k, (*v).to_owned())).collect())
}

pub fn form(request: &Request) -> Vec<(String, String)> {
    url::form_urlencoded::parse(&request.body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

impl Match for FormHas {
    fn matches(&self, request: &Request) -> bool {
        let sent = form(request);
        self.0
            .iter()
            .all(|(k, v)| sent.iter().any(|(sk, sv)| sk == k && sv == v))
    }
}
