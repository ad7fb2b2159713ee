//! The release app behind nginx with the committed `deploy/nginx.conf`, the emulator as the
//! proxied API: the sign-in and list journey on one origin, and the headers nginx sends.

use e2e::emulator::{ADMIN, TENANT};
use e2e::leaks::{assert_clean, Secret};
use e2e::nginx::Nginx;
use e2e::paths::dist_dir;
use e2e::{Browser, Emulator, Result, Role};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// Fails unless every request of the current page (except inline `data:` URLs) went to
/// `origin`, and one of them to `path` under it.
async fn all_requests_went_to(browser: &Browser, origin: &str, path: &str) -> Result {
    let urls = browser
        .script(
            "return performance.getEntriesByType('resource').map(e => e.name)",
            vec![],
        )
        .await?;
    let urls: Vec<&str> = urls
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| u.as_str())
        .filter(|u| !u.starts_with("data:"))
        .collect();
    let prefix = format!("{origin}/");
    assert!(
        urls.iter().all(|u| u.starts_with(&prefix)),
        "a request left {origin}: {urls:?}"
    );
    assert!(
        urls.iter().any(|u| u[origin.len()..].starts_with(path)),
        "no request to {path}: {urls:?}"
    );
    Ok(())
}

#[tokio::test]
async fn behind_nginx_the_app_signs_in_and_lists_tokens_through_its_own_origin() -> Result {
    let emulator = Emulator::start().await?;
    let nginx = Nginx::start(&emulator.url).await?;
    let browser = Browser::open(&nginx.url).await?;
    browser.goto("/sign-in").await?;
    let api = format!("{}/api", nginx.url);
    browser
        .eventually("the API base URL from config.json", || async {
            Ok((browser.value_of("API base URL").await? == api).then_some(()))
        })
        .await?;
    assert_eq!(browser.value_of("Tenant").await?, TENANT);
    browser.click(Role::Radio, "Client credentials").await?;
    browser.fill("Client ID", ADMIN.0).await?;
    browser.fill("Client secret", ADMIN.1).await?;
    browser.click(Role::Button, "Sign in").await?;
    browser.wait_for_path("/tokens").await?;
    browser.find(Role::Link, "openai-prod").await?;
    all_requests_went_to(&browser, &nginx.url, "/api/oauth/token").await?;

    // A deep link loaded afresh: nginx answers with the app, which loads the token.
    browser.goto("/tokens/openai-prod").await?;
    browser.find(Role::Heading, "OpenAI production key").await?;
    all_requests_went_to(&browser, &nginx.url, "/api/ai-service/").await?;

    assert_clean(&browser, &[Secret::credential(ADMIN.1)]).await?;
    browser.close().await
}

/// What hashed files are cached with.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// A GET of `path` on `origin` accepting `encoding` (none when empty): status, headers, body.
async fn get(origin: &str, path: &str, encoding: &str) -> Result<(StatusCode, HeaderMap, Vec<u8>)> {
    let mut request = reqwest::Client::new().get(format!("{origin}{path}"));
    if !encoding.is_empty() {
        request = request.header("Accept-Encoding", encoding);
    }
    let response = request.send().await?;
    let (status, headers) = (response.status(), response.headers().clone());
    Ok((status, headers, response.bytes().await?.to_vec()))
}

/// The value of `name` in `headers`, empty when absent.
fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// The built file whose name ends with `suffix` (a hashed name), e.g. `_bg.wasm`.
fn built_file(suffix: &str) -> Result<String> {
    std::fs::read_dir(dist_dir())?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|name| name.ends_with(suffix))
        .ok_or_else(|| format!("no *{suffix} in dist/").into())
}

#[tokio::test]
async fn nginx_sends_the_headers_encodings_and_fallback_of_the_deploy_config() -> Result {
    let emulator = Emulator::start().await?;
    let nginx = Nginx::start(&emulator.url).await?;
    let origin = nginx.url.as_str();
    let dist = dist_dir();
    let index = std::fs::read(dist.join("index.html"))?;

    // The page under each of its names — client-side routes too, even one that looks like a
    // hashed file name — is index.html, revalidated, with the whole policy as a header.
    for path in [
        "/",
        "/index.html",
        "/tokens/some-id",
        "/tokens/x-0123456789abcdef",
    ] {
        let (status, headers, body) = get(origin, path, "").await?;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(body == index, "{path} is index.html");
        assert_eq!(header(&headers, "cache-control"), "no-cache", "{path}");
        let policy = header(&headers, "content-security-policy");
        assert!(
            policy.starts_with("default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
            "{policy}"
        );
        assert!(policy.contains("; connect-src 'self';"), "{policy}");
        assert!(policy.ends_with("; frame-ancestors 'none'"), "{policy}");
        assert_eq!(header(&headers, "x-frame-options"), "DENY");
        assert_eq!(header(&headers, "x-content-type-options"), "nosniff");
        assert_eq!(header(&headers, "referrer-policy"), "no-referrer");
    }

    // Pre-compressed copies as they are, when accepted; hashed files cached for a year.
    let wasm = built_file("_bg.wasm")?;
    let js = built_file(".js")?;
    let cases = [
        ("/index.html", "br, gzip", "br", "no-cache"),
        ("/index.html", "gzip", "gzip", "no-cache"),
        (&format!("/{wasm}"), "", "", IMMUTABLE),
        (&format!("/{wasm}"), "gzip, br", "br", IMMUTABLE),
        (&format!("/{js}"), "gzip", "gzip", IMMUTABLE),
    ];
    for (path, accepted, encoding, cache) in cases {
        let (status, headers, body) = get(origin, path, accepted).await?;
        let case = format!("{path} for {accepted:?}");
        assert_eq!(status, StatusCode::OK, "{case}");
        assert_eq!(header(&headers, "content-encoding"), encoding, "{case}");
        assert_eq!(header(&headers, "cache-control"), cache, "{case}");
        let file = match encoding {
            "" => path[1..].to_owned(),
            "br" => format!("{}.br", &path[1..]),
            _ => format!("{}.gz", &path[1..]),
        };
        assert!(
            body == std::fs::read(dist.join(file))?,
            "{case}: the file as it is"
        );
        assert_eq!(header(&headers, "vary"), "Accept-Encoding", "{case}");
    }
    let (_, headers, _) = get(origin, &format!("/{wasm}"), "").await?;
    assert_eq!(header(&headers, "content-type"), "application/wasm");

    // A file that is not there is a 404, never the app; config.json is the deployer's.
    let (status, headers, body) = get(origin, "/token-admin-0123456789abcdef_bg.wasm", "").await?;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body != index);
    assert_eq!(header(&headers, "cache-control"), "");
    assert_eq!(header(&headers, "x-content-type-options"), "nosniff");
    let (status, _, body) = get(origin, "/config.json", "").await?;
    assert_eq!(status, StatusCode::OK);
    let config: serde_json::Value = serde_json::from_slice(&body)?;
    assert_eq!(config["apiBaseUrl"], format!("{origin}/api"));

    // /api/… is the API: /api/ai-service/… reaches the emulator's /ai-service/….
    let tokens = format!("/api/ai-service/{TENANT}/agentic/tokens");
    let (status, _, body) = get(origin, &tokens, "").await?;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "{}",
        String::from_utf8_lossy(&body)
    );
    assert!(String::from_utf8_lossy(&body).contains("oauth.v2.InvalidAccessToken"));
    Ok(())
}
