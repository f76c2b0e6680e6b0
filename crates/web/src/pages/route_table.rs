//! A router written as a table of (path, method, handler), so the routes it
//! serves can be listed: the role walk test calls every staff route from it.

use crate::state::AppState;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::Router;

pub struct RouteEntry {
    pub path: &'static str,
    pub method: Method,
    handler: MethodRouter<AppState>,
}

pub fn get<H, T>(path: &'static str, handler: H) -> RouteEntry
where
    H: Handler<T, AppState>,
    T: 'static,
{
    RouteEntry {
        path,
        method: Method::GET,
        handler: on(MethodFilter::GET, handler),
    }
}

pub fn post<H, T>(path: &'static str, handler: H) -> RouteEntry
where
    H: Handler<T, AppState>,
    T: 'static,
{
    RouteEntry {
        path,
        method: Method::POST,
        handler: on(MethodFilter::POST, handler),
    }
}

/// The router serving every entry (entries of one path share its route).
pub fn router_of(table: Vec<RouteEntry>) -> Router<AppState> {
    table.into_iter().fold(Router::new(), |router, entry| {
        router.route(entry.path, entry.handler)
    })
}

/// The (path, method) of every entry.
pub fn listing(table: &[RouteEntry]) -> Vec<(&'static str, Method)> {
    table.iter().map(|e| (e.path, e.method.clone())).collect()
}
