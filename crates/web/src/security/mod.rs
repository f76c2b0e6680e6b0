//! Request-level security and bookkeeping: request ids, headers, sessions, CSRF,
//! the client's address, and the error pages.

mod client_addr;
mod cookies;
mod csrf;
mod error_pages;
mod flash;
mod headers;
mod request_id;
mod session;
mod visitor;

pub use cookies::clear_session_cookie;
pub use error_pages::render_error_pages;
pub use flash::{redirect_with_flash, Flash};
pub use headers::{security_headers, RazorpayCheckoutPage};
pub use request_id::assign_request_id;
pub use session::{rotate_session, start_session};
pub use visitor::{
    resolve_visitor, AdminUser, DoctorUser, NavVisitor, PatientUser, StaffUser, Visitor,
};
