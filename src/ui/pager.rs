//! Pagination of a list: page size, steps, page numbers and "21–40 of 1,234".

use leptos::prelude::*;

use super::format::thousands;
use super::keyed_items::keyed_items;
use super::unique_id;
use crate::i18n::{t, tf};

/// Page numbers shown on each side of the current one.
const NEIGHBOURS: u32 = 2;

/// A `<nav aria-label="Pagination">` with a "Rows per page" select, First/Previous/Next/
/// Last buttons, a window of numbered pages and the range shown. Without a total, Next
/// stays enabled while pages come back full, and the range reads "21–40 of many".
/// Unavailable steps are `aria-disabled`, so a focused button keeps focus.
#[component]
pub fn Pager(
    /// The current page, from 1.
    #[prop(into)]
    page: Signal<u32>,
    /// Rows per page, one of `sizes`.
    #[prop(into)]
    size: Signal<u32>,
    /// The page sizes offered.
    sizes: &'static [u32],
    /// The number of rows in the whole list, if the server said.
    #[prop(into)]
    total: Signal<Option<u64>>,
    /// How many rows the current page holds.
    #[prop(into)]
    rows_on_page: Signal<usize>,
    /// Called with the page to go to.
    #[prop(into)]
    on_page: Callback<u32>,
    /// Called with the chosen page size.
    #[prop(into)]
    on_size: Callback<u32>,
) -> impl IntoView {
    let size_id = unique_id("page-size");
    let position = Memo::new(move |_| Position {
        page: page.get().max(1),
        size: size.get().max(1),
        rows: rows_on_page.get(),
        total: total.get(),
    });

    let step =
        move |label: &'static str, glyph: &'static str, target: fn(&Position) -> Option<u32>| {
            let target = Memo::new(move |_| position.with(target));
            view! {
                <button
                    type="button"
                    class="pager-step"
                    aria-label=label
                    title=label
                    aria-disabled=move || target.with(Option::is_none).then_some("true")
                    on:click=move |_| {
                        if let Some(page) = target.get_untracked() {
                            on_page.run(page);
                        }
                    }
                >
                    <span aria-hidden="true">{glyph}</span>
                </button>
            }
        };

    view! {
        <nav class="pager" aria-label=t("Pagination")>
            <div class="pager-size">
                <label for=size_id.clone()>{t("Rows per page")}</label>
                <select
                    id=size_id
                    on:change=move |ev| {
                        if let Ok(size) = event_target_value(&ev).parse() {
                            on_size.run(size);
                        }
                    }
                >
                    {sizes
                        .iter()
                        .map(|&n| {
                            view! {
                                <option value=n.to_string() prop:selected=move || size.get() == n>
                                    {n}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <p class="pager-status">{move || position.with(Position::status)}</p>
            <div class="pager-pages">
                {step(t("First page"), "«", |p| (p.page > 1).then_some(1))}
                {step(t("Previous page"), "‹", |p| (p.page > 1).then(|| p.page - 1))}
                <ul>
                    {keyed_items(
                        move || position.with(Position::window),
                        |item| *item,
                        move |item| view! {
                        <li>
                            {match item {
                                Item::Page(n) => {
                                    view! {
                                        <button
                                            type="button"
                                            class="pager-number"
                                            aria-label=tf("Page {}", &[&n.to_string()])
                                            aria-current=move || position.with(|p| p.page == n).then_some("page")
                                            on:click=move |_| {
                                                if position.with_untracked(|p| p.page != n) {
                                                    on_page.run(n);
                                                }
                                            }
                                        >
                                            {n}
                                        </button>
                                    }
                                        .into_any()
                                }
                                Item::Gap(_) => view! { <span class="pager-gap" aria-hidden="true">"…"</span> }.into_any(),
                            }}
                        </li>
                        },
                    )}
                </ul>
                {step(t("Next page"), "›", |p| p.has_next().then(|| p.page + 1))}
                {step(t("Last page"), "»", |p| p.last_page().filter(|&last| p.page < last))}
            </div>
        </nav>
    }
}

/// An entry of the page-number window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Item {
    /// A numbered page.
    Page(u32),
    /// Skipped pages after this page number.
    Gap(u32),
}

/// Where the current page sits in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Position {
    page: u32,
    size: u32,
    rows: usize,
    total: Option<u64>,
}

impl Position {
    /// Rows before this page.
    fn offset(&self) -> u64 {
        u64::from(self.page - 1) * u64::from(self.size)
    }

    /// The total: as given, or known because this page is the last one (not full).
    fn known_total(&self) -> Option<u64> {
        self.total.or_else(|| {
            let last = self.rows < self.size as usize && (self.rows > 0 || self.page == 1);
            last.then(|| self.offset() + self.rows as u64)
        })
    }

    /// The last page, if the total is known.
    fn last_page(&self) -> Option<u32> {
        let total = self.known_total()?;
        let pages = total.div_ceil(u64::from(self.size)).max(1);
        Some(u32::try_from(pages).unwrap_or(u32::MAX))
    }

    /// Whether a page follows this one (or may: unknown total and a full page).
    fn has_next(&self) -> bool {
        match self.last_page() {
            Some(last) => self.page < last,
            None => self.rows >= self.size as usize,
        }
    }

    /// "21–40 of 1,234", "21–40 of many" or "0 of 0" (in the current language).
    fn status(&self) -> String {
        let of = self
            .known_total()
            .map_or_else(|| t("many").to_owned(), thousands);
        if self.rows == 0 {
            return tf("0 of {}", &[&of]);
        }
        let first = self.offset() + 1;
        let last = self.offset() + self.rows as u64;
        tf("{}–{} of {}", &[&thousands(first), &thousands(last), &of])
    }

    /// Page 1, the last page and the current one with its neighbours, with gaps between;
    /// nothing beyond the current page while the total is unknown.
    fn window(&self) -> Vec<Item> {
        let last = self.last_page().unwrap_or(self.page);
        let end = last.max(self.page);
        let near = self.page.saturating_sub(NEIGHBOURS).max(1)
            ..=self.page.saturating_add(NEIGHBOURS).min(end);
        // Kept sorted and unique by inserting in place (a few numbers: no sort routine needed).
        let mut pages: Vec<u32> = Vec::new();
        for n in [1, last].into_iter().chain(near) {
            if let Err(at) = pages.binary_search(&n) {
                pages.insert(at, n);
            }
        }
        let mut items = Vec::with_capacity(pages.len() + 2);
        for (i, &n) in pages.iter().enumerate() {
            if let Some(&before) = i.checked_sub(1).and_then(|j| pages.get(j)) {
                match n - before {
                    1 => {}
                    2 => items.push(Item::Page(before + 1)),
                    _ => items.push(Item::Gap(before)),
                }
            }
            items.push(Item::Page(n));
        }
        items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(page: u32, size: u32, rows: usize, total: Option<u64>) -> Position {
        Position {
            page,
            size,
            rows,
            total,
        }
    }

    fn shown(position: Position) -> String {
        position
            .window()
            .iter()
            .map(|item| match item {
                Item::Page(n) if *n == position.page => format!("[{n}]"),
                Item::Page(n) => n.to_string(),
                Item::Gap(_) => "…".into(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn window_around_the_current_page() {
        assert_eq!(shown(at(6, 20, 20, Some(1000))), "1 … 4 5 [6] 7 8 … 50");
        assert_eq!(shown(at(1, 20, 20, Some(1000))), "[1] 2 3 … 50");
        assert_eq!(shown(at(4, 20, 20, Some(1000))), "1 2 3 [4] 5 6 … 50");
        assert_eq!(shown(at(5, 20, 20, Some(1000))), "1 2 3 4 [5] 6 7 … 50");
        assert_eq!(shown(at(50, 20, 20, Some(1000))), "1 … 48 49 [50]");
        assert_eq!(shown(at(1, 25, 3, Some(3))), "[1]");
        assert_eq!(shown(at(1, 25, 0, Some(0))), "[1]");
        assert_eq!(shown(at(2, 10, 5, Some(15))), "1 [2]");
    }

    #[test]
    fn window_stops_at_the_current_page_without_a_total() {
        assert_eq!(shown(at(6, 20, 20, None)), "1 … 4 5 [6]");
        assert_eq!(shown(at(2, 20, 20, None)), "1 [2]");
        assert_eq!(shown(at(9, 20, 0, None)), "1 … 7 8 [9]");
    }

    #[test]
    fn window_past_the_end_keeps_the_current_page() {
        assert_eq!(shown(at(9, 10, 0, Some(25))), "1 2 3 … 7 8 [9]");
    }

    #[test]
    fn status_text() {
        assert_eq!(at(2, 20, 20, Some(1234)).status(), "21–40 of 1,234");
        assert_eq!(at(2, 20, 20, None).status(), "21–40 of many");
        assert_eq!(at(3, 20, 7, None).status(), "41–47 of 47");
        assert_eq!(at(1, 25, 0, Some(0)).status(), "0 of 0");
        assert_eq!(at(1, 25, 0, None).status(), "0 of 0");
        assert_eq!(at(4, 25, 0, None).status(), "0 of many");
        assert_eq!(at(62, 100, 34, Some(6134)).status(), "6,101–6,134 of 6,134");
        crate::i18n::set_current(crate::i18n::Locale::De);
        assert_eq!(at(2, 20, 20, Some(1234)).status(), "21–40 von 1.234");
        assert_eq!(at(2, 20, 20, None).status(), "21–40 von vielen");
        crate::i18n::set_current(crate::i18n::Locale::En);
    }

    #[test]
    fn steps() {
        let full_unknown = at(2, 20, 20, None);
        assert!(full_unknown.has_next());
        assert_eq!(full_unknown.last_page(), None);
        let partial_unknown = at(2, 20, 19, None);
        assert!(!partial_unknown.has_next());
        assert_eq!(partial_unknown.last_page(), Some(2));
        assert!(at(2, 20, 20, Some(1234)).has_next());
        assert_eq!(at(2, 20, 20, Some(1234)).last_page(), Some(62));
        assert!(!at(62, 20, 14, Some(1234)).has_next());
        assert_eq!(at(1, 25, 0, Some(0)).last_page(), Some(1));
        assert_eq!(at(1, 10, 10, Some(u64::MAX)).last_page(), Some(u32::MAX));
    }
}
