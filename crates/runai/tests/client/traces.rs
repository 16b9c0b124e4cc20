//! The Run:ai client's traces name every call and never a secret or token. Alone in its
//! test binary: tracing caches which call sites are enabled process-wide, and other
//! tests running in parallel threads without a subscriber could race that cache.

use crate::common::*;

/// Collects what the tracing subscriber writes.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn every_call_is_traced_and_no_secret_or_token_is() {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let (base, _) = start(scripted_count(&[503, 200])).await;
    client(&base)
        .count_workloads(&key(), &WorkloadSelection::default())
        .await
        .unwrap();

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        text.contains("method=\"POST\" path=\"/api/v1/token\" status=200"),
        "{text}"
    );
    assert!(
        text.contains("path=\"/api/v1/workloads/count\" status=503"),
        "{text}"
    );
    assert!(text.contains("status=200 latency_ms="), "{text}");
    assert!(text.contains("attempt=2"), "the retry is visible: {text}");
    assert!(!text.contains("s3cr3t"), "the secret leaked: {text}");
    assert!(
        !text.contains("eyJhbGciOiJIUzI1NiJ9"),
        "a token leaked: {text}"
    );
}
