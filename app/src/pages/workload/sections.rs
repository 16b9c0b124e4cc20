//! Everything the detail endpoint returns, in sections a person can scan.

use leptos::prelude::*;

use super::fact::{Fact, when};
use crate::format::{format_bytes, format_count, format_seconds};
use runai::model::{Maybe, Phase, RequestResources, Workload, parse_quantity};

fn or_dash(text: Option<String>) -> String {
    text.filter(|t| !t.is_empty())
        .unwrap_or_else(|| "—".to_owned())
}

/// The facts at the top of the page.
#[component]
pub fn Facts(workload: Workload) -> impl IntoView {
    let w = workload;
    let never_started = matches!(w.phase, Phase::Pending | Phase::Creating)
        && w.total_running_time_seconds.get().unwrap_or(0) == 0;
    let pools = w
        .current_node_pools
        .clone()
        .filter(|p| !p.is_empty())
        .or(w.requested_node_pools.clone())
        .unwrap_or_default()
        .join(", ");
    let facts: Vec<(&str, Fact)> = vec![
        ("Type", Fact::from(w.type_.clone())),
        ("Category", Fact::from(w.category.clone())),
        (
            "Framework",
            Fact::from(or_dash(w.distributed_framework.clone())),
        ),
        ("Project", Fact::from(w.project_name.clone())),
        ("Department", Fact::from(w.department_name.clone())),
        (
            "Cluster",
            Fact::from(crate::cluster_names::cluster_name(
                &w.cluster_id.to_string(),
            )),
        ),
        ("Node pools", Fact::from(or_dash(Some(pools)))),
        ("Submitted by", Fact::from(or_dash(w.submitted_by.clone()))),
        ("Source", Fact::from(w.source.to_string())),
        (
            "Priority",
            Fact::from(format!(
                "{} ({})",
                w.priority_class_name,
                w.priority
                    .map(|p| p.to_string())
                    .unwrap_or_else(|| "—".into())
            )),
        ),
        (
            "Preemptible",
            Fact::from(
                match w.preemptible.get() {
                    Some(true) => "yes",
                    Some(false) => "no",
                    None => "—",
                }
                .to_owned(),
            ),
        ),
        ("Created", Fact::Time(Some(w.created_at))),
        ("Phase updated", Fact::Time(Some(w.phase_updated_at))),
        ("Completed", Fact::Time(w.completed_at.get())),
        (
            "Time pending",
            Fact::from(
                w.total_pending_time_seconds
                    .get()
                    .map(|s| format_seconds(s as f64))
                    .unwrap_or_else(|| "—".into()),
            ),
        ),
        (
            "Time running",
            Fact::from(match w.total_running_time_seconds.get() {
                // Pending and never run: it has not started, which "0 ms" does not say.
                Some(0) | None if never_started => "not started yet".into(),
                Some(s) => format_seconds(s as f64),
                None => "—".into(),
            }),
        ),
        (
            "Guaranteed runtime ends",
            Fact::Time(w.guaranteed_runtime_ends_at.get()),
        ),
    ];
    view! {
        <dl class="facts">
            {facts.into_iter().map(|(term, value)| view! { <div><dt>{term}</dt><dd>{value}</dd></div> }).collect_view()}
        </dl>
    }
}

fn resources_row(
    label: &str,
    requested: Option<&RequestResources>,
    allocated: String,
) -> impl IntoView + use<> {
    let label = label.to_owned();
    let gpu = requested
        .map(|r| {
            let devices = r
                .gpu
                .as_ref()
                .and_then(|g| g.request.get())
                .map(format_count);
            let memory = r
                .gpu_memory
                .as_ref()
                .and_then(|m| m.request.as_ref())
                .and_then(|q| parse_quantity(q))
                .map(format_bytes);
            let kind = r
                .gpu_request_type
                .as_ref()
                .map(|t| format!(" ({t})"))
                .unwrap_or_default();
            format!("{}{kind}", devices.or(memory).unwrap_or_else(|| "—".into()))
        })
        .unwrap_or_else(|| "—".into());
    let cpu = requested
        .and_then(|r| r.cpu.as_ref())
        .map(|c| {
            format!(
                "{} / {}",
                c.request.get().map(format_count).unwrap_or("—".into()),
                c.limit.get().map(format_count).unwrap_or("—".into())
            )
        })
        .unwrap_or_else(|| "—".into());
    let memory = requested
        .and_then(|r| r.cpu_memory.as_ref())
        .map(|m| {
            let q = |v: Option<&String>| {
                v.and_then(|t| parse_quantity(t))
                    .map(format_bytes)
                    .unwrap_or("—".into())
            };
            format!("{} / {}", q(m.request.as_ref()), q(m.limit.as_ref()))
        })
        .unwrap_or_else(|| "—".into());
    view! { <tr><th scope="row">{label}</th><td>{gpu}</td><td>{cpu}</td><td>{memory}</td><td>{allocated}</td></tr> }
}

/// Resources, pods, images, command, environment, connections, data and conditions.
#[component]
pub fn Sections(workload: Workload) -> impl IntoView {
    let w = workload;
    let allocated = match &w.allocated_resources {
        Maybe::Value(a) => format!(
            "{} GPU · {} cores · {}",
            a.gpu.get().map(format_count).unwrap_or("—".into()),
            a.cpu.get().map(format_count).unwrap_or("—".into()),
            a.cpu_memory
                .as_ref()
                .and_then(|q| parse_quantity(q))
                .map(format_bytes)
                .unwrap_or("—".into())
        ),
        _ => "nothing allocated".to_owned(),
    };
    // MIG profiles and extended resources, where the control plane reports any.
    let describe = |mig: Option<&Vec<Option<runai::model::MigProfile>>>,
                    extended: Option<&Vec<Option<runai::model::ExtendedResource>>>,
                    prefix: &str| {
        let mig = mig
            .into_iter()
            .flatten()
            .flatten()
            .map(|p| format!("{prefix}MIG profile {p}"));
        let extended = extended.into_iter().flatten().flatten().map(|e| {
            format!(
                "{prefix}{} × {}{}",
                e.resource.as_ref().cloned().unwrap_or_default(),
                e.quantity.as_ref().cloned().unwrap_or_default(),
                if e.exclude.get() == Some(true) {
                    " (excluded)"
                } else {
                    ""
                }
            )
        });
        mig.chain(extended).collect::<Vec<_>>()
    };
    let mut extras = Vec::new();
    if let Some(r) = w.workload_requested_resources.as_ref() {
        extras.extend(describe(
            r.mig_profile.as_ref(),
            r.extended_resources.as_ref(),
            "requested ",
        ));
    }
    if let Some(a) = w.allocated_resources.as_ref() {
        extras.extend(describe(
            a.mig_profile.as_ref(),
            a.extended_resources.as_ref(),
            "allocated ",
        ));
    }
    let pods = w.requested_pods.unwrap_or_default();
    let pod_facts = [
        ("Running", Some(w.running_pods)),
        ("Requested", pods.number.get()),
        ("Min", pods.min.get()),
        ("Max", pods.max.get()),
        ("Parallelism", pods.parallelism.get()),
        ("Completions", pods.completions.get()),
    ];
    let env = w.environment_variables.clone().unwrap_or_default();
    let connections = w.external_connections.clone().unwrap_or_default();
    let web = |u: &str| u.starts_with("https://") || u.starts_with("http://");
    let urls: Vec<String> = w
        .urls
        .clone()
        .unwrap_or_default()
        .into_iter()
        .filter(|u| web(u))
        .collect();
    let no_connections = connections.is_empty() && urls.is_empty();
    view! {
        <section aria-labelledby="resources-title">
            <h2 id="resources-title">"Resources"</h2>
            <table>
                <thead><tr><th scope="col">"For"</th><th scope="col">"GPU"</th><th scope="col">"CPU cores (request / limit)"</th><th scope="col">"CPU memory (request / limit)"</th><th scope="col">"Allocated"</th></tr></thead>
                <tbody>
                    {resources_row("Whole workload", w.workload_requested_resources.as_ref(), allocated.clone())}
                    {resources_row("Per pod", w.pods_requested_resources.as_ref(), String::new())}
                </tbody>
            </table>
            {(!extras.is_empty()).then(|| view! { <p>"Also: " {extras.join(", ")}</p> })}
        </section>
        <section aria-labelledby="pods-title">
            <h2 id="pods-title">"Pods"</h2>
            <dl class="facts">
                {pod_facts.into_iter().map(|(k, v)| view! { <div><dt>{k}</dt><dd>{v.map(|v| v.to_string()).unwrap_or("—".into())}</dd></div> }).collect_view()}
            </dl>
        </section>
        <section aria-labelledby="run-title">
            <h2 id="run-title">"What it runs"</h2>
            <dl class="facts wide">
                <div><dt>"Images"</dt><dd>{w.images.clone().unwrap_or_default().join(", ")}</dd></div>
                <div><dt>"Command"</dt><dd><code>{or_dash(w.command.clone())}</code></dd></div>
                <div><dt>"Arguments"</dt><dd><code>{or_dash(w.arguments.clone())}</code></dd></div>
            </dl>
            <table>
                <caption>"Environment variables"</caption>
                <thead><tr><th scope="col">"Name"</th><th scope="col">"Value"</th></tr></thead>
                <tbody>{env.into_iter().map(|(k, v)| view! { <tr><th scope="row"><code>{k}</code></th><td><code>{v}</code></td></tr> }).collect_view()}</tbody>
            </table>
        </section>
        <section aria-labelledby="connections-title">
            <h2 id="connections-title">"Connections"</h2>
            {no_connections.then(|| view! { <p class="none">"No connections: it exposes no tool or URL."</p> })}
            <ul hidden=no_connections>
                {connections.into_iter().map(|c| {
                    let label = format!("{} ({}, {})", c.name, c.tool_type, c.connection_type);
                    match c.url.filter(|u| web(u)) {
                        Some(url) => view! { <li><a href=url rel="noopener noreferrer" target="_blank">{label}</a></li> }.into_any(),
                        None => view! { <li>{label}</li> }.into_any(),
                    }
                }).collect_view()}
                {urls.into_iter().map(|u| view! { <li><a href=u.clone() rel="noopener noreferrer" target="_blank">{u.clone()}</a></li> }).collect_view()}
            </ul>
            <h3>"Data sources"</h3>
            <ul>{w.datasources.clone().unwrap_or_default().into_iter().map(|d| view! { <li>{d.name} " (" {d.type_.unwrap_or_default()} ")"</li> }).collect_view()}</ul>
            <h3>"Environments"</h3>
            <ul>{w.environments.clone().unwrap_or_default().into_iter().map(|e| view! { <li>{e.name} {e.replica_type.as_ref().map(|r| format!(" — {r}"))}</li> }).collect_view()}</ul>
        </section>
        <section aria-labelledby="conditions-title">
            <h2 id="conditions-title">"Conditions"</h2>
            <ol class="timeline">
                {w.conditions.clone().into_iter().map(|c| view! {
                    <li>
                        {when(c.last_transition_time.get())} " "
                        <strong>{c.type_}</strong> " = " {c.status}
                        {c.reason.map(|r| format!(" ({r})"))}
                        {c.message.map(|m| format!(": {m}"))}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}
