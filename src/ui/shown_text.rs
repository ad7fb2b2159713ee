//! Text from the API (token and agent names, server messages) rendered as text, with its
//! hidden characters as visible markers (see [`crate::ui::visible_text`]).

use leptos::prelude::*;

use crate::ui::visible_text::{describe, marker, pieces, Piece};

/// `text` in a `<bdi>` (so right-to-left text cannot reorder what is around it), with each
/// hidden character shown as a small marked `⟨U+202E⟩` whose accessible name says what it
/// is. Never parsed as markup.
#[component]
pub fn ShownText(
    /// The text as the API gave it.
    #[prop(into)]
    text: Signal<String>,
    /// Extra classes for the `<bdi>`, e.g. `truncate`.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    view! { <bdi class=bdi_class(class)>{move || text.with(|text| pieces_view(text))}</bdi> }
}

/// [`ShownText`] for text that never changes, such as a table cell: the same markup with
/// no reactive node, so a page of rows stays cheap to build and to drop.
pub fn fixed_shown_text(text: &str) -> impl IntoView {
    view! { <bdi class="shown-text">{pieces_view(text)}</bdi> }
}

fn bdi_class(extra: &str) -> String {
    if extra.is_empty() {
        "shown-text".to_owned()
    } else {
        format!("shown-text {extra}")
    }
}

/// Ordinary runs as text, each hidden character as a marked span.
fn pieces_view(text: &str) -> AnyView {
    let mut pieces = pieces(text);
    if let [Piece::Text(run)] = pieces.as_mut_slice() {
        return std::mem::take(run).into_any();
    }
    pieces
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(run) => run.into_any(),
            Piece::Hidden(c) => {
                let label = describe(c);
                view! {
                    <span class="hidden-char" role="img" aria-label=label.clone() title=label>
                        {marker(c)}
                    </span>
                }
                .into_any()
            }
        })
        .collect_view()
        .into_any()
}
