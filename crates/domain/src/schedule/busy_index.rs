//! Sorted, merged busy ranges of instants, answering "does this slot overlap any?" quickly.

use jiff::Timestamp;

/// Disjoint `[start, end)` ranges sorted by start (so their ends are sorted too).
#[derive(Debug, Clone, Default)]
pub(super) struct BusyIndex {
    ranges: Vec<(Timestamp, Timestamp)>,
}

impl BusyIndex {
    pub(super) fn new(mut ranges: Vec<(Timestamp, Timestamp)>) -> Self {
        ranges.retain(|(start, end)| start < end);
        ranges.sort();
        let mut merged: Vec<(Timestamp, Timestamp)> = Vec::with_capacity(ranges.len());
        for (start, end) in ranges {
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        Self { ranges: merged }
    }

    /// Whether `[start, end)` shares any instant with a busy range.
    pub(super) fn overlaps(&self, start: Timestamp, end: Timestamp) -> bool {
        let first_ending_after = self.ranges.partition_point(|range| range.1 <= start);
        self.ranges
            .get(first_ending_after)
            .is_some_and(|range| range.0 < end)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn t(minute: i64) -> Timestamp {
        Timestamp::from_second(minute * 60).unwrap()
    }

    #[test]
    fn touching_is_not_overlapping_and_merged_ranges_still_answer() {
        let index = BusyIndex::new(vec![(t(30), t(40)), (t(10), t(20)), (t(15), t(25))]);
        assert!(!index.overlaps(t(0), t(10)), "ends where busy starts");
        assert!(!index.overlaps(t(25), t(30)), "between ranges");
        assert!(index.overlaps(t(24), t(26)), "inside the merged range");
        assert!(index.overlaps(t(39), t(50)), "tail of the last range");
        assert!(!index.overlaps(t(40), t(50)), "starts where busy ends");
        assert!(index.overlaps(t(0), t(100)), "covers everything");
    }
}
