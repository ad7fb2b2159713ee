//! Text from the API (token and agent names, server messages) rendered as text, with its
//! hidden characters as visible markers (see [`crate::visible_text`]).

use leptos::prelude::*;

use crate::visible_text::{describe, marker, pieces, Piece};

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
    let class = if class.is_empty() {
        "shown-text".to_owned()
    } else {
        format!("shown-text {class}")
    };
    view! {
        <bdi class=class>
            {move || {
                text.with(|text| pieces(text))
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
            }}
        </bdi>
    }
}
