//! A fact on the workload page: words, or an instant in the viewer's zone.

use leptos::prelude::*;
use runai::model::Timestamp;

/// A fact's value: words, or an instant (shown in the viewer's zone).
pub enum Fact {
    Text(String),
    Time(Option<Timestamp>),
}

impl From<String> for Fact {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl IntoRender for Fact {
    type Output = AnyView;
    fn into_render(self) -> AnyView {
        match self {
            Self::Text(text) => text.into_any(),
            Self::Time(at) => when(at).into_any(),
        }
    }
}

/// An instant in the viewer's zone, or a dash.
pub fn when(t: Option<Timestamp>) -> AnyView {
    match t {
        Some(at) => crate::time_zone::shown_instant(at).into_any(),
        None => "—".into_any(),
    }
}
