//! Reusable pieces of the user interface.

mod answer_page_with;
mod clock_texts;
#[cfg(feature = "hydrate")]
mod echarts;
mod echarts_option;
mod error_note;
mod keyboard_shortcuts;
#[cfg(feature = "ssr")]
mod line_chart_option;
#[cfg(feature = "hydrate")]
mod param_controls;
mod phase_badge;
mod problem_note;
mod refresh;
mod retry_by_reloading;
mod server_charts;
mod server_page;
#[cfg(feature = "ssr")]
mod status_colour;
#[cfg(feature = "hydrate")]
mod swap_marked;
mod use_live;
mod use_load_health;
mod use_page_url;
mod use_refresh_ticks;
mod who_am_i;
mod window_choice;

pub use answer_page_with::answer_page_with;
#[cfg(feature = "hydrate")]
pub use clock_texts::advance_clock_texts;
pub use clock_texts::{ago, known_at, waited};
#[cfg(feature = "hydrate")]
pub use echarts::EchartsBuild;
pub use echarts_option::EchartsOption;
pub use error_note::{ErrorNote, StaleNote};
pub use keyboard_shortcuts::{KeyboardShortcuts, SHORTCUTS};
#[cfg(feature = "ssr")]
pub use line_chart_option::{LineChartData, LineSeries, bottom_legend, line_chart_option};
#[cfg(feature = "hydrate")]
pub use param_controls::{element_of, follow_param_controls, go_with};
pub use phase_badge::{COUNTED_PHASES, PhaseBadge, phase_class};
pub use problem_note::{LinkProblems, ProblemNote};
pub use refresh::{Refresh, RefreshSelect};
pub use retry_by_reloading::RetryByReloading;
pub use server_charts::ServerChart;
#[cfg(feature = "hydrate")]
pub use server_charts::draw_server_charts;
#[cfg(feature = "hydrate")]
pub use server_page::load_page;
pub use server_page::{AnswerPart, Stale, StaleMark, follow_server_page};
#[cfg(feature = "ssr")]
pub use status_colour::{FAILED, SUCCEEDED, status_colour};
#[cfg(feature = "hydrate")]
pub use swap_marked::swap_marked;
pub use use_live::{Live, Settled, use_live};
pub use use_load_health::{LoadHealth, RETRY_MS, retry_seconds, use_load_health};
pub use use_page_url::{
    PageUrl, current_url, island_page_path, island_page_query, mark_hydrated, page_query,
    provide_page_url, use_page_url,
};
pub use use_refresh_ticks::use_refresh_ticks;
pub use who_am_i::{Identity, WhoAmI, get_identity};
pub use window_choice::{WindowSelect, window_param};
