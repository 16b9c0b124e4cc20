//! The header's account corner: who is signed in, what Run:ai is called as, against
//! which control plane, and the sign-out button.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Who is signed in, what Run:ai is called as, and where: shown in the header.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Identity {
    /// The person: their key's client id, user name, or the proxy's user.
    pub principal: String,
    /// Service-account mode: the key the server uses for them.
    pub acting_as: Option<String>,
    pub upstream_url: String,
    pub demo: bool,
}

/// The signed-in caller.
#[server(endpoint = "identity")]
pub async fn get_identity() -> Result<Identity, AppError> {
    let caller = crate::caller::current_caller()?;
    let upstream = crate::caller::current_upstream()?;
    Ok(Identity {
        principal: caller.principal,
        acting_as: caller.acting_as,
        upstream_url: upstream.info.url.clone(),
        demo: upstream.info.demo,
    })
}

/// Who is signed in, what Run:ai is called as, against which control plane, and the
/// sign-out button.
#[component]
pub fn WhoAmI() -> impl IntoView {
    let identity = Resource::new(|| (), |()| get_identity());
    view! {
        <div class="whoami" role="group" aria-label="Signed in">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    identity.await.ok().map(|id| {
                        let upstream = if id.demo { "demo simulator".to_owned() } else { id.upstream_url.clone() };
                        let acting = id.acting_as.map(|key| view! { " · Run:ai as " <code>{key}</code> });
                        view! {
                            <span>
                                "Signed in as " <strong>{id.principal}</strong> {acting}
                                " · " <span title=id.upstream_url>{upstream}</span>
                            </span>
                            <form method="post" action="/logout">
                                <button type="submit" class="link-button">"Sign out"</button>
                            </form>
                        }
                    })
                })}
            </Suspense>
        </div>
    }
}
