//! `METHOD PATH` as the runner's steps name an endpoint: `GET /accounts/123456`,
//! `POST /balance/get?USER=anna`, `ANY /api/customers/*/profile`.
//!
//! * the method is compared case-insensitively; `ANY` or `*` is any method;
//! * the path is compared exactly, except that a `*` segment stands for any one
//!   segment;
//! * a query in the route (`?USER=anna`) must be present in the request (other
//!   parameters may be there too); no query in the route means any query.

/// A `METHOD PATH` pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    method: Option<String>,
    segments: Vec<String>,
    query: Vec<(String, String)>,
}

impl Route {
    /// A route from a method (`GET`, `ANY`, `*`) and a path (with an optional query).
    pub fn new(method: &str, path: &str) -> Self {
        let method = method.trim().to_ascii_uppercase();
        let method = (!(method.is_empty() || method == "ANY" || method == "*")).then_some(method);
        let (path, query) = path.trim().split_once('?').unwrap_or((path.trim(), ""));
        Self {
            method,
            segments: split_path(path),
            query: url::form_urlencoded::parse(query.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        }
    }

    /// Any method, any path.
    pub fn any() -> Self {
        Self::new("ANY", "*")
    }

    /// Whether a request with this method, path and raw query is on this route.
    pub fn matches(&self, method: &str, path: &str, query: Option<&str>) -> bool {
        if let Some(m) = &self.method
            && !m.eq_ignore_ascii_case(method)
        {
            return false;
        }
        let any_path = self.segments.len() == 1 && self.segments[0] == "*";
        if !any_path {
            let segments = split_path(path);
            if segments.len() != self.segments.len()
                || !self
                    .segments
                    .iter()
                    .zip(&segments)
                    .all(|(want, got)| want == "*" || want == got)
            {
                return false;
            }
        }
        if self.query.is_empty() {
            return true;
        }
        let pairs: Vec<(String, String)> =
            url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
        self.query.iter().all(|want| pairs.contains(want))
    }
}

fn split_path(path: &str) -> Vec<String> {
    let decoded = percent_decode(path.trim_end_matches('/'));
    decoded.split('/').map(str::to_owned).collect()
}

fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_route_matches_method_path_wildcards_and_query_subsets() {
        let r = Route::new("get", "/api/customers/*/profile");
        assert!(r.matches("GET", "/api/customers/C-1001/profile", None));
        assert!(!r.matches("POST", "/api/customers/C-1001/profile", None));
        assert!(!r.matches("GET", "/api/customers/C-1001", None));
        let q = Route::new("POST", "/balance/get?USER=anna");
        assert!(q.matches("POST", "/balance/get", Some("USER=anna&x=1")));
        assert!(!q.matches("POST", "/balance/get", Some("USER=boris")));
        assert!(Route::any().matches("DELETE", "/x/y", None));
    }
}
