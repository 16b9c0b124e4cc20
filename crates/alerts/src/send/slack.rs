//! A message as a Slack-compatible incoming webhook takes it: `text` for notifications
//! and clients without blocks, and blocks: the rule, then each finding with its name
//! linked to its page, its project and what happened.

use ledger::store::AlertMessage;
use serde_json::{Value, json};

/// Slack's mrkdwn with `&`, `<` and `>` escaped, so a workload's name cannot make a
/// link or a mention.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The JSON body for `message`; `link` makes a path absolute.
pub fn body(message: &AlertMessage, link: &dyn Fn(&str) -> String) -> String {
    let mut blocks: Vec<Value> = vec![json!({
        "type": "section",
        "text": {
            "type": "mrkdwn",
            "text": format!(
                "*{}*: {}",
                escaped(&message.rule_name),
                escaped(&message.watching)
            ),
        },
    })];
    for finding in &message.findings {
        blocks.push(json!({
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": format!(
                    "<{}|{}> · project {}\n{}",
                    link(&finding.link),
                    escaped(&finding.title),
                    escaped(&finding.project),
                    escaped(&finding.detail)
                ),
            },
        }));
    }
    if message.more > 0 {
        blocks.push(json!({
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": format!("and {} more", message.more)}],
        }));
    }
    json!({"text": escaped(&message.summary()), "blocks": blocks}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ledger::store::Finding;

    #[test]
    fn each_finding_links_to_its_page_and_names_cannot_inject() {
        let message = AlertMessage {
            rule_id: "r1".to_owned(),
            rule_name: "H100 waits".to_owned(),
            watching: "workloads matching nodepool==h100 that wait longer than 90 minutes"
                .to_owned(),
            findings: vec![Finding {
                subject: "w1".to_owned(),
                title: "<!channel> train".to_owned(),
                project: "vision".to_owned(),
                detail: "waiting 2 h".to_owned(),
                link: "/workloads/w1".to_owned(),
            }],
            more: 3,
        };
        let body: Value =
            serde_json::from_str(&body(&message, &|p| format!("https://rb{p}"))).unwrap();
        let finding = body["blocks"][1]["text"]["text"].as_str().unwrap();
        assert_eq!(
            finding,
            "<https://rb/workloads/w1|&lt;!channel&gt; train> · project vision\nwaiting 2 h"
        );
        assert_eq!(body["blocks"][2]["elements"][0]["text"], "and 3 more");
        assert!(
            body["text"]
                .as_str()
                .unwrap()
                .starts_with("H100 waits: 4 findings")
        );
    }
}
