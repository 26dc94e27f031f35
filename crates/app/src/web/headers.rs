//! Security headers on every answer: pages, the API, static files, errors and timeouts alike.
//!
//! The pages need nothing from elsewhere and nothing inline: no `<script>`
//! at all, styles only from `/assets/app.css`, images (if any) from the
//! site or `data:` URLs. So the policy allows
//! only this site, and a test keeps inline scripts and styles out of the
//! templates rather than opening the policy to `'unsafe-inline'`.

use axum::http::{HeaderName, HeaderValue, header};
use axum::response::Response;

/// The Content-Security-Policy of every answer: this site only, no
/// framing by anyone (clickjacking), forms post only here, no `<base>`.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The headers every answer carries, as (name, value).
pub fn security_headers() -> [(HeaderName, HeaderValue); 4] {
    [
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ),
        // For browsers that predate frame-ancestors.
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        // Case numbers and ids in our URLs never leave the site in a Referer.
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
    ]
}

/// Add [`security_headers`] to an answer (the outermost layer, so errors
/// made by inner layers — a timeout, a body too large — carry them too).
pub async fn add_security_headers(mut resp: Response) -> Response {
    let headers = resp.headers_mut();
    for (name, value) in security_headers() {
        headers.insert(name, value);
    }
    resp
}
