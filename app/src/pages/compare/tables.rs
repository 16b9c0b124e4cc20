//! The comparison's tables below its charts: each workload's numbers over the window,
//! and the facts side by side with the differing ones marked.

use leptos::prelude::*;

use super::{
    answer::{FactRow, Summary},
    sections::colour_of,
    view::CompareView,
};
use crate::url_state::UrlState;

/// Each workload's numbers over the window.
#[component]
pub fn SummaryTable(summaries: Vec<Summary>, inference: bool) -> impl IntoView {
    view! {
        // Scrolls sideways on a phone: focusable, so a keyboard can scroll it too.
        <div class="table-scroll" tabindex="0" role="region" aria-label="Numbers over the window">
            <table class="compare-summary">
                <caption>"Over the window"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Workload"</th>
                        <th scope="col" class="num">"GPU utilization, mean"</th>
                        <th scope="col" class="num">"GPU utilization, 95th percentile"</th>
                        <th scope="col" class="num">"GPU memory, peak"</th>
                        <th scope="col" class="num">"CPU, mean"</th>
                        {inference.then(|| view! {
                            <th scope="col" class="num">"Time to first token, median"</th>
                            <th scope="col" class="num">"Time to first token, 90th percentile"</th>
                            <th scope="col" class="num">"Requests served, mean"</th>
                        })}
                    </tr>
                </thead>
                <tbody>
                    {summaries.into_iter().map(|s| {
                        let (hex, _) = colour_of(s.colour);
                        view! {
                            <tr>
                                <th scope="row"><span class="swatch" style=format!("background:{hex}") aria-hidden="true"></span>{s.name}</th>
                                <td class="num">{s.gpu_mean}</td>
                                <td class="num">{s.gpu_p95}</td>
                                <td class="num">{s.gpu_memory_peak}</td>
                                <td class="num">{s.cpu_mean}</td>
                                {inference.then(|| view! {
                                    <td class="num">{s.ttft_p50}</td>
                                    <td class="num">{s.ttft_p90}</td>
                                    <td class="num">{s.throughput}</td>
                                })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The facts side by side, the rows where they differ marked (in words too), and a
/// link that hides (or shows again) the rows where they are all the same.
#[component]
pub fn FactsTable(facts: Vec<FactRow>, names: Vec<String>, view: CompareView) -> impl IntoView {
    let columns = facts.first().map_or(0, |row| row.values.len());
    if columns == 0 {
        return ().into_any();
    }
    let differing = facts.iter().filter(|row| row.differs()).count();
    let toggle = match view.differing_only {
        true => {
            view! { <a href=view.with(|next| next.differing_only = false).href()>"Show every fact"</a> }
        }
        false => {
            view! { <a href=view.with(|next| next.differing_only = true).href()>"Hide identical facts"</a> }
        }
    };
    let rows: Vec<FactRow> = facts
        .into_iter()
        .filter(|row| !view.differing_only || row.differs())
        .collect();
    view! {
        <section aria-labelledby="facts-title">
            <h2 id="facts-title">"What differs"</h2>
            <p>
                {format!("{differing} of the facts differ, marked “differs”. ")}
                {toggle}
            </p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Facts side by side">
                <table class="compare-facts">
                    <caption class="visually-hidden">"Facts of each compared workload"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Fact"</th>
                            {names.into_iter().map(|name| view! { <th scope="col">{name}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|row| {
                            let differs = row.differs();
                            view! {
                                <tr class=differs.then_some("differs")>
                                    <th scope="row">
                                        {row.label}
                                        {differs.then(|| view! { <span class="differs-mark">" differs"</span> })}
                                    </th>
                                    {row.values.into_iter().map(|value| view! { <td>{value}</td> }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}
