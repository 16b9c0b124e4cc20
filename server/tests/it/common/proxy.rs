//! A recording pass-through in front of the simulator: what Run:ai was asked, seen
//! from outside the dashboard.

use std::sync::{Arc, Mutex};

use axum::{Router, extract::Request, response::IntoResponse};

/// One request the proxy passed on.
#[derive(Clone, Debug)]
pub struct Call {
    /// The path, without the query.
    pub path: String,
    /// The query, if any.
    pub query: Option<String>,
    pub request_id: Option<String>,
}

/// The calls seen so far.
pub type Calls = Arc<Mutex<Vec<Call>>>;

/// How many of the calls seen so far went to `path`.
pub fn calls_to(calls: &Calls, path: &str) -> usize {
    calls
        .lock()
        .unwrap()
        .iter()
        .filter(|call| call.path == path)
        .count()
}

/// A pass-through in front of the simulator (a stand-in for a control plane that can be
/// watched): notes each request's path and `X-Request-Id`. Returns its URL.
pub async fn recording_proxy(target: String) -> (String, Calls) {
    let seen: Calls = Arc::default();
    let calls = seen.clone();
    let http = reqwest::Client::new();
    let app = Router::new().fallback(move |request: Request| {
        let (http, target, seen) = (http.clone(), target.clone(), seen.clone());
        async move {
            let (parts, body) = request.into_parts();
            seen.lock().unwrap().push(Call {
                path: parts.uri.path().to_owned(),
                query: parts.uri.query().map(str::to_owned),
                request_id: parts
                    .headers
                    .get("x-request-id")
                    .map(|id| id.to_str().unwrap().to_owned()),
            });
            let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
            let mut forward = http.request(parts.method, format!("{target}{}", parts.uri));
            for name in ["authorization", "accept", "content-type"] {
                if let Some(value) = parts.headers.get(name) {
                    forward = forward.header(name, value);
                }
            }
            let answer = forward.body(body).send().await.unwrap();
            let status = answer.status();
            let content_type = answer.headers().get("content-type").cloned();
            let bytes = answer.bytes().await.unwrap();
            let mut response = (status, bytes).into_response();
            if let Some(value) = content_type {
                response.headers_mut().insert("content-type", value);
            }
            response
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), calls)
}
