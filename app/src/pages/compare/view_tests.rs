//! The comparison's URL: read, written back, and every bad parameter named.
use super::*;

const A: &str = "0b0c51a4-0000-4000-8000-000000000001";
const B: &str = "0b0c51a4-0000-4000-8000-000000000002";
const C: &str = "0b0c51a4-0000-4000-8000-000000000003";

#[test]
fn the_url_holds_the_ids_alignment_window_and_choices() {
    let query = format!("ids={A}%2C{B}%2C{C}&since=600&until=7200&gpus=each&facts=differing");
    let view = CompareView::parse(&query);
    assert!(view.problems.is_empty(), "{:?}", view.problems);
    assert_eq!(view.ids.len(), 3);
    assert_eq!(
        view.window(),
        CompareWindow::SinceStart {
            since_s: 600,
            until_s: Some(7200)
        }
    );
    assert_eq!(view.query(), query);
    assert_eq!(CompareView::parse(&view.query()), view);
    let clock = CompareView::parse(&format!("ids={A}%2C{B}&align=clock&range=6h"));
    assert_eq!(
        clock.window(),
        CompareWindow::Clock(TimeRange::preset("6h").unwrap())
    );
    assert_eq!(CompareView::parse(&clock.query()), clock);
}

#[test]
fn the_tables_form_sends_each_id_apart_and_repeats_count_once() {
    let view = CompareView::parse(&format!("ids={A}&ids={B}&ids={A}"));
    assert_eq!(
        view.ids.iter().map(Uuid::to_string).collect::<Vec<_>>(),
        [A, B]
    );
    assert!(view.problems.is_empty());
    assert_eq!(view.href(), format!("/compare?ids={A}%2C{B}"));
}

#[test]
fn every_unusable_parameter_is_a_problem_named_after_it() {
    let five = [
        A,
        B,
        C,
        "0b0c51a4-0000-4000-8000-000000000004",
        "0b0c51a4-0000-4000-8000-000000000005",
    ]
    .join(",");
    for (query, param) in [
        ("ids=nope".to_owned(), "ids"),
        (format!("ids={five}"), "ids"),
        ("align=sideways".to_owned(), "align"),
        ("since=-5".to_owned(), "since"),
        ("until=9999999".to_owned(), "until"),
        ("since=604790".to_owned(), "since"),
        ("since=600&until=60".to_owned(), "since"),
        ("align=clock&range=2d".to_owned(), "range"),
        ("gpus=all".to_owned(), "gpus"),
        ("facts=some".to_owned(), "facts"),
        ("refresh=2s".to_owned(), "refresh"),
        (format!("find={}", "x".repeat(101)), "find"),
    ] {
        let view = CompareView::parse(&query);
        assert!(
            view.problem(param).is_some(),
            "{query}: {:?}",
            view.problems
        );
    }
    assert_eq!(
        CompareView::parse(&format!("ids={five}")).ids.len(),
        MAX_COMPARED
    );
}

#[test]
fn links_add_remove_and_realign_without_the_search() {
    let view = CompareView::parse(&format!("ids={A}&find=train&since=60&until=600"));
    let b: Uuid = B.parse().unwrap();
    let added = view.adding(b);
    assert_eq!(added.ids.len(), 2);
    assert!(added.find.is_empty());
    assert_eq!(added.removing(b).ids.len(), 1);
    let clock = added.aligned(Align::Clock);
    assert_eq!(clock.window(), CompareWindow::Clock(TimeRange::default()));
    assert_eq!(
        clock.aligned(Align::Start).window(),
        CompareWindow::SinceStart {
            since_s: 0,
            until_s: None
        }
    );
}
