use super::*;

fn view(query: &str) -> WorkloadsView {
    WorkloadsView::from_params(&QueryParams::parse(query))
}

#[test]
fn the_url_round_trips_every_control() {
    let text = "filterBy=phase%3D%3DRunning%2CallocatedGPU%3E%3D2&search=llm&deleted=true&gpuState=stalled&sortBy=allocatedGPU&sortOrder=desc&page=3&pageSize=100&columns=name%2Cgpus&refresh=10s";
    let v = view(text);
    assert_eq!(v.filters.len(), 2);
    assert_eq!(v.search, "llm");
    assert!(v.deleted);
    assert_eq!(v.gpu_state, Some(crate::gpu_states::StateChoice::Stalled));
    assert_eq!(
        (v.sort_by, v.sort_order),
        (Some(SortBy::AllocatedGpu), SortOrder::Desc)
    );
    assert_eq!((v.page, v.page_size), (3, 100));
    assert_eq!(v.visible_columns(), [Column::Name, Column::Gpus]);
    assert_eq!(v.refresh, Refresh::Seconds(10));
    assert!(v.problems.is_empty());
    assert_eq!(v.query(), text);
    assert_eq!(view(&v.query()), v);
}

#[test]
fn the_default_view_has_a_bare_url_and_the_api_words() {
    let v = view("");
    assert_eq!(v.href(), "/workloads");
    assert_eq!(
        v.list_query().to_query_string(),
        "offset=0&limit=50&sortBy=createdAt&sortOrder=desc"
    );
    let page_two = v.with_page(2);
    assert_eq!(page_two.list_query().offset, Some(50));
    assert_eq!(page_two.href(), "/workloads?page=2");
}

#[test]
fn bad_parameters_fall_back_and_say_why() {
    let v = view(
        "sortBy=colour&pageSize=9000&page=0&refresh=2s&columns=name,bogus&deleted=maybe&filterBy=colour%3D%3Dred&gpuState=asleep&cause=DROP%20TABLE",
    );
    for param in [
        "sortBy", "pageSize", "page", "refresh", "columns", "deleted", "gpuState", "cause",
    ] {
        assert!(v.problem(param).is_some(), "{param}");
    }
    assert_eq!(v.sort_by, Some(SortBy::CreatedAt));
    assert_eq!(v.page_size, 50);
    assert_eq!(v.visible_columns(), [Column::Name]);
    assert_eq!(
        v.invalid_filters.len(),
        1,
        "an invalid chip is kept, marked"
    );
    assert!(
        v.list_query().selection.filter_by.is_empty(),
        "and never sent"
    );
    assert!(v.query().contains("filterBy=colour"), "it stays in the URL");
}

#[test]
fn changes_reset_the_page_and_sorting_toggles() {
    let v = view("page=4");
    let filtered = v.with_filter("phase==Running".parse().unwrap());
    assert_eq!(filtered.page, 1);
    let by_name = v.with_sort(SortBy::Name);
    assert_eq!(
        (by_name.sort_by, by_name.sort_order),
        (Some(SortBy::Name), SortOrder::Asc)
    );
    let flipped = by_name.with_sort(SortBy::Name);
    assert_eq!(flipped.sort_order, SortOrder::Desc);
    let pending = filtered.with_phase("Pending");
    assert_eq!(
        pending
            .filters
            .iter()
            .map(|f| f.to_string())
            .collect::<Vec<_>>(),
        ["phase==Pending"]
    );
    assert_eq!(view("").last_page(0), 1);
    assert_eq!(view("").last_page(101), 3);
}

#[test]
fn sorting_by_gpu_state_is_the_dashboards_own_and_round_trips() {
    let v = view("sortBy=gpuState&sortOrder=desc&page=2");
    assert!(v.sort_by_gpu_state && v.answered_here());
    assert!(v.problems.is_empty());
    assert_eq!(v.query(), "sortBy=gpuState&sortOrder=desc&page=2");
    // Run:ai is still asked in its own order, which orders equal states.
    assert_eq!(v.list_query().sort_by, Some(SortBy::CreatedAt));
    let asc = v.with_gpu_state_sort();
    assert_eq!((asc.sort_order, asc.page), (SortOrder::Asc, 1));
    let fresh = view("sortBy=name").with_gpu_state_sort();
    assert_eq!(fresh.sort_order, SortOrder::Asc, "ascending first");
    let by_name = v.with_sort(SortBy::Name);
    assert!(!by_name.sort_by_gpu_state && !by_name.answered_here());
    assert_eq!(by_name.query(), "sortBy=name&sortOrder=asc");
}

#[test]
fn rows_ticked_for_comparison_stay_in_the_url_while_paging_and_filtering() {
    let (a, b) = (
        "0b0c51a4-0000-4000-8000-000000000001",
        "0b0c51a4-0000-4000-8000-000000000002",
    );
    let v = view(&format!("compare={a}%2C{b}%2C{a}"));
    assert_eq!(v.picked.len(), 2, "each once");
    assert!(v.problems.is_empty());
    let paged = v.with_page(2);
    assert_eq!(paged.picked, v.picked);
    assert!(paged.href().contains(&format!("compare={a}%2C{b}")));
    let filtered = v.with_search("llm");
    assert_eq!(filtered.picked, v.picked);
    for bad in [
        "compare=nope".to_owned(),
        format!(
            "compare={}",
            [a; 1]
                .iter()
                .chain(&[
                    "0b0c51a4-0000-4000-8000-000000000003",
                    "0b0c51a4-0000-4000-8000-000000000004",
                    "0b0c51a4-0000-4000-8000-000000000005",
                    b,
                ])
                .copied()
                .collect::<Vec<_>>()
                .join(",")
        ),
    ] {
        let v = view(&bad);
        assert!(v.problem("compare").is_some(), "{bad}");
        assert!(v.picked.len() <= MAX_PICKED);
    }
}
