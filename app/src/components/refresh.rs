//! Auto-refresh as every live page carries it in its URL (`refresh=5s`), and the one
//! control that chooses it.

use leptos::prelude::*;
use runai::query::QueryParams;

use crate::url_state::Problem;

/// How often a page refreshes itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Refresh {
    #[default]
    Off,
    Seconds(u32),
}

impl Refresh {
    /// The choices offered, in the order shown.
    pub const CHOICES: [Refresh; 5] = [
        Refresh::Off,
        Refresh::Seconds(5),
        Refresh::Seconds(10),
        Refresh::Seconds(30),
        Refresh::Seconds(60),
    ];

    /// The `refresh` parameter of `params`: off when absent or empty; a word that names
    /// no choice is added to `problems`, and off.
    pub fn from_params(params: &QueryParams, problems: &mut Vec<Problem>) -> Self {
        match params.get("refresh") {
            None | Some("") => Refresh::Off,
            Some(id) => Refresh::from_id(id).unwrap_or_else(|| {
                problems.push(Problem::new(
                    "refresh",
                    format!("“{id}” is not off, 5s, 10s, 30s or 1m"),
                ));
                Refresh::Off
            }),
        }
    }

    /// The URL word.
    pub fn id(self) -> &'static str {
        match self {
            Refresh::Off => "off",
            Refresh::Seconds(5) => "5s",
            Refresh::Seconds(10) => "10s",
            Refresh::Seconds(30) => "30s",
            _ => "1m",
        }
    }

    /// What a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Refresh::Off => "Off",
            Refresh::Seconds(5) => "5 s",
            Refresh::Seconds(10) => "10 s",
            Refresh::Seconds(30) => "30 s",
            _ => "1 min",
        }
    }

    /// The period in milliseconds (`None`: off).
    pub fn millis(self) -> Option<u64> {
        match self {
            Refresh::Off => None,
            Refresh::Seconds(s) => Some(u64::from(s) * 1000),
        }
    }

    /// The choice a URL word names.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::CHOICES.into_iter().find(|r| r.id() == id)
    }
}

/// The "Auto-refresh" select: shows `current`, and hands a new choice to `choose`. Without
/// `choose` it is a control the server renders for its page's island to follow
/// (`data-param`: the choice becomes the URL's `refresh`, the page stays where it is).
#[component]
pub fn RefreshSelect(
    #[prop(into)] current: Signal<Refresh>,
    #[prop(optional)] choose: Option<Callback<Refresh>>,
) -> impl IntoView {
    let follows_url = choose.is_none();
    view! {
        <label>
            "Auto-refresh "
            <select
                data-param=follows_url.then_some("refresh")
                data-keeps-page=follows_url.then_some("")
                on:change=move |ev| {
                    if let Some(choose) = choose {
                        choose.run(Refresh::from_id(&event_target_value(&ev)).unwrap_or_default());
                    }
                }
            >
                {Refresh::CHOICES.iter().map(|&r| view! {
                    <option value=r.id() selected=move || current.get() == r>{r.label()}</option>
                }).collect_view()}
            </select>
        </label>
    }
}
