//! Channel authentication (checked in constant time) and the credentials sent
//! on outgoing calls.
//!
//! ```toml
//! [[channels]]
//! auth = { api_key = { header = "X-API-Key", value = "abc" } }
//! # or: auth = { basic = { username = "api", password = "${HARNESS_API_PASSWORD:-secret}" } }
//!
//! [connections.crm]
//! auth = { bearer = { token = "${CRM_TOKEN:-t}" } }   # or api_key / basic
//! ```

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use http::HeaderMap;
use subtle::ConstantTimeEq;

use super::channel_config::ChannelAuth;
use super::config::OutgoingAuth;

/// Why a request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthFailure {
    /// A sentence for the JSON error body.
    pub message: String,
    /// The `WWW-Authenticate` challenge, for Basic Auth.
    pub challenge: Option<&'static str>,
}

/// Checks the request headers against a channel's `auth`.
pub fn check(auth: &ChannelAuth, headers: &HeaderMap) -> Result<(), AuthFailure> {
    match auth {
        ChannelAuth::ApiKey { header, value } => {
            let given = headers.get(header.as_str()).map(|v| v.as_bytes());
            match given {
                Some(given) if same(given, value.as_bytes()) => Ok(()),
                Some(_) => Err(failure(
                    format!("invalid API key in header `{header}`"),
                    None,
                )),
                None => Err(failure(format!("missing API key header `{header}`"), None)),
            }
        }
        ChannelAuth::Basic { username, password } => {
            let challenge = Some("Basic realm=\"harness\"");
            let Some(credentials) = basic_credentials(headers) else {
                return Err(failure(
                    "missing or malformed Basic credentials".into(),
                    challenge,
                ));
            };
            let expected = format!("{username}:{password}");
            if same(&credentials, expected.as_bytes()) {
                Ok(())
            } else {
                Err(failure("invalid user name or password".into(), challenge))
            }
        }
    }
}

fn failure(message: String, challenge: Option<&'static str>) -> AuthFailure {
    AuthFailure { message, challenge }
}

/// Constant-time equality (the length is not secret).
fn same(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len() && bool::from(given.ct_eq(expected))
}

/// The decoded `user:password` of an `Authorization: Basic ...` header.
fn basic_credentials(headers: &HeaderMap) -> Option<Vec<u8>> {
    let value = headers.get(http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    STANDARD.decode(encoded.trim()).ok()
}

/// Who the caller is, for quotas and caches kept `per = "caller"`: the
/// credentials the channel checked (an API key is kept only as a hash, a Basic
/// Auth user by name), else the client's address. Call it once `check` passed.
pub fn identity(auth: Option<&ChannelAuth>, headers: &HeaderMap, address: &str) -> String {
    match auth {
        Some(ChannelAuth::ApiKey { header, .. }) => {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            headers
                .get(header.as_str())
                .map(|v| v.as_bytes())
                .hash(&mut hasher);
            format!("key:{:016x}", hasher.finish())
        }
        Some(ChannelAuth::Basic { .. }) => basic_credentials(headers)
            .and_then(|c| {
                let text = String::from_utf8_lossy(&c).into_owned();
                text.split_once(':').map(|(user, _)| format!("user:{user}"))
            })
            .unwrap_or_else(|| format!("addr:{address}")),
        None => format!("addr:{address}"),
    }
}

/// Adds a connection's credentials to an outgoing request.
pub fn apply(
    request: reqwest::RequestBuilder,
    auth: Option<&OutgoingAuth>,
) -> reqwest::RequestBuilder {
    match auth {
        None => request,
        Some(OutgoingAuth::ApiKey { header, value }) => {
            request.header(header.as_str(), value.as_str())
        }
        Some(OutgoingAuth::Basic { username, password }) => {
            request.basic_auth(username, Some(password))
        }
        Some(OutgoingAuth::Bearer { token }) => request.bearer_auth(token),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(name: &'static str, value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn api_key_must_match_exactly() {
        let auth = ChannelAuth::ApiKey {
            header: "X-API-Key".into(),
            value: "abc".into(),
        };
        assert!(check(&auth, &headers("x-api-key", "abc")).is_ok());
        assert!(check(&auth, &headers("x-api-key", "abd")).is_err());
        assert!(check(&auth, &HeaderMap::new()).is_err());
    }

    #[test]
    fn identity_is_the_checked_credential_or_the_address() {
        let key = ChannelAuth::ApiKey {
            header: "X-API-Key".into(),
            value: "abc".into(),
        };
        let id = identity(Some(&key), &headers("x-api-key", "abc"), "127.0.0.1");
        assert!(id.starts_with("key:") && !id.contains("abc"), "{id}");
        let basic = ChannelAuth::Basic {
            username: "api".into(),
            password: "secret".into(),
        };
        let given = format!("Basic {}", STANDARD.encode("api:secret"));
        assert_eq!(
            identity(Some(&basic), &headers("authorization", &given), "127.0.0.1"),
            "user:api"
        );
        assert_eq!(
            identity(None, &HeaderMap::new(), "10.1.2.3"),
            "addr:10.1.2.3"
        );
    }

    #[test]
    fn basic_credentials_are_decoded_and_compared() {
        let auth = ChannelAuth::Basic {
            username: "api".into(),
            password: "secret".into(),
        };
        let good = format!("Basic {}", STANDARD.encode("api:secret"));
        let bad = format!("Basic {}", STANDARD.encode("api:nope"));
        assert!(check(&auth, &headers("authorization", &good)).is_ok());
        let err = check(&auth, &headers("authorization", &bad)).unwrap_err();
        assert_eq!(err.challenge, Some("Basic realm=\"harness\""));
    }
}
