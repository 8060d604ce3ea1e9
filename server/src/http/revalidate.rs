//! Public pages revalidated with ETags: a browser that has the page asks again with
//! `If-None-Match` and gets an empty 304 while nothing on it changed.
//!
//! Each rendering carries a fresh CSP nonce, so the tag is the hash of the page with its nonce
//! left out (a weak tag: the same page, not the same bytes). A 304 carries no
//! `Content-Security-Policy`: a browser takes a 304's headers into the page it keeps, and a new
//! nonce would then block the kept page's scripts, which carry the old one.

use axum::{
    body::{Body, Bytes},
    extract::Request,
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};

/// The largest page that is read whole to be tagged; a larger one is sent as it comes, without
/// a tag (a municipality's full map could once pass this).
const MAX_PAGE_BYTES: usize = 16 * 1024 * 1024;

/// The page's bytes, when there are no more than `MAX_PAGE_BYTES`; else the body as it comes,
/// with what was read of it in front.
async fn read_page(body: Body) -> Result<Bytes, Body> {
    use futures_util::StreamExt;
    let mut stream = body.into_data_stream();
    let mut page = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = match chunk {
            Ok(chunk) => chunk,
            Err(error) => {
                let read = futures_util::stream::iter([Ok(Bytes::from(page)), Err(error)]);
                return Err(Body::from_stream(read));
            }
        };
        page.extend_from_slice(&chunk);
        if page.len() > MAX_PAGE_BYTES {
            let read = futures_util::stream::once(async move { Ok(Bytes::from(page)) });
            return Err(Body::from_stream(read.chain(stream)));
        }
    }
    Ok(Bytes::from(page))
}

/// What a request brings to revalidation, noted on its way in: whether it reads (GET or HEAD),
/// and the tags it has.
pub struct Revalidation {
    reads: bool,
    asked: Option<HeaderValue>,
}

impl Revalidation {
    pub fn of(request: &Request) -> Self {
        let reads = matches!(*request.method(), Method::GET | Method::HEAD);
        Revalidation {
            reads,
            asked: reads
                .then(|| request.headers().get(header::IF_NONE_MATCH).cloned())
                .flatten(),
        }
    }
}

/// Tags a page read with GET or HEAD, and answers 304 where the browser has it already.
pub async fn tag_pages(revalidation: Revalidation, response: Response) -> Response {
    if !revalidation.reads || !revalidated(&response) {
        return response;
    }
    let asked = revalidation.asked;
    let (mut parts, body) = response.into_parts();
    let bytes = match read_page(body).await {
        Ok(bytes) => bytes,
        Err(body) => {
            tracing::warn!(
                limit = MAX_PAGE_BYTES,
                "a page too large to tag is sent without an ETag"
            );
            return Response::from_parts(parts, body);
        }
    };
    let tag = page_tag(&bytes, nonce(&parts.headers));
    let Ok(tag_value) = HeaderValue::from_str(&tag) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    parts.headers.insert(header::ETAG, tag_value.clone());
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    // The page is sent compressed as the browser accepts (the compression layer outside); a
    // 304 must name the same Vary as the page it stands for (RFC 9110 §15.4.5).
    // (The open-data API's pages also vary on Accept, which they were negotiated by.)
    parts
        .headers
        .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    if asked.is_some_and(|asked| matches(&asked, &tag)) {
        let mut not_modified = StatusCode::NOT_MODIFIED.into_response();
        let headers = not_modified.headers_mut();
        headers.insert(header::ETAG, tag_value);
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        for vary in parts.headers.get_all(header::VARY) {
            headers.append(header::VARY, vary.clone());
        }
        return not_modified;
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// A complete HTML page that caches may keep (not a staff page, not a refusal).
fn revalidated(response: &Response) -> bool {
    let headers = response.headers();
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let kept = headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| !v.contains("no-store"));
    response.status() == StatusCode::OK && html && kept
}

/// The nonce the page's policy names, if any.
fn nonce(headers: &HeaderMap) -> Option<String> {
    let policy = headers
        .get(header::CONTENT_SECURITY_POLICY)?
        .to_str()
        .ok()?;
    let start = policy.find("'nonce-")? + "'nonce-".len();
    let length = policy[start..].find('\'')?;
    Some(policy[start..start + length].to_string())
}

fn page_tag(body: &[u8], nonce: Option<String>) -> String {
    let mut hasher = Sha256::new();
    match nonce.filter(|n| !n.is_empty()) {
        Some(nonce) => {
            let text = String::from_utf8_lossy(body);
            hasher.update(text.replace(&nonce, "").as_bytes());
        }
        None => hasher.update(body),
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    format!("W/\"{hex}\"")
}

/// `If-None-Match` lists tags (or `*`); weak comparison, as RFC 9110 asks for it.
fn matches(asked: &HeaderValue, tag: &str) -> bool {
    let Ok(asked) = asked.to_str() else {
        return false;
    };
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
    asked
        .split(',')
        .any(|candidate| candidate.trim() == "*" || bare(candidate) == bare(tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page larger than can be tagged is sent whole, untagged; a page that fits is tagged.
    #[tokio::test]
    async fn a_page_too_large_to_tag_is_sent_whole() {
        use tower::ServiceExt;
        let page = |bytes: usize| {
            axum::routing::get(move || async move {
                (
                    [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                    "x".repeat(bytes),
                )
            })
        };
        let app = axum::Router::new()
            .route("/large", page(MAX_PAGE_BYTES + 100))
            .route("/small", page(100))
            .layer(axum::middleware::from_fn(
                |request: Request, next: axum::middleware::Next| async move {
                    let revalidation = Revalidation::of(&request);
                    tag_pages(revalidation, next.run(request).await).await
                },
            ));
        for (path, size, tagged) in [
            ("/large", MAX_PAGE_BYTES + 100, false),
            ("/small", 100, true),
        ] {
            let request = Request::get(path).body(Body::empty()).unwrap();
            let response = app.clone().oneshot(request).await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert_eq!(
                response.headers().contains_key(header::ETAG),
                tagged,
                "{path}"
            );
            let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .unwrap();
            assert_eq!(body.len(), size, "{path}");
        }
    }

    #[test]
    fn the_tag_ignores_the_nonce_and_nothing_else() {
        let a = page_tag(b"<script nonce=\"abc\">1</script>", Some("abc".into()));
        let b = page_tag(b"<script nonce=\"xyz\">1</script>", Some("xyz".into()));
        let c = page_tag(b"<script nonce=\"xyz\">2</script>", Some("xyz".into()));
        assert_eq!(a, b);
        assert_ne!(b, c);
    }

    #[test]
    fn if_none_match_compares_weakly_and_takes_lists() {
        let tag = "W/\"0123\"";
        assert!(matches(&HeaderValue::from_static("\"0123\""), tag));
        assert!(matches(&HeaderValue::from_static("\"x\", W/\"0123\""), tag));
        assert!(matches(&HeaderValue::from_static("*"), tag));
        assert!(!matches(&HeaderValue::from_static("W/\"0124\""), tag));
    }

    #[test]
    fn the_nonce_is_read_from_the_policy() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self' 'nonce-Ab+9/=' 'wasm-unsafe-eval'",
            ),
        );
        assert_eq!(nonce(&headers).as_deref(), Some("Ab+9/="));
    }
}
