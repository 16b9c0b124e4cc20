//! Which build of Runboard is serving: its version and the commit it was built from,
//! shown in every page's footer. The server provides it (it knows the commit).

use leptos::prelude::*;

/// The version and commit of the running binary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Build {
    /// The crate version, e.g. `0.1.0`.
    pub version: &'static str,
    /// The commit, abbreviated, or `unknown` outside a git checkout.
    pub commit: &'static str,
}

/// The page footer: the build serving the page (server-rendered; nothing without a
/// provided [`Build`]).
#[component]
pub fn BuildFooter() -> impl IntoView {
    use_context::<Build>().map(|build| {
        view! {
            <footer class="build">
                {format!("Runboard {} · commit ", build.version)} <code>{build.commit}</code>
            </footer>
        }
    })
}
