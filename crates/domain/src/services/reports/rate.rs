//! A share of a whole, kept as the two counts so no float decides a figure.

/// `part` of `whole`, e.g. 3 cancelled of 40 booked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub part: i64,
    pub whole: i64,
}

impl Rate {
    pub fn new(part: i64, whole: i64) -> Self {
        Self { part, whole }
    }

    /// Tenths of a percent, rounded half up; `None` of nothing.
    pub fn per_mille(&self) -> Option<i64> {
        (self.whole > 0).then(|| (self.part * 1000 + self.whole / 2) / self.whole)
    }

    /// "7.5 %", or "–" when there was nothing to count.
    pub fn percent_text(&self) -> String {
        match self.per_mille() {
            Some(tenths) => format!("{}.{} %", tenths / 10, tenths % 10),
            None => "–".to_owned(),
        }
    }
}
