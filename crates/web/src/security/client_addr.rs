//! The client's address: the socket peer, or the last X-Forwarded-For hop when the
//! peer is a proxy named in `server.trusted_proxies`.

use axum::http::HeaderMap;
use std::net::{IpAddr, SocketAddr};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddr(pub String);

impl ClientAddr {
    pub fn resolve(peer: Option<SocketAddr>, headers: &HeaderMap, trusted: &[IpAddr]) -> Self {
        let Some(peer) = peer.map(|p| p.ip()) else {
            return Self("unknown".into());
        };
        if trusted.contains(&peer) {
            let forwarded = headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .filter_map(|hop| hop.trim().parse::<IpAddr>().ok())
                .next_back();
            if let Some(client) = forwarded {
                return Self(client.to_string());
            }
        }
        Self(peer.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "6.6.6.6, 203.0.113.9".parse().unwrap());
        let proxy: SocketAddr = "10.0.0.2:4000".parse().unwrap();
        let trusted = ["10.0.0.2".parse().unwrap()];
        assert_eq!(
            ClientAddr::resolve(Some(proxy), &headers, &trusted).0,
            "203.0.113.9"
        );
        assert_eq!(
            ClientAddr::resolve(Some(proxy), &headers, &[]).0,
            "10.0.0.2"
        );
    }
}
