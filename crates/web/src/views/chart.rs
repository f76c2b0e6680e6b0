//! A horizontal bar chart drawn on the server as SVG: one mark per row of a
//! report's table (its label, one or two bars, its value as text), read at a
//! glance and without JavaScript. Only the geometry is worked out here;
//! `templates/admin/_chart.html` draws it, escaping every label.

use minijinja::{context, Value};

/// Left column for the labels, the bars' full width, the value text after.
const LABEL_WIDTH: i64 = 200;
const BAR_WIDTH: i64 = 360;
const TEXT_WIDTH: i64 = 240;
const BAR_HEIGHT: i64 = 14;
const ROW_GAP: i64 = 8;
/// Longer labels are cut in the chart; the table beside it has them whole.
const LABEL_CHARS: usize = 28;

/// A bar's colour, each with enough contrast on white.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Primary,
    Warning,
}

impl Tone {
    fn class(self) -> &'static str {
        match self {
            Tone::Primary => "primary",
            Tone::Warning => "warning",
        }
    }

    fn fill(self) -> &'static str {
        match self {
            Tone::Primary => "#0b5ed7",
            Tone::Warning => "#a34700",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ChartRow {
    pub label: String,
    /// Each bar's value on the chart's one scale (negative values draw empty).
    pub bars: Vec<(i64, Tone)>,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Chart {
    pub title: String,
    /// One sentence for screen readers: what the bars measure.
    pub description: String,
    /// What each tone means, when there is more than one bar per row.
    pub legend: Vec<(Tone, &'static str)>,
    /// The scale reaches at least this (1000 for rates in tenths of a
    /// percent, so 100 % is always the full width); 0 for counts.
    pub scale_at_least: i64,
    pub rows: Vec<ChartRow>,
}

fn cut(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_owned()
    } else {
        let head: String = label.chars().take(LABEL_CHARS - 1).collect();
        format!("{head}…")
    }
}

impl Chart {
    /// The geometry the template draws.
    pub fn to_value(&self) -> Value {
        let max = self
            .rows
            .iter()
            .flat_map(|row| row.bars.iter().map(|(value, _)| *value))
            .max()
            .unwrap_or(0)
            .max(self.scale_at_least)
            .max(1);
        let mut y = ROW_GAP / 2;
        let rows: Vec<Value> = self
            .rows
            .iter()
            .map(|row| {
                let bars_height = BAR_HEIGHT * row.bars.len().max(1) as i64;
                let middle = y + bars_height / 2 + 4;
                let bars: Vec<Value> = row
                    .bars
                    .iter()
                    .enumerate()
                    .map(|(i, (value, tone))| {
                        let width = (value.max(&0) * BAR_WIDTH) / max;
                        context! {
                            x => LABEL_WIDTH,
                            y => y + BAR_HEIGHT * i as i64,
                            width => width.max(i64::from(*value > 0)),
                            height => BAR_HEIGHT - 2,
                            tone => tone.class(),
                            fill => tone.fill(),
                        }
                    })
                    .collect();
                let value = context! {
                    label => cut(&row.label),
                    full_label => row.label.clone(),
                    label_y => middle,
                    bars,
                    text => row.text.clone(),
                    text_x => LABEL_WIDTH + BAR_WIDTH + 8,
                    text_y => middle,
                };
                y += bars_height + ROW_GAP;
                value
            })
            .collect();
        context! {
            title => self.title.clone(),
            description => self.description.clone(),
            width => LABEL_WIDTH + BAR_WIDTH + TEXT_WIDTH,
            height => y.max(ROW_GAP),
            label_width => LABEL_WIDTH - 8,
            // Rates draw their bars over a pale full-width track: 100 %.
            track => self.scale_at_least > 0,
            bar_left => LABEL_WIDTH,
            bar_width => BAR_WIDTH,
            legend => self.legend.iter().map(|(tone, text)| context! {
                tone => tone.class(), fill => tone.fill(), text => *text,
            }).collect::<Vec<_>>(),
            rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_value_and_long_labels_are_cut() {
        let chart = Chart {
            title: "t".into(),
            description: "d".into(),
            legend: Vec::new(),
            scale_at_least: 0,
            rows: vec![
                ChartRow {
                    label: "A doctor with a very long name indeed".into(),
                    bars: vec![(4, Tone::Primary)],
                    text: "4".into(),
                },
                ChartRow {
                    label: "B".into(),
                    bars: vec![(1, Tone::Primary)],
                    text: "1".into(),
                },
            ],
        };
        let value = chart.to_value();
        let rows = value.get_attr("rows").unwrap_or_default();
        let first = rows.get_item_by_index(0).unwrap_or_default();
        let second = rows.get_item_by_index(1).unwrap_or_default();
        let width = |row: &Value| {
            row.get_attr("bars")
                .and_then(|b| b.get_item_by_index(0))
                .and_then(|b| b.get_attr("width"))
                .map(|w| w.to_string())
                .unwrap_or_default()
        };
        assert_eq!(width(&first), BAR_WIDTH.to_string());
        assert_eq!(width(&second), (BAR_WIDTH / 4).to_string());
        let label = first.get_attr("label").unwrap_or_default().to_string();
        assert_eq!(label.chars().count(), LABEL_CHARS);
        assert!(label.ends_with('…'));
    }
}
