//! Channel paths with `{param}` segments, matched against request paths.
//!
//! ```text
//! /api/customer/{customer_id}/dashboard   matches   /api/customer/C-1001/dashboard
//!                                         giving    customer_id = "C-1001"
//! ```
//!
//! When several channel paths match a request, the most specific wins,
//! whatever their order in the file: comparing segments left to right, the
//! first place where one has a literal and the other a `{param}` decides for
//! the literal (`/api/orders/pending` wins over `/api/orders/{id}`).

use percent_encoding::percent_decode_str;

/// A parsed channel path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Param(String),
}

impl Route {
    /// Parses a path such as `/api/customer/{customer_id}`; the error says what is wrong.
    pub fn parse(path: &str) -> Result<Route, String> {
        let Some(rest) = path.strip_prefix('/') else {
            return Err(format!("channel path `{path}` must start with `/`"));
        };
        let mut segments = Vec::new();
        for raw in rest.split('/') {
            if let Some(name) = raw.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
                let valid =
                    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !valid {
                    return Err(format!(
                        "`{raw}` is not a valid path parameter (use letters, digits and `_`)"
                    ));
                }
                if segments.contains(&Segment::Param(name.to_owned())) {
                    return Err(format!("path parameter `{name}` appears twice"));
                }
                segments.push(Segment::Param(name.to_owned()));
            } else if raw.contains(['{', '}']) {
                return Err(format!(
                    "`{raw}`: a path parameter must be a whole segment, like `{{id}}`"
                ));
            } else {
                segments.push(Segment::Literal(raw.to_owned()));
            }
        }
        Ok(Route { segments })
    }

    /// The parameter names, in order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Param(name) => Some(name.as_str()),
            Segment::Literal(_) => None,
        })
    }

    /// The path with every parameter written `{}`: two routes with the same
    /// shape match exactly the same requests.
    pub fn shape(&self) -> String {
        let mut out = String::new();
        for segment in &self.segments {
            out.push('/');
            match segment {
                Segment::Literal(text) => out.push_str(text),
                Segment::Param(_) => out.push_str("{}"),
            }
        }
        out
    }

    /// Whether this route is preferred over `other` when both match a
    /// request: at the first segment where one is literal and the other a
    /// parameter, the literal one wins.
    pub fn more_specific_than(&self, other: &Route) -> bool {
        self.segments
            .iter()
            .zip(&other.segments)
            .find_map(|(a, b)| match (a, b) {
                (Segment::Literal(_), Segment::Param(_)) => Some(true),
                (Segment::Param(_), Segment::Literal(_)) => Some(false),
                _ => None,
            })
            .unwrap_or(false)
    }

    /// The decoded parameters when `path` matches.
    pub fn matches(&self, path: &str) -> Option<Vec<(String, String)>> {
        let rest = path.strip_prefix('/')?;
        let parts: Vec<&str> = rest.split('/').collect();
        if parts.len() != self.segments.len() {
            return None;
        }
        let mut params = Vec::new();
        for (segment, part) in self.segments.iter().zip(parts) {
            match segment {
                Segment::Literal(text) if text == part => {}
                Segment::Literal(_) => return None,
                Segment::Param(_) if part.is_empty() => return None,
                Segment::Param(name) => {
                    let value = percent_decode_str(part).decode_utf8().ok()?;
                    params.push((name.clone(), value.into_owned()));
                }
            }
        }
        Some(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_are_captured_and_decoded() {
        let r = Route::parse("/api/customer/{customer_id}/dashboard").unwrap();
        assert_eq!(
            r.matches("/api/customer/C%2D1/dashboard"),
            Some(vec![("customer_id".into(), "C-1".into())])
        );
        assert_eq!(r.matches("/api/customer//dashboard"), None);
        assert_eq!(r.matches("/api/customer/C-1"), None);
    }

    #[test]
    fn literal_segments_are_more_specific_than_parameters() {
        let param = Route::parse("/api/orders/{id}").unwrap();
        let literal = Route::parse("/api/orders/pending").unwrap();
        assert!(literal.more_specific_than(&param));
        assert!(!param.more_specific_than(&literal));
        assert_eq!(
            param.shape(),
            Route::parse("/api/orders/{x}").unwrap().shape()
        );
    }

    #[test]
    fn bad_paths_are_errors() {
        assert!(Route::parse("api").is_err());
        assert!(Route::parse("/a/{x}/{x}").is_err());
        assert!(Route::parse("/a/x{y}").is_err());
    }
}
