//! Alerts by e-mail through the local SMTP server the test command starts (aiosmtpd,
//! STARTTLS required, its own certificate authority): a rule's message arrives over TLS
//! with the link back; a server whose certificate is not trusted, or that cannot be
//! reached, shows on the rule as a failed try with why.

use std::path::PathBuf;

use crate::{
    alerts::{OLDEST_PENDING, alert_args, alerts, create_rule, plain_named, until},
    common::TestServer,
};

/// The SMTP server's address and its directory (its certificate, and the mail).
fn smtp() -> (String, PathBuf) {
    let address = std::env::var("RUNBOARD_TEST_SMTP").expect(
        "RUNBOARD_TEST_SMTP names the test SMTP server: run the tests through scripts/test.sh, \
         which starts one",
    );
    let dir = std::env::var("RUNBOARD_TEST_SMTP_DIR").expect("RUNBOARD_TEST_SMTP_DIR");
    (address, PathBuf::from(dir))
}

/// The mail that reached `to`, as kept by the server (its envelope, then the message).
fn mail_to(dir: &std::path::Path, to: &str) -> Option<String> {
    std::fs::read_dir(dir.join("mail"))
        .ok()?
        .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok())
        .find(|text| text.contains(&format!("X-Envelope-To: {to}\n")))
        // The body may be quoted-printable: its soft line breaks and `=` undone.
        .map(|text| text.replace("=\n", "").replace("=3D", "="))
}

/// A recipient no other test uses.
fn unique_recipient(what: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{what}-{nanos}-{}@example.com", std::process::id())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rule_e_mails_over_starttls_with_the_link_back() {
    let (address, dir) = smtp();
    let mut args = alert_args();
    args.alerts.smtp_server = Some(address);
    args.alerts.smtp_ca_file = Some(dir.join("ca.pem"));
    args.alerts.smtp_from = Some("Runboard alerts <alerts@runboard.test>".to_owned());
    let server = TestServer::start(args).await;
    let oldest = plain_named(server.rows(OLDEST_PENDING).await.rows)
        .next()
        .expect("a pending workload with a plain name");
    let to = unique_recipient("team");
    let filter = format!("name=={}", oldest.name);
    let (status, body) = create_rule(
        &server.http,
        &server.base,
        &[
            ("name", "Oldest by mail"),
            ("filter", &filter),
            ("channel", "email"),
            ("destination", &to),
        ],
    )
    .await;
    assert_eq!(status, 302, "{body}");
    let mail = until("the e-mail arrives", || async { mail_to(&dir, &to) }).await;
    assert!(
        mail.contains("X-Tls: yes"),
        "sent only after STARTTLS: {mail}"
    );
    assert!(
        mail.contains("From: \"Runboard alerts\" <alerts@runboard.test>"),
        "{mail}"
    );
    assert!(
        mail.contains("Subject: Oldest by mail: 1 finding"),
        "{mail}"
    );
    let link = format!("{}/workloads/{}", server.base, oldest.id);
    assert!(mail.contains(&link), "{link} in {mail}");
    assert!(mail.contains(&format!("{}/alerts", server.base)));
    let answer = alerts(&server.http, &server.base).await;
    assert_eq!(answer.rules[0].destination, to, "an address is shown whole");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_untrusted_or_unreachable_smtp_server_shows_on_the_rule() {
    let (address, dir) = smtp();
    // The real server, but its certificate authority not trusted: TLS fails, nothing is
    // said in the clear.
    let mut args = alert_args();
    args.alerts.smtp_server = Some(address);
    let untrusted = TestServer::start(args).await;
    // Nothing listens on port 9 of loopback.
    let mut args = alert_args();
    args.alerts.smtp_server = Some("127.0.0.1:9".to_owned());
    let unreachable = TestServer::start(args).await;
    for (server, says, to) in [
        (&untrusted, "TLS failed", unique_recipient("untrusted")),
        (
            &unreachable,
            "could not be reached",
            unique_recipient("unreachable"),
        ),
    ] {
        let (status, _) = create_rule(
            &server.http,
            &server.base,
            &[("name", "Mail"), ("channel", "email"), ("destination", &to)],
        )
        .await;
        assert_eq!(status, 302);
        let message = until("a failed try is shown", || async {
            let answer = alerts(&server.http, &server.base).await;
            let message = answer.rules.first()?.messages.first()?.clone();
            (message.state == "will try again").then_some(message)
        })
        .await;
        assert!(message.error.contains(says), "{says}: {message:?}");
        assert!(mail_to(&dir, &to).is_none(), "nothing reached {to}");
    }
}
