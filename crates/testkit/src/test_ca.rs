//! A throwaway certificate authority and a server certificate for
//! `localhost`, made fresh for each test run so nothing expires or leaks.

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};

pub struct ServerCertificate {
    /// The CA certificate a client must trust.
    pub ca_pem: String,
    pub certificate_pem: String,
    pub key_pem: String,
}

/// A CA and a certificate for `localhost` that it signed. The CA is separate
/// because webpki accepts only a CA as a trust anchor, not the server's own
/// certificate.
pub fn localhost_certificate() -> ServerCertificate {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    let certificate = CertificateParams::new(vec!["localhost".to_owned()])
        .unwrap()
        .signed_by(&key, &ca)
        .unwrap();
    ServerCertificate {
        ca_pem: ca.pem(),
        certificate_pem: certificate.pem(),
        key_pem: key.serialize_pem(),
    }
}
