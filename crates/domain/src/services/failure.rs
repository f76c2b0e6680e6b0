//! The cause behind a use case's `Unexpected` error, kept whole: the log shows
//! its chain of sources, while pages only say that something went wrong.

/// Any failure a use case cannot explain to the person who asked (storage,
/// hashing, a corrupt row). Its text is for the log, never for a page.
pub type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;
