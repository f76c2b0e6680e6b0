//! Values templates share across pages: times in two zones, slots, doctors,
//! appointments, parsed ids and instants. No page imports another page; what
//! two pages show alike lives here.

pub mod appointments;
pub mod booking;
pub mod chart;
pub mod checkout;
pub mod csv;
pub mod doctors;
pub mod invoice;
pub mod invoice_pdf;
pub mod parse;
pub mod patient_zone;
pub mod payments;
pub mod report_tables;
pub mod slots;
pub mod times;
pub mod zones;
