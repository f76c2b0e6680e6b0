//! Each admin report as one table (its header and rows, the same cells on the
//! page and in the CSV) and the chart of that table, one mark per row.

use super::chart::{Chart, ChartRow, Tone};
use consulta_domain::model::Money;
use consulta_domain::services::reports::{
    DayCount, DoctorAppointments, OutcomeLine, Outcomes, RevenueLine, Utilisation,
};

pub struct ReportTable {
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
    pub chart: Chart,
}

/// "1500.00": the amount in major units without grouping, as a spreadsheet reads it.
pub fn plain_amount(money: &Money) -> String {
    let exponent = money.currency().exponent();
    let scale = 10_i64.pow(exponent);
    let sign = if money.minor() < 0 { "-" } else { "" };
    let abs = money.minor().unsigned_abs();
    let (whole, frac) = (abs / scale as u64, abs % scale as u64);
    if exponent == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{frac:0width$}", width = exponent as usize)
    }
}

fn count_text(n: i64) -> String {
    format!("{n} appointment{}", if n == 1 { "" } else { "s" })
}

fn one_bar(label: String, value: i64, text: String) -> ChartRow {
    ChartRow {
        label,
        bars: vec![(value, Tone::Primary)],
        text,
    }
}

pub fn appointments_per_day(days: &[DayCount]) -> ReportTable {
    ReportTable {
        header: vec!["date", "appointments"],
        rows: days
            .iter()
            .map(|d| vec![d.day.to_string(), d.count.to_string()])
            .collect(),
        chart: Chart {
            title: "Appointments per day".into(),
            description: "One bar per day of the range, as long as its number of confirmed, completed and no-show appointments.".into(),
            legend: Vec::new(),
            scale_at_least: 0,
            rows: days
                .iter()
                .map(|d| {
                    one_bar(
                        d.day.strftime("%a %-d %b %Y").to_string(),
                        d.count,
                        count_text(d.count),
                    )
                })
                .collect(),
        },
    }
}

pub fn appointments_per_doctor(doctors: &[DoctorAppointments]) -> ReportTable {
    ReportTable {
        header: vec!["doctor", "appointments"],
        rows: doctors
            .iter()
            .map(|d| vec![d.name.clone(), d.count.to_string()])
            .collect(),
        chart: Chart {
            title: "Appointments per doctor".into(),
            description: "One bar per doctor, as long as their number of confirmed, completed and no-show appointments in the range.".into(),
            legend: Vec::new(),
            scale_at_least: 0,
            rows: doctors
                .iter()
                .map(|d| one_bar(d.name.clone(), d.count, count_text(d.count)))
                .collect(),
        },
    }
}

pub fn revenue(lines: &[RevenueLine]) -> ReportTable {
    ReportTable {
        header: vec!["month", "provider", "currency", "paid", "refunded", "net"],
        rows: lines
            .iter()
            .map(|l| {
                vec![
                    l.month.clone(),
                    l.provider.clone(),
                    l.net.currency().code().to_owned(),
                    plain_amount(&l.paid),
                    plain_amount(&l.refunded),
                    plain_amount(&l.net),
                ]
            })
            .collect(),
        chart: Chart {
            title: "Net revenue per month and provider".into(),
            description: "One bar per month, provider and currency, as long as the money paid in that month less the refunds made in it; bars of different currencies share one scale of minor units.".into(),
            legend: Vec::new(),
            scale_at_least: 0,
            rows: lines
                .iter()
                .map(|l| {
                    one_bar(
                        format!("{} {}", l.month, l.provider),
                        l.net.minor(),
                        format!("{} net ({} refunded)", l.net.display(), l.refunded.display()),
                    )
                })
                .collect(),
        },
    }
}

fn outcome_cells(line: &OutcomeLine) -> Vec<String> {
    vec![
        line.name.clone(),
        line.booked.to_string(),
        line.cancelled.to_string(),
        line.cancellation.percent_text(),
        line.completed.to_string(),
        line.no_show.to_string(),
        line.no_show_rate.percent_text(),
    ]
}

fn outcome_bar(line: &OutcomeLine) -> ChartRow {
    ChartRow {
        label: line.name.clone(),
        bars: vec![
            (line.cancellation.per_mille().unwrap_or(0), Tone::Primary),
            (line.no_show_rate.per_mille().unwrap_or(0), Tone::Warning),
        ],
        text: format!(
            "{} cancelled, {} no-show",
            line.cancellation.percent_text(),
            line.no_show_rate.percent_text()
        ),
    }
}

pub fn cancellations(outcomes: &Outcomes) -> ReportTable {
    let lines: Vec<&OutcomeLine> = outcomes
        .doctors
        .iter()
        .chain(std::iter::once(&outcomes.overall))
        .collect();
    ReportTable {
        header: vec![
            "doctor",
            "booked",
            "cancelled",
            "cancellation_rate",
            "completed",
            "no_show",
            "no_show_rate",
        ],
        rows: lines.iter().map(|l| outcome_cells(l)).collect(),
        chart: Chart {
            title: "Cancellation and no-show rates".into(),
            description: "Two bars per doctor and one pair for all doctors: the share of bookings cancelled, and the share of due appointments the patient missed.".into(),
            legend: vec![
                (Tone::Primary, "cancelled, of all bookings"),
                (Tone::Warning, "no-show, of appointments that were due"),
            ],
            scale_at_least: 1000,
            rows: lines.iter().map(|l| outcome_bar(l)).collect(),
        },
    }
}

fn hours_text(minutes: i64) -> String {
    format!("{}h{:02}", minutes / 60, minutes % 60)
}

pub fn utilisation(lines: &[Utilisation]) -> ReportTable {
    ReportTable {
        header: vec!["doctor", "offered_minutes", "booked_minutes", "utilisation"],
        rows: lines
            .iter()
            .map(|u| {
                vec![
                    u.name.clone(),
                    u.offered_minutes.to_string(),
                    u.booked_minutes.to_string(),
                    u.rate.percent_text(),
                ]
            })
            .collect(),
        chart: Chart {
            title: "Utilisation per doctor".into(),
            description: "One bar per doctor, as long as the share of their offered slot time that was booked.".into(),
            legend: Vec::new(),
            scale_at_least: 1000,
            rows: lines
                .iter()
                .map(|u| {
                    one_bar(
                        u.name.clone(),
                        u.rate.per_mille().unwrap_or(0),
                        format!(
                            "{} ({} of {})",
                            u.rate.percent_text(),
                            hours_text(u.booked_minutes),
                            hours_text(u.offered_minutes)
                        ),
                    )
                })
                .collect(),
        },
    }
}
