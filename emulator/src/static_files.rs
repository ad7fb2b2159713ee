//! Serves the built app (`--static-dir`): files, precompressed `.br`/`.gz` siblings,
//! index.html for client-side routes, and the security and caching headers.

use std::path::Path;

use axum::extract::Request;
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower::ServiceBuilder;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// Headers every app response carries. The page's full policy is in index.html's meta
/// tag; `frame-ancestors` only works as a header.
const SECURITY_HEADERS: [(HeaderName, &str); 4] = [
    (header::CONTENT_SECURITY_POLICY, "frame-ancestors 'none'"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "no-referrer"),
];
/// Files whose name carries a content hash never change.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Everything else (index.html above all) is revalidated on every use.
const REVALIDATE: &str = "no-cache";

/// `router` with the app in `dir` as its fallback; unknown paths get index.html.
pub fn serve<S: Clone + Send + Sync + 'static>(router: Router<S>, dir: &Path) -> Router<S> {
    // index.html served for an unknown path is revalidated, whatever the path looks like.
    let index = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static(REVALIDATE),
        ))
        .service(ServeFile::new(dir.join("index.html")));
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index);
    router.fallback_service(
        ServiceBuilder::new()
            .layer(middleware::from_fn(add_headers))
            .service(files),
    )
}

async fn add_headers(request: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let found = response.status().is_success() || response.status().is_redirection();
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers.insert(name, HeaderValue::from_static(value));
    }
    // The body depends on Accept-Encoding wherever a precompressed sibling exists.
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(if hashed && found {
            IMMUTABLE
        } else {
            REVALIDATE
        }));
    response
}

/// Whether the file name carries a build hash as Trunk writes it: `-` and 8 to 16 hex
/// digits, then `.`, `_` or the end (`token-admin-1a2b3c4d5e6f7a8b_bg.wasm`).
fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.match_indices('-').any(|(at, _)| {
        let rest = &name[at + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
        (8..=16).contains(&digits)
            && matches!(rest.as_bytes().get(digits), None | Some(b'.' | b'_'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_recognised() {
        for hashed in [
            "/token-admin-1a2b3c4d5e6f7a8b_bg.wasm",
            "/token-admin-1a2b3c4d5e6f7a8b.js",
            "/style-00ff00ff00ff00ff.css",
            "/assets/icon-deadbeef.png",
        ] {
            assert!(is_hashed_asset(hashed), "{hashed}");
        }
        for plain in [
            "/",
            "/index.html",
            "/token-admin.js",
            "/tokens/openai-prod",
            "/token-admin-1a2b3c4d5e6f7a8b9_bg.wasm",
            "/token-admin-1a2b3c4_bg.wasm",
            "/x-1a2b3c4d5e6f7a8bz.js",
            "/1a2b3c4d5e6f7a8b/app.js",
        ] {
            assert!(!is_hashed_asset(plain), "{plain}");
        }
    }
}
