//! What makes a rule valid, its words, its form's fields and its channels.

use super::*;

#[test]
fn a_rule_on_a_tables_filter_reads_and_says_what_it_watches() {
    let waits = Condition::PendingLongerThan {
        filter: "phase==Pending,nodepool==h100-80gb".to_owned(),
        minutes: 90,
    };
    assert_eq!(waits.validate(), Ok(()));
    assert_eq!(
        waits.describe(),
        "workloads matching phase==Pending,nodepool==h100-80gb that wait longer than 90 minutes"
    );
    // Kept as JSON in the store, and read back the same.
    let json = serde_json::to_string(&waits).unwrap();
    assert_eq!(
        json,
        r#"{"kind":"pendingLongerThan","filter":"phase==Pending,nodepool==h100-80gb","minutes":90}"#
    );
    assert_eq!(serde_json::from_str::<Condition>(&json).unwrap(), waits);
    let budget = Condition::ProjectOverBudget {
        project: "vision".to_owned(),
    };
    assert_eq!(budget.validate(), Ok(()));
    assert_eq!(
        budget.describe(),
        "project vision heading past its monthly budget"
    );
    let all = Condition::Fails {
        filter: String::new(),
    };
    assert_eq!(all.describe(), "all workloads that fail");
}

#[test]
fn a_forms_fields_make_the_condition_its_kind_names() {
    for kind in ConditionKind::OFFERED {
        let made = kind.with("phase==Pending".to_owned(), 30, " vision ".to_owned(), 40);
        let json = serde_json::to_value(&made).unwrap();
        assert_eq!(json["kind"], kind.word(), "{kind:?}");
        assert_eq!(made.validate(), Ok(()), "{kind:?}");
        // The change form reads them back.
        let (back, filter, minutes, project, percent) = made.fields();
        assert_eq!(back, kind);
        assert_eq!(
            kind.with(filter, minutes, project, percent),
            made,
            "{kind:?}"
        );
    }
}

#[test]
fn channels_read_back_from_their_words() {
    for channel in Channel::ALL {
        assert_eq!(Channel::from_word(channel.word()), Some(channel));
    }
    assert_eq!(Channel::from_word("pager"), None);
}

#[test]
fn bad_rules_say_what_is_wrong() {
    let said = |c: Condition| c.validate().unwrap_err().0;
    assert!(
        said(Condition::Fails {
            filter: "colour==red".to_owned()
        })
        .contains("“colour==red”")
    );
    let too_long = Condition::HoldsIdleGpus {
        filter: String::new(),
        minutes: MAX_MINUTES + 1,
    };
    assert!(said(too_long).contains("1 to 10080 minutes"));
    let never = Condition::GpusDoingNothing {
        filter: String::new(),
        minutes: 0,
    };
    assert!(said(never).contains("not 0"));
    let share = Condition::ProjectIdleShare {
        project: "vision".to_owned(),
        percent: 0,
    };
    assert!(said(share).contains("1 to 100 %"));
    let nameless = Condition::ProjectOverBudget {
        project: "  ".to_owned(),
    };
    assert!(said(nameless).contains("names no project"));
    let many = vec!["phase==Running"; MAX_FILTERS + 1].join(",");
    assert!(said(Condition::Fails { filter: many }).contains("at most"));
    assert!(validate_name("  ").is_err());
    assert!(validate_name(&"x".repeat(MAX_NAME_CHARS + 1)).is_err());
    assert_eq!(validate_name("H100 waits"), Ok(()));
    assert!(serde_json::from_str::<Condition>(r#"{"kind":"explode"}"#).is_err());
}
