//! Which tokens are chosen for a bulk delete (the list's row checkboxes).

/// The ids selected for a bulk delete: sorted, each once. A sorted vector instead of a set
/// type: a selection is at most a page of rows, and the bundle needs no hashing or tree code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection(Vec<String>);

impl Selection {
    /// Where `id` is (`Ok`) or would go (`Err`).
    fn find(&self, id: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|s| s.as_str().cmp(id))
    }

    /// Selects `id`.
    pub fn insert(&mut self, id: &str) {
        if let Err(at) = self.find(id) {
            self.0.insert(at, id.to_owned());
        }
    }

    /// Unselects `id`.
    pub fn remove(&mut self, id: &str) {
        if let Ok(at) = self.find(id) {
            self.0.remove(at);
        }
    }

    /// Whether `id` is selected.
    pub fn contains(&self, id: &str) -> bool {
        self.find(id).is_ok()
    }

    /// Keeps only the ids for which `keep` says yes.
    pub fn retain(&mut self, keep: impl FnMut(&String) -> bool) {
        self.0.retain(keep);
    }

    /// How many are selected.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The selected ids, in order.
    pub fn ids(&self) -> &[String] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_selection_keeps_each_id_once_in_order() {
        let mut selection = Selection::default();
        for id in ["k2", "k10", "k1", "k2"] {
            selection.insert(id);
        }
        assert_eq!(selection.ids(), ["k1", "k10", "k2"]);
        assert!(selection.contains("k10") && !selection.contains("k3"));
        selection.remove("k10");
        selection.remove("k3");
        assert_eq!(selection.ids(), ["k1", "k2"]);
        selection.retain(|id| id != "k1");
        assert_eq!(
            (selection.ids(), selection.len()),
            (&["k2".to_owned()][..], 1)
        );
        selection.remove("k2");
        assert!(selection.is_empty());
    }
}
