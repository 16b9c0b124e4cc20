//! The header's "Views" menu: the views the caller sees (shared first), each a link,
//! with rename, "replace with this page's view" and delete for those they may change,
//! and a form that saves the page's current view. Plain forms: they work before any
//! script, and their copy of the current view is marked to be swapped in with each
//! newer answer of the page, so they always save what the page shows.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_location;

use super::{
    data::{DeleteView, KeptView, RenameView, ReplaceView, SaveView, list_saved_views},
    link::{MAX_NAME, page_of},
};

/// The "Views" menu.
#[component]
pub fn ViewsMenu() -> impl IntoView {
    let views = Resource::new(|| (), |()| list_saved_views());
    let location = use_location();
    let here = move || {
        let path = location.pathname.get_untracked();
        let query = location.search.get_untracked();
        match query.trim_start_matches('?') {
            "" => path,
            query => format!("{path}?{query}"),
        }
    };
    let here = here();
    let saveable = page_of(&here).is_some();
    let listed = {
        let here = here.clone();
        move || {
            let here = here.clone();
            Suspend::new(async move {
                match views.await {
                    Ok(views) => view! { <KeptViews views here saveable/> }.into_any(),
                    Err(error) => view! {
                        <p role="status">"Saved views are unavailable: " {error.message().to_owned()}</p>
                    }
                    .into_any(),
                }
            })
        }
    };
    view! {
        <details class="views-menu">
            <summary>"Views"</summary>
            <div class="views-panel">
                <Suspense fallback=|| ()>{listed}</Suspense>
                {saveable.then(|| view! { <SaveForm here/> })}
            </div>
        </details>
    }
}

/// The lists: shared with the team, then the caller's own (each only when it has any).
#[component]
fn KeptViews(views: Vec<KeptView>, here: String, saveable: bool) -> impl IntoView {
    if views.is_empty() {
        return view! { <p class="views-none">"No saved views yet."</p> }.into_any();
    }
    let (shared, personal): (Vec<_>, Vec<_>) = views.into_iter().partition(|v| v.shared);
    let list = |views: Vec<KeptView>, id: &'static str, heading: &'static str| {
        (!views.is_empty()).then(|| {
            let here = here.clone();
            view! {
                <section aria-labelledby=id>
                    <h2 id=id>{heading}</h2>
                    <ul class="kept-views">
                        {views
                            .into_iter()
                            .map(|kept| view! { <KeptViewItem kept here=here.clone() saveable/> })
                            .collect_view()}
                    </ul>
                </section>
            }
            .into_any()
        })
    };
    view! {
        {list(shared, "views-shared-heading", "Shared with the team")}
        {list(personal, "views-personal-heading", "Only you")}
    }
    .into_any()
}

/// One view: its link, its page and owner, and the changes the caller may make.
#[component]
fn KeptViewItem(kept: KeptView, here: String, saveable: bool) -> impl IntoView {
    let page = page_of(&kept.link).unwrap_or("Page");
    let about = match kept.shared {
        true => format!("{page} · saved by {}", kept.owner),
        false => page.to_owned(),
    };
    let changes = kept.may_change.then(|| {
        let name = kept.name.clone();
        let id = kept.id.clone();
        let replace = saveable.then(|| {
            view! {
                <form method="post" action=ReplaceView::url()>
                    <input type="hidden" name="id" value=id.clone()/>
                    <span id=format!("views-here-{id}") data-swap="">
                        <input type="hidden" name="link" value=here.clone()/>
                    </span>
                    <button type="submit" aria-label=format!("Replace “{name}” with this page's view")>
                        "Replace with this page's view"
                    </button>
                </form>
            }
        });
        view! {
            <details class="kept-view-change">
                <summary aria-label=format!("Change “{name}”")>"Change"</summary>
                <form method="post" action=RenameView::url()>
                    <input type="hidden" name="id" value=id.clone()/>
                    <label>
                        "New name "
                        <input name="name" value=name.clone() required maxlength=MAX_NAME/>
                    </label>
                    <button type="submit" aria-label=format!("Rename “{name}”")>"Rename"</button>
                </form>
                {replace}
                <form method="post" action=DeleteView::url()>
                    <input type="hidden" name="id" value=id.clone()/>
                    <button type="submit" aria-label=format!("Delete “{name}”")>"Delete"</button>
                </form>
            </details>
        }
    });
    view! {
        <li class="kept-view">
            <a href=kept.link>{kept.name}</a>
            <span class="kept-view-about">{about}</span>
            {changes}
        </li>
    }
    .into_any()
}

/// Saves the page's current view under a name.
#[component]
fn SaveForm(here: String) -> impl IntoView {
    view! {
        <form method="post" action=SaveView::url() class="views-save" aria-label="Save this view">
            <label>"Name " <input name="name" required maxlength=MAX_NAME autocomplete="off"/></label>
            <label><input type="checkbox" name="shared"/> " Share with the team"</label>
            <span id="views-here" data-swap="">
                <input type="hidden" name="link" value=here/>
            </span>
            <button type="submit">"Save this view"</button>
        </form>
    }
}
