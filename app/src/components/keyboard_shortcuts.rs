//! Keyboard shortcuts on every page, and their cheat sheet (`?`). A shortcut never fires
//! while a person types in a field, or with a modifier held (those keys are the
//! browser's).

use leptos::prelude::*;

/// Each shortcut and what it does, as the cheat sheet lists them.
pub const SHORTCUTS: [(&str, &str); 10] = [
    ("/", "Focus the filter"),
    ("j / k", "Next / previous row of the table"),
    ("Enter", "Open the focused row"),
    ("x", "Tick the focused row for comparison"),
    ("g w", "Go to the workloads"),
    ("g o", "Go to the overview"),
    ("g l", "Go to the ledger"),
    ("g q", "Go to the queue"),
    ("r", "Refresh the page"),
    ("?", "Show or hide these shortcuts"),
];

/// The `id` of the cheat sheet's dialog.
const SHEET_ID: &str = "shortcuts";

/// The cheat sheet (a dialog `?` opens) and the island that follows the keys.
#[component]
pub fn KeyboardShortcuts() -> impl IntoView {
    view! {
        <dialog id=SHEET_ID class="shortcuts" aria-labelledby="shortcuts-title">
            <h2 id="shortcuts-title">"Keyboard shortcuts"</h2>
            <dl>
                {SHORTCUTS.iter().map(|(keys, what)| view! {
                    <div><dt><kbd>{*keys}</kbd></dt><dd>{*what}</dd></div>
                }).collect_view()}
            </dl>
            <form method="dialog"><button type="submit">"Close"</button></form>
        </dialog>
        <ShortcutKeys/>
    }
}

/// Follows the keys pressed anywhere on the page. No props: it acts on the page's
/// marked elements (`data-shortcut="filter"`, the workloads table's rows).
#[island]
fn ShortcutKeys() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    follow_keys();
}

#[cfg(feature = "hydrate")]
fn follow_keys() {
    use leptos_use::{use_document, use_event_listener};

    // `g` waits for the next key to say where to go.
    let going = StoredValue::new(false);
    let _ = use_event_listener(
        use_document(),
        leptos::ev::keydown,
        move |event: web_sys::KeyboardEvent| {
            if event.ctrl_key() || event.meta_key() || event.alt_key() || typing(&event) {
                return;
            }
            let key = event.key();
            if going.get_value() {
                going.set_value(false);
                let to = match key.as_str() {
                    "w" => "/workloads",
                    "o" => "/overview",
                    "l" => "/ledger",
                    "q" => "/queue",
                    _ => return,
                };
                event.prevent_default();
                let _ = window().location().set_href(to);
                return;
            }
            let handled = match key.as_str() {
                "g" => {
                    going.set_value(true);
                    true
                }
                "/" => focus(r#"[data-shortcut="filter"]"#),
                "j" => move_row(1),
                "k" => move_row(-1),
                "x" => tick_row(),
                "r" => window().location().reload().is_ok(),
                "?" => toggle_sheet(),
                _ => false,
            };
            if handled {
                event.prevent_default();
            }
        },
    );
    // Says the keys are followed (tests wait for it, as for `data-hydrated`).
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-shortcuts", "on");
    }
}

/// Whether the key goes to a field the person is typing in (a box to tick is not one).
#[cfg(feature = "hydrate")]
fn typing(event: &web_sys::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|el| {
            let ticking = el
                .dyn_ref::<web_sys::HtmlInputElement>()
                .is_some_and(|input| matches!(input.type_().as_str(), "checkbox" | "radio"));
            (matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") && !ticking)
                || el.is_content_editable()
        })
}

/// Focuses the first element matching `selector`; whether there was one.
#[cfg(feature = "hydrate")]
fn focus(selector: &str) -> bool {
    use wasm_bindgen::JsCast;
    document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|el| el.focus().is_ok())
}

/// The table row holding the focus (its link or its box), if any.
#[cfg(feature = "hydrate")]
fn focused_row() -> Option<web_sys::Element> {
    document()
        .active_element()?
        .closest("table.workloads tbody tr")
        .ok()
        .flatten()
}

/// Moves the focus `step` rows down (or up) the workloads table, to the row's link.
#[cfg(feature = "hydrate")]
fn move_row(step: i32) -> bool {
    use wasm_bindgen::JsCast;
    let Ok(links) = document().query_selector_all("table.workloads tbody th a") else {
        return false;
    };
    let count = links.length() as i32;
    if count == 0 {
        return false;
    }
    let row: Option<web_sys::Node> = focused_row().map(Into::into);
    let current = (0..count).find(|&i| {
        links
            .item(i as u32)
            .and_then(|link| link.dyn_into::<web_sys::Element>().ok())
            .and_then(|link| link.closest("tr").ok().flatten())
            .is_some_and(|tr| tr.is_same_node(row.as_ref()))
    });
    let next = match current {
        Some(i) => (i + step).clamp(0, count - 1),
        None if step > 0 => 0,
        None => count - 1,
    };
    links
        .item(next as u32)
        .and_then(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|link| link.focus().is_ok())
}

/// Ticks (or unticks) the focused table row for comparison, as a click on its box, and
/// leaves the focus on the box (which keeps it when the table is swapped, by its id).
#[cfg(feature = "hydrate")]
fn tick_row() -> bool {
    use wasm_bindgen::JsCast;
    focused_row()
        .and_then(|row| row.query_selector("th input[type=checkbox]").ok().flatten())
        .and_then(|input| input.dyn_into::<web_sys::HtmlElement>().ok())
        .map(|input| {
            input.click();
            let _ = input.focus();
        })
        .is_some()
}

/// Opens the cheat sheet, or closes it when it is open.
#[cfg(feature = "hydrate")]
fn toggle_sheet() -> bool {
    use wasm_bindgen::JsCast;
    let Some(sheet) = document()
        .get_element_by_id(SHEET_ID)
        .and_then(|el| el.dyn_into::<web_sys::HtmlDialogElement>().ok())
    else {
        return false;
    };
    if sheet.open() {
        sheet.close();
    } else {
        let _ = sheet.show_modal();
    }
    true
}
