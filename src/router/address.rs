//! Addresses inside the app, apart from where the browser keeps them: a path and a query
//! string, read from and written to either the URL's path (standalone) or its fragment
//! (embedded, where the host page owns the path). Pure: tested natively.

use ai_client::encode::form_decode;

/// Where the app keeps its address in the browser's URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// In the path and query: `/tokens?page=2` (the app owns the page).
    #[default]
    Path,
    /// In the fragment: `…#/tokens?page=2` (a host page owns the path and query).
    Hash,
}

/// An address of the app: `/tokens/abc`, with its query string (without `?`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Address {
    /// Starts with `/`.
    pub path: String,
    /// The query string without its `?`; empty for none.
    pub search: String,
}

impl Address {
    /// The address in `text`, a path with an optional query (`/tokens?q=x`). A leading `#`
    /// (a link written for [`Mode::Hash`]) is dropped; an empty path is `/`.
    pub fn parse(text: &str) -> Self {
        let text = text.strip_prefix('#').unwrap_or(text);
        let (path, search) = text.split_once('?').unwrap_or((text, ""));
        let path = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        };
        Self {
            path,
            search: search.to_owned(),
        }
    }

    /// Path and query as one text: `/tokens?q=x`.
    pub fn to_text(&self) -> String {
        if self.search.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.search)
        }
    }
}

impl Mode {
    /// The app's address in the browser's `pathname`, `search` (with `?`) and `hash` (with `#`).
    pub fn read(self, pathname: &str, search: &str, hash: &str) -> Address {
        match self {
            Mode::Path => Address {
                path: pathname.to_owned(),
                search: search.strip_prefix('?').unwrap_or(search).to_owned(),
            },
            Mode::Hash => Address::parse(hash),
        }
    }

    /// The URL to put in the browser's history for `address`, given the page's `pathname`
    /// and `search` (kept as they are in [`Mode::Hash`]).
    pub fn write(self, address: &Address, pathname: &str, search: &str) -> String {
        match self {
            Mode::Path => address.to_text(),
            Mode::Hash => format!("{pathname}{search}#{}", address.to_text()),
        }
    }

    /// What an `<a href>` to `target` (a path with an optional query) says in this mode.
    pub fn href(self, target: &str) -> String {
        match self {
            Mode::Path => target.to_owned(),
            Mode::Hash if target.starts_with('#') => target.to_owned(),
            Mode::Hash => format!("#{target}"),
        }
    }

    /// The app address an `<a href>` attribute leads to, if it is a link inside the app:
    /// `/…` (not `//…`) in path mode, `#/…` in hash mode.
    pub fn link_target(self, href: &str) -> Option<Address> {
        let inside = match self {
            Mode::Path => href.starts_with('/') && !href.starts_with("//"),
            Mode::Hash => href.starts_with("#/"),
        };
        inside.then(|| Address::parse(href))
    }
}

/// Names and values, from a route's `:name` segments or a query string.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParamsMap(Vec<(String, String)>);

impl ParamsMap {
    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }

    /// The pairs of a query string (without `?`), form-decoded.
    pub fn from_query(search: &str) -> Self {
        Self(
            search
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|pair| {
                    let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                    (form_decode(name), form_decode(value))
                })
                .collect(),
        )
    }
}

/// The parameters of `path` when it matches `pattern` (`/tokens/:id`): literal segments
/// equal, each `:name` one non-empty segment (percent-decoded). A trailing `/` is ignored.
pub fn match_path(pattern: &str, path: &str) -> Option<ParamsMap> {
    let segments = |s: &str| -> Vec<String> {
        s.trim_end_matches('/')
            .split('/')
            .skip(1)
            .map(str::to_owned)
            .collect()
    };
    let (pattern, path) = (segments(pattern), segments(path));
    if pattern.len() != path.len() {
        return None;
    }
    let mut params = Vec::new();
    for (want, have) in pattern.iter().zip(&path) {
        match want.strip_prefix(':') {
            Some(_) if have.is_empty() => return None,
            Some(name) => params.push((name.to_owned(), percent_decode(have))),
            None if want != have => return None,
            None => {}
        }
    }
    Some(ParamsMap(params))
}

/// A path segment decoded: `%XX` as bytes, `+` kept (it is no space in a path).
fn percent_decode(segment: &str) -> String {
    form_decode(&segment.replace('+', "%2B"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_mode_reads_and_writes_the_path() {
        let here = Mode::Path.read("/tokens", "?q=a&page=2", "#x");
        assert_eq!(here.path, "/tokens");
        assert_eq!(here.search, "q=a&page=2");
        assert_eq!(
            Mode::Path.write(&here, "/ignored", ""),
            "/tokens?q=a&page=2"
        );
        assert_eq!(Mode::Path.href("/tokens/new"), "/tokens/new");
    }

    #[test]
    fn hash_mode_keeps_the_host_path_and_query() {
        let here = Mode::Hash.read("/extensions/tokens", "?tab=1", "#/tokens?q=a&page=2");
        assert_eq!(here, Address::parse("/tokens?q=a&page=2"));
        assert_eq!(
            Mode::Hash.write(&here, "/extensions/tokens", "?tab=1"),
            "/extensions/tokens?tab=1#/tokens?q=a&page=2"
        );
        assert_eq!(Mode::Hash.read("/x", "", "").path, "/");
        assert_eq!(Mode::Hash.read("/x", "", "#").path, "/");
        assert_eq!(Mode::Hash.href("/tokens"), "#/tokens");
        assert_eq!(Mode::Hash.href("#/tokens"), "#/tokens");
    }

    #[test]
    fn only_links_inside_the_app_are_taken() {
        assert_eq!(
            Mode::Path.link_target("/tokens?page=2"),
            Some(Address::parse("/tokens?page=2"))
        );
        assert_eq!(Mode::Path.link_target("//evil.example/x"), None);
        assert_eq!(Mode::Path.link_target("https://x.example/"), None);
        assert_eq!(Mode::Path.link_target("#/tokens"), None);
        assert_eq!(
            Mode::Hash.link_target("#/tokens/a"),
            Some(Address::parse("/tokens/a"))
        );
        assert_eq!(Mode::Hash.link_target("/tokens"), None);
        assert_eq!(Mode::Hash.link_target("#top"), None);
    }

    #[test]
    fn routes_match_segment_by_segment() {
        assert_eq!(match_path("/tokens", "/tokens"), Some(ParamsMap::default()));
        assert_eq!(
            match_path("/tokens", "/tokens/"),
            Some(ParamsMap::default())
        );
        assert_eq!(match_path("/", "/"), Some(ParamsMap::default()));
        assert_eq!(match_path("/tokens", "/tokens/a"), None);
        assert_eq!(match_path("/tokens/new", "/tokens/newer"), None);
        let params = match_path("/tokens/:id", "/tokens/a%20b+c").unwrap();
        assert_eq!(params.get("id").as_deref(), Some("a b+c"));
        assert_eq!(match_path("/tokens/:id", "/tokens//"), None);
        assert_eq!(match_path("/", "/tokens"), None);
    }

    #[test]
    fn query_strings_are_form_decoded() {
        let query = ParamsMap::from_query("next=%2Ftokens%3Fpage%3D2&created=1&q=a+b&q=c");
        assert_eq!(query.get("next").as_deref(), Some("/tokens?page=2"));
        assert_eq!(query.get("created").as_deref(), Some("1"));
        assert_eq!(query.get("q").as_deref(), Some("a b"));
        assert_eq!(query.get("missing"), None);
    }
}
