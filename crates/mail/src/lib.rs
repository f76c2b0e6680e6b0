//! Outgoing mail: .eml files by default, and iCalendar invites.
