//! Arrow keys in the token table: one delegated `keydown` handler on its `<tbody>` moves the
//! focus between the rows' id links.

use leptos::ev::KeyboardEvent;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// The `keydown` handler of a token table's `<tbody>`. On a row's link (the token id, the
/// row's first link): ↓ or `j` focuses the next row's link, ↑ or `k` the previous one,
/// Home the first and End the last. Enter then opens the token as the link does. Keys in
/// other elements of the rows (checkboxes, buttons, the rename field) are left alone.
pub fn table_keydown(ev: KeyboardEvent) {
    if ev.default_prevented() || ev.ctrl_key() || ev.alt_key() || ev.meta_key() || ev.shift_key() {
        return;
    }
    let (Some(body), Some(target)) = (element(ev.current_target()), element(ev.target())) else {
        return;
    };
    let links = row_links(&body);
    let Some(current) = links.iter().position(|link| **link == target) else {
        return;
    };
    let Some(next) = row_step(&ev.key(), current, links.len()) else {
        return;
    };
    ev.prevent_default();
    if let Some(link) = links.get(next) {
        let _ = link.focus();
    }
}

fn element(target: Option<web_sys::EventTarget>) -> Option<Element> {
    target?.dyn_into().ok()
}

/// The first link of each row of `body`, in order.
fn row_links(body: &Element) -> Vec<HtmlElement> {
    std::iter::successors(body.first_element_child(), Element::next_element_sibling)
        .filter_map(|row| row.query_selector("a[href]").ok().flatten())
        .filter_map(|link| link.dyn_into().ok())
        .collect()
}

/// Which of `count` rows `key` moves to from row `current`: the next or previous one
/// (staying put at either end), the first or the last; `None` for any other key.
fn row_step(key: &str, current: usize, count: usize) -> Option<usize> {
    let last = count.checked_sub(1)?;
    Some(match key {
        "ArrowDown" | "j" => (current + 1).min(last),
        "ArrowUp" | "k" => current.saturating_sub(1),
        "Home" => 0,
        "End" => last,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::row_step;

    #[test]
    fn arrows_and_vim_keys_move_one_row_and_stop_at_the_ends() {
        assert_eq!(row_step("ArrowDown", 0, 3), Some(1));
        assert_eq!(row_step("j", 1, 3), Some(2));
        assert_eq!(row_step("ArrowDown", 2, 3), Some(2));
        assert_eq!(row_step("ArrowUp", 2, 3), Some(1));
        assert_eq!(row_step("k", 0, 3), Some(0));
    }

    #[test]
    fn home_and_end_go_to_the_first_and_last_row() {
        assert_eq!(row_step("Home", 2, 3), Some(0));
        assert_eq!(row_step("End", 0, 3), Some(2));
    }

    #[test]
    fn other_keys_and_empty_tables_do_nothing() {
        assert_eq!(row_step("Enter", 0, 3), None);
        assert_eq!(row_step("J", 0, 3), None);
        assert_eq!(row_step("ArrowDown", 0, 0), None);
    }
}
