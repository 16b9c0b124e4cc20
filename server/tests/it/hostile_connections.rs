//! Hostile connections at the socket: hundreds of unfinished or silent connections
//! while probes and pages still answer, the timeouts that close them, a keep-alive
//! connection that outlives the header timeout but not the idle one, and requests that
//! name their host twice or another host in their target.

use std::time::Duration;

use crate::common::TestServer;
use server::config::{ConnectionArgs, SettingsArgs};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

/// A dashboard with these connection limits.
async fn dashboard(header_secs: u64, idle_secs: u64, max: usize) -> TestServer {
    TestServer::start(SettingsArgs {
        connections: ConnectionArgs {
            header_timeout_secs: Some(header_secs),
            idle_timeout_secs: Some(idle_secs),
            max_connections: Some(max),
        },
        ..Default::default()
    })
    .await
}

fn address(server: &TestServer) -> String {
    server.base.trim_start_matches("http://").to_owned()
}

/// Opens `count` connections: even ones send half a header, odd ones nothing.
async fn unfinished(server: &TestServer, count: usize) -> Vec<TcpStream> {
    let mut held = Vec::with_capacity(count);
    for n in 0..count {
        let mut stream = TcpStream::connect(address(server)).await.unwrap();
        if n % 2 == 0 {
            stream
                .write_all(b"GET /workloads HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a")
                .await
                .unwrap();
        }
        held.push(stream);
    }
    held
}

/// Waits (at most a minute) until the server closes `stream`.
async fn closed_by_the_server(mut stream: TcpStream) {
    let mut buffer = [0u8; 256];
    loop {
        match tokio::time::timeout(Duration::from_secs(60), stream.read(&mut buffer)).await {
            Err(_) => panic!("the server kept an unfinished connection open for a minute"),
            Ok(Ok(0) | Err(_)) => return,
            // An answer (a 408 or 400) before the close is fine.
            Ok(Ok(_)) => continue,
        }
    }
}

/// `path` on a new connection; its status and how long it took.
async fn fresh_get(server: &TestServer, path: &str) -> (u16, Duration) {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let response = http.get(server.url(path)).send().await.unwrap();
    (response.status().as_u16(), started.elapsed())
}

/// `/healthz` on a new connection.
async fn probe(server: &TestServer) -> (u16, Duration) {
    fresh_get(server, "/healthz").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_hundred_unfinished_connections_neither_stall_the_server_nor_stay_open() {
    // At most 64 connections: the three hundred are more than four times that.
    let server = dashboard(2, 10, 64).await;
    let held = unfinished(&server, 300).await;
    let (status, took) = probe(&server).await;
    assert_eq!(status, 200);
    println!("/healthz answered in {took:?} with 300 unfinished connections opened");
    // A page answers too.
    assert_eq!(fresh_get(&server, "/login").await.0, 200);
    for stream in held {
        closed_by_the_server(stream).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unfinished_connections_are_closed_by_the_header_timeout() {
    // Below the cap: nothing is pushed out, so only the timeout can close them.
    let server = dashboard(1, 10, 4096).await;
    let held = unfinished(&server, 100).await;
    assert_eq!(probe(&server).await.0, 200);
    for stream in held {
        closed_by_the_server(stream).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_keep_alive_connection_waits_the_idle_timeout_not_the_header_one() {
    let server = dashboard(1, 10, 4096).await;
    let mut stream = TcpStream::connect(address(&server)).await.unwrap();
    let request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    let mut buffer = vec![0u8; 4096];
    stream.write_all(request).await.unwrap();
    let read = stream.read(&mut buffer).await.unwrap();
    assert!(buffer[..read].starts_with(b"HTTP/1.1 200"));
    // Idle past the header timeout (1 s), well within the idle timeout (10 s).
    tokio::time::sleep(Duration::from_secs(3)).await;
    stream.write_all(request).await.unwrap();
    let read = stream.read(&mut buffer).await.unwrap();
    assert!(
        buffer[..read].starts_with(b"HTTP/1.1 200"),
        "the keep-alive connection was closed before its idle timeout"
    );
    closed_by_the_server(stream).await;
}

/// Sends `request` on a new connection; what came back.
async fn raw(server: &TestServer, request: String) -> String {
    let mut stream = TcpStream::connect(address(server)).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_request_naming_two_hosts_is_refused() {
    let server = dashboard(15, 75, 4096).await;
    let host = address(&server);
    let twice = raw(
        &server,
        format!("GET /healthz HTTP/1.1\r\nHost: {host}\r\nHost: evil.example\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert!(twice.starts_with("HTTP/1.1 400"), "{twice}");
    assert!(twice.contains("names its host twice"), "{twice}");
    let foreign = raw(
        &server,
        format!("GET http://evil.example/workloads HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert!(foreign.starts_with("HTTP/1.1 400"), "{foreign}");
    assert!(foreign.contains("another host"), "{foreign}");
    // The same host in both is an ordinary request.
    let same = raw(
        &server,
        format!("GET http://{host}/healthz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert!(same.starts_with("HTTP/1.1 200"), "{same}");
}
