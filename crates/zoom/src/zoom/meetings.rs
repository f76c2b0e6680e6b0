//! The `MeetingProvider` port on Zoom's REST API: create (or find), update,
//! delete, and the host's start link.

use super::body::{CreateMeeting, MeetingAnswer, MeetingPage, Settings, StartLink, UpdateMeeting};
use super::client::ZoomMeetings;
use super::errors::{unreadable, Refusal, NO_SUCH_MEETING};
use super::marker::{agenda, carries};
use super::passcode::new_passcode;
use async_trait::async_trait;
use consulta_domain::model::AppointmentId;
use consulta_domain::ports::{Meeting, MeetingError, MeetingProvider, MeetingRequest};
use jiff::Timestamp;
use reqwest::{Method, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// `type=2`: a meeting at a fixed time.
const SCHEDULED: u8 = 2;

/// Zoom's largest page; a doctor rarely has more upcoming meetings than this.
const PAGE_SIZE: &str = "300";

/// A guard against a list whose `next_page_token` never runs out.
const MAX_PAGES: usize = 50;

#[async_trait]
impl MeetingProvider for ZoomMeetings {
    /// Adopts the meeting an earlier, unanswered create made (found by the
    /// agenda marker among the host's upcoming meetings), or makes one.
    async fn create_meeting(&self, request: &MeetingRequest) -> Result<Meeting, MeetingError> {
        if let Some(meeting) = self.find(request.appointment).await? {
            return Ok(meeting);
        }
        let passcode = new_passcode();
        let body = CreateMeeting {
            topic: &request.topic,
            kind: SCHEDULED,
            start_time: zoom_utc(request.starts_at),
            duration: request.minutes,
            timezone: &request.timezone,
            agenda: agenda(request.appointment),
            password: &passcode,
            settings: Settings::CONSULTATION,
        };
        let url = self.user_url(&["meetings"])?;
        let response = self
            .send(Method::POST, url, Some(&json(&body)?))
            .await?
            .map_err(|r| r.error)?;
        let answer: MeetingAnswer = read(response, "create meeting").await?;
        Ok(meeting(answer))
    }

    async fn update_meeting(
        &self,
        meeting_id: &str,
        request: &MeetingRequest,
    ) -> Result<(), MeetingError> {
        let body = UpdateMeeting {
            topic: &request.topic,
            start_time: zoom_utc(request.starts_at),
            duration: request.minutes,
            timezone: &request.timezone,
        };
        let url = self.meeting_url(meeting_number(meeting_id)?)?;
        self.send(Method::PATCH, url, Some(&json(&body)?))
            .await?
            .map_err(|r| r.error)?;
        Ok(())
    }

    /// A meeting Zoom no longer knows (code 3001) is already deleted.
    async fn delete_meeting(&self, meeting_id: &str) -> Result<(), MeetingError> {
        let url = self.meeting_url(meeting_number(meeting_id)?)?;
        match self.send(Method::DELETE, url, None).await? {
            Ok(_) => Ok(()),
            Err(Refusal {
                code: Some(NO_SUCH_MEETING),
                ..
            }) => Ok(()),
            Err(refusal) => Err(refusal.error),
        }
    }

    /// Fetched fresh each time: the link carries a host token that expires.
    async fn start_url(&self, meeting_id: &str) -> Result<String, MeetingError> {
        let url = self.meeting_url(meeting_number(meeting_id)?)?;
        let response = self
            .send(Method::GET, url, None)
            .await?
            .map_err(|r| r.error)?;
        let link: StartLink = read(response, "get meeting").await?;
        Ok(link.start_url)
    }
}

impl ZoomMeetings {
    /// The host's upcoming meeting whose agenda carries the appointment's
    /// marker, read back in full: the list leaves out the passcode.
    async fn find(&self, appointment: AppointmentId) -> Result<Option<Meeting>, MeetingError> {
        let Some(id) = self.find_id(appointment).await? else {
            return Ok(None);
        };
        match self.send(Method::GET, self.meeting_url(id)?, None).await? {
            Ok(response) => Ok(Some(meeting(read(response, "get meeting").await?))),
            // Deleted since it was listed: nothing to adopt after all.
            Err(Refusal {
                code: Some(NO_SUCH_MEETING),
                ..
            }) => Ok(None),
            Err(refusal) => Err(refusal.error),
        }
    }

    async fn find_id(&self, appointment: AppointmentId) -> Result<Option<i64>, MeetingError> {
        let mut page_token = String::new();
        for _ in 0..MAX_PAGES {
            let mut url = self.user_url(&["meetings"])?;
            {
                let mut query = url.query_pairs_mut();
                query
                    .append_pair("type", "upcoming")
                    .append_pair("page_size", PAGE_SIZE);
                if !page_token.is_empty() {
                    query.append_pair("next_page_token", &page_token);
                }
            }
            let response = self
                .send(Method::GET, url, None)
                .await?
                .map_err(|r| r.error)?;
            let page: MeetingPage = read(response, "list meetings").await?;
            let found = page.meetings.iter().find(|m| {
                m.agenda
                    .as_deref()
                    .is_some_and(|agenda| carries(agenda, appointment))
            });
            if let Some(listed) = found {
                return Ok(Some(listed.id));
            }
            match page.next_page_token {
                Some(next) if !next.is_empty() => page_token = next,
                _ => return Ok(None),
            }
        }
        Err(MeetingError::temporary(format!(
            "Zoom's meeting list did not end within {MAX_PAGES} pages"
        )))
    }
}

fn meeting(answer: MeetingAnswer) -> Meeting {
    Meeting {
        id: answer.id.to_string(),
        join_url: answer.join_url,
        passcode: answer.password.filter(|p| !p.is_empty()),
    }
}

/// UTC as Zoom reads it without a `timezone` lookup: `2026-01-05T04:00:00Z`,
/// no fraction (Zoom schedules to the second at best).
fn zoom_utc(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Meeting ids are int64 meeting numbers. Anything else (a Jitsi room name
/// kept from before the switch to Zoom) is refused before it reaches a URL.
fn meeting_number(meeting_id: &str) -> Result<i64, MeetingError> {
    meeting_id
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            MeetingError::Permanent(
                "not a Zoom meeting number (made by another meeting provider?)".into(),
            )
        })
}

fn json(body: &impl Serialize) -> Result<serde_json::Value, MeetingError> {
    serde_json::to_value(body)
        .map_err(|e| MeetingError::Permanent(format!("Zoom request body: {e}")))
}

async fn read<T: DeserializeOwned>(response: Response, what: &str) -> Result<T, MeetingError> {
    response.json().await.map_err(|e| unreadable(what, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_times_are_utc_to_the_second_with_a_z() {
        let at: Timestamp = "2026-01-05T10:00:00.250+06:00".parse().unwrap();
        assert_eq!(zoom_utc(at), "2026-01-05T04:00:00Z");
    }

    #[test]
    fn meeting_numbers_are_positive_integers_only() {
        assert_eq!(meeting_number("85746065432").unwrap(), 85746065432);
        for bad in [
            "",
            "Consulta-06edd60234a7d1ce",
            "12/../users",
            "-5",
            "0",
            "1.5",
        ] {
            assert!(meeting_number(bad).is_err(), "{bad:?}");
        }
    }
}
