//! The token list's state and its URL form `?q=&raw=1&unused=1&page=&size=&sort=`, so
//! reload, Back/Forward and shared links show the same list.

use qlang::{ParseError, SortKey};

use crate::i18n::t;
use ai_client::encode::{form_decode, percent_encode};
use ai_client::ListQuery;

/// The page sizes offered.
pub const PAGE_SIZES: [u32; 4] = [10, 25, 50, 100];
/// The page size when the URL gives none (or one not offered).
pub const DEFAULT_PAGE_SIZE: u32 = 25;

/// A sortable column of the token list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortColumn {
    /// `id`
    Id,
    /// `name`
    Name,
    /// `metadata.createdAt`
    Created,
    /// `metadata.modifiedAt`
    Modified,
    /// `metadata.version`
    Version,
    /// The value's age: `metadata.createdAt` the other way round (a value never changes,
    /// so its token's creation is its age), youngest first when ascending.
    Age,
}

impl SortColumn {
    /// Every column, in table order.
    pub const ALL: [SortColumn; 6] = [
        Self::Id,
        Self::Name,
        Self::Created,
        Self::Modified,
        Self::Version,
        Self::Age,
    ];

    /// The API field it sorts by.
    pub fn field(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Name => "name",
            Self::Created | Self::Age => "metadata.createdAt",
            Self::Modified => "metadata.modifiedAt",
            Self::Version => "metadata.version",
        }
    }

    /// Whether sorting this column in `direction` sorts its API field descending: the
    /// age grows as the creation time falls.
    pub fn descending(self, direction: Direction) -> bool {
        (direction == Direction::Desc) != (self == Self::Age)
    }

    /// Its name in the URL: `id`, `name`, `created`, `modified`, `version` or `age`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Name => "name",
            Self::Created => "created",
            Self::Modified => "modified",
            Self::Version => "version",
            Self::Age => "age",
        }
    }

    /// Its heading in the table, which is also its sort button's accessible name, in the
    /// current language.
    pub fn label(self) -> &'static str {
        match self {
            Self::Id => t("ID"),
            Self::Name => t("Name"),
            Self::Created => t("Created"),
            Self::Modified => t("Modified"),
            Self::Version => t("Version"),
            Self::Age => t("Value age"),
        }
    }

    /// The column for a URL key or an API field name, in any case (`metadata.createdAt` is
    /// the Created column).
    fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|c| c.key().eq_ignore_ascii_case(text) || c.field().eq_ignore_ascii_case(text))
    }
}

/// A sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Ascending (`asc`).
    Asc,
    /// Descending (`desc`).
    Desc,
}

impl Direction {
    fn key(self) -> &'static str {
        match self {
            Direction::Asc => "asc",
            Direction::Desc => "desc",
        }
    }
}

/// What the token list shows: search, mode, filter, page, page size and sort.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListState {
    /// The search box as typed: plain text (name contains) or, when `raw`, a `q` query.
    pub search: String,
    /// Advanced mode: `search` is sent as `q` after validation.
    pub raw: bool,
    /// Only the tokens no agent, tool, MCP server or OAuth configuration references. The
    /// API cannot ask for that (`q` has no negation), so such a list is paged in the app.
    pub unused: bool,
    /// 1-based page.
    pub page: u32,
    /// One of [`PAGE_SIZES`].
    pub size: u32,
    /// The sorted column and direction; `None` leaves the order to the server.
    pub sort: Option<(SortColumn, Direction)>,
}

impl Default for ListState {
    fn default() -> Self {
        Self {
            search: String::new(),
            raw: false,
            unused: false,
            page: 1,
            size: DEFAULT_PAGE_SIZE,
            sort: None,
        }
    }
}

impl ListState {
    /// Reads a query string (with or without the leading `?`). Unknown parameters are
    /// ignored, a repeated one counts the first time, and a value that makes no sense
    /// falls back to its default.
    pub fn from_query_string(query: &str) -> Self {
        let (mut search, mut raw, mut unused) = (None, None, None);
        let (mut page, mut size, mut sort) = (None, None, None);
        for pair in query
            .strip_prefix('?')
            .unwrap_or(query)
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = || form_decode(value);
            match form_decode(name).as_str() {
                "q" => search = search.or_else(|| Some(value())),
                "raw" => raw = raw.or_else(|| Some(flag(&value()))),
                "unused" => unused = unused.or_else(|| Some(flag(&value()))),
                "page" => {
                    page = page.or_else(|| Some(value().trim().parse().ok().filter(|p| *p >= 1)))
                }
                "size" => {
                    size = size.or_else(|| {
                        Some(
                            value()
                                .trim()
                                .parse()
                                .ok()
                                .filter(|s| PAGE_SIZES.contains(s)),
                        )
                    })
                }
                "sort" => sort = sort.or_else(|| Some(parse_sort(&value()))),
                _ => {}
            }
        }
        let defaults = Self::default();
        Self {
            search: search.unwrap_or(defaults.search),
            raw: raw.unwrap_or(defaults.raw),
            unused: unused.unwrap_or(defaults.unused),
            page: page.flatten().unwrap_or(defaults.page),
            size: size.flatten().unwrap_or(defaults.size),
            sort: sort.flatten(),
        }
    }

    /// The query string, `?`-prefixed, leaving out defaults; `""` for the default state.
    pub fn to_query_string(&self) -> String {
        let defaults = Self::default();
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.search.is_empty() {
            pairs.push(("q", self.search.clone()));
        }
        if self.raw {
            pairs.push(("raw", "1".into()));
        }
        if self.unused {
            pairs.push(("unused", "1".into()));
        }
        if self.page != defaults.page {
            pairs.push(("page", self.page.to_string()));
        }
        if self.size != defaults.size {
            pairs.push(("size", self.size.to_string()));
        }
        if let Some((column, direction)) = self.sort {
            pairs.push(("sort", format!("{}:{}", column.key(), direction.key())));
        }
        let mut out = String::new();
        for (name, value) in pairs {
            out.push(if out.is_empty() { '?' } else { '&' });
            out.push_str(name);
            out.push('=');
            out.push_str(&percent_encode(&value));
        }
        out
    }

    /// The `q` to send: plain text becomes `name:~(text)` (`None` when blank); in raw mode
    /// the query is validated (the error's offset points into `search`) and sent trimmed.
    pub fn api_query(&self) -> Result<Option<String>, ParseError> {
        let query = if self.raw {
            qlang::parse_query(&self.search)?;
            self.search.trim().to_owned()
        } else {
            qlang::contains_clause("name", &self.search)
        };
        Ok(Some(query).filter(|q| !q.is_empty()))
    }

    /// The request for this state: one sort key, the column's (a second key such as `id` is
    /// not known to work on the AI Service, so ties are left to the server).
    pub fn to_list_query(&self, fields: &[&'static str]) -> Result<ListQuery, ParseError> {
        let sort = self
            .sort
            .map(|(column, direction)| SortKey {
                field: column.field().into(),
                descending: column.descending(direction),
            })
            .into_iter()
            .collect();
        Ok(ListQuery {
            query: self.api_query()?,
            page: self.page.max(1),
            size: self.size,
            sort,
            fields: fields.to_vec(),
        })
    }

    /// The sort after clicking `column`: ascending, then descending, then unsorted; another
    /// column starts ascending.
    pub fn next_sort(&self, column: SortColumn) -> Option<(SortColumn, Direction)> {
        match self.sort {
            Some((current, Direction::Asc)) if current == column => Some((column, Direction::Desc)),
            Some((current, Direction::Desc)) if current == column => None,
            _ => Some((column, Direction::Asc)),
        }
    }

    /// With this sort; back to page 1 if it changed.
    pub fn with_sort(self, sort: Option<(SortColumn, Direction)>) -> Self {
        let page = if sort == self.sort { self.page } else { 1 };
        Self { sort, page, ..self }
    }

    /// With this search and mode; back to page 1 if either changed.
    pub fn with_search(self, search: String, raw: bool) -> Self {
        let page = if search == self.search && raw == self.raw {
            self.page
        } else {
            1
        };
        Self {
            search,
            raw,
            page,
            ..self
        }
    }

    /// With or without the "Unused tokens" filter; back to page 1 if it changed.
    pub fn with_unused(self, unused: bool) -> Self {
        let page = if unused == self.unused { self.page } else { 1 };
        Self {
            unused,
            page,
            ..self
        }
    }

    /// Whether `other` lists the same tokens in the same order (search, mode and sort;
    /// the filter, page and page size aside): what every page of a search read once serves.
    pub fn same_search(&self, other: &Self) -> bool {
        (&self.search, self.raw, self.sort) == (&other.search, other.raw, other.sort)
    }

    /// With this page size (one not offered becomes the default); back to page 1 if it changed.
    pub fn with_size(self, size: u32) -> Self {
        let size = if PAGE_SIZES.contains(&size) {
            size
        } else {
            DEFAULT_PAGE_SIZE
        };
        let page = if size == self.size { self.page } else { 1 };
        Self { size, page, ..self }
    }

    /// On this page (at least 1).
    pub fn with_page(self, page: u32) -> Self {
        Self {
            page: page.max(1),
            ..self
        }
    }
}

/// `1` or `true` (around blanks) is on; anything else off.
fn flag(value: &str) -> bool {
    matches!(value.trim(), "1" | "true")
}

/// `column` or `column:asc|desc` (any case); anything else is no sort.
fn parse_sort(text: &str) -> Option<(SortColumn, Direction)> {
    let (column, direction) = text.trim().split_once(':').unwrap_or((text.trim(), "asc"));
    let direction = match direction.to_ascii_lowercase().as_str() {
        "asc" => Direction::Asc,
        "desc" => Direction::Desc,
        _ => return None,
    };
    Some((SortColumn::parse(column)?, direction))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(
        search: &str,
        raw: bool,
        page: u32,
        size: u32,
        sort: Option<(SortColumn, Direction)>,
    ) -> ListState {
        ListState {
            search: search.into(),
            raw,
            unused: false,
            page,
            size,
            sort,
        }
    }

    #[test]
    fn default_state_is_an_empty_query_string() {
        assert_eq!(ListState::default().to_query_string(), "");
        assert_eq!(ListState::from_query_string(""), ListState::default());
        assert_eq!(ListState::from_query_string("?"), ListState::default());
    }

    #[test]
    fn query_string_leaves_out_defaults() {
        assert_eq!(
            state("openai", false, 1, 25, None).to_query_string(),
            "?q=openai"
        );
        assert_eq!(
            state(
                "a b",
                true,
                3,
                50,
                Some((SortColumn::Name, Direction::Desc))
            )
            .to_query_string(),
            "?q=a%20b&raw=1&page=3&size=50&sort=name%3Adesc"
        );
        assert_eq!(state("", true, 1, 25, None).to_query_string(), "?raw=1");
        assert_eq!(
            state(
                "",
                false,
                1,
                25,
                Some((SortColumn::Created, Direction::Asc))
            )
            .to_query_string(),
            "?sort=created%3Aasc"
        );
    }

    #[test]
    fn reads_what_people_and_browsers_write() {
        let read = ListState::from_query_string;
        assert_eq!(
            read("?q=a+b&sort=name:desc"),
            state(
                "a b",
                false,
                1,
                25,
                Some((SortColumn::Name, Direction::Desc))
            )
        );
        assert_eq!(
            read("q=%E2%82%AC&page=2&size=100"),
            state("€", false, 2, 100, None)
        );
        assert_eq!(
            read("sort=metadata.modifiedAt:DESC"),
            state(
                "",
                false,
                1,
                25,
                Some((SortColumn::Modified, Direction::Desc))
            )
        );
        assert_eq!(
            read("sort=Version"),
            state(
                "",
                false,
                1,
                25,
                Some((SortColumn::Version, Direction::Asc))
            )
        );
        assert_eq!(
            read("raw=true&q=name:x"),
            state("name:x", true, 1, 25, None)
        );
        assert_eq!(
            read("q=first&q=second&page=4&page=5"),
            state("first", false, 4, 25, None)
        );
        assert_eq!(
            read("utm_source=mail&&q=x&=&junk"),
            state("x", false, 1, 25, None)
        );
        assert_eq!(read("q"), state("", false, 1, 25, None));
        assert_eq!(read("q=100%&page=%32"), state("100%", false, 2, 25, None));
    }

    #[test]
    fn the_unused_filter_is_kept_in_the_address() {
        let unused = ListState {
            unused: true,
            ..state(
                "open ai",
                false,
                2,
                50,
                Some((SortColumn::Age, Direction::Desc)),
            )
        };
        let query = unused.to_query_string();
        assert_eq!(
            query,
            "?q=open%20ai&unused=1&page=2&size=50&sort=age%3Adesc"
        );
        assert_eq!(ListState::from_query_string(&query), unused);
        assert!(ListState::from_query_string("?unused=true").unused);
        assert!(ListState::from_query_string("?unused=%201%20").unused);
        for off in ["?unused=0", "?unused=yes", "?unused=", "?unused"] {
            assert!(!ListState::from_query_string(off).unused, "{off}");
        }
        assert!(
            ListState::from_query_string("?unused=1&unused=0").unused,
            "the first counts"
        );
        // The filter is the app's: the API's query, page and sort stay as they were.
        assert_eq!(
            unused.to_list_query(&[]).unwrap(),
            ListState {
                unused: false,
                ..unused.clone()
            }
            .to_list_query(&[])
            .unwrap()
        );
    }

    #[test]
    fn switching_the_unused_filter_goes_back_to_page_one() {
        let on_page_3 = state("x", false, 3, 25, None);
        let filtered = on_page_3.clone().with_unused(true);
        assert_eq!((filtered.unused, filtered.page), (true, 1));
        assert_eq!(filtered.clone().with_page(4).with_unused(true).page, 4);
        assert_eq!(filtered.with_page(4).with_unused(false).page, 1);
        assert_eq!(on_page_3.clone().with_unused(false), on_page_3);
    }

    #[test]
    fn the_same_search_ignores_filter_page_and_size() {
        let base = state("x", true, 1, 25, Some((SortColumn::Name, Direction::Asc)));
        let paged = ListState {
            unused: true,
            ..base.clone().with_page(7).with_size(100)
        };
        assert!(base.same_search(&paged));
        assert!(!base.same_search(&base.clone().with_search("y".into(), true)));
        assert!(!base.same_search(&base.clone().with_search("x".into(), false)));
        assert!(!base.same_search(&base.clone().with_sort(None)));
    }

    #[test]
    fn garbage_falls_back_to_defaults() {
        for query in [
            "page=0",
            "page=-1",
            "page=x",
            "page=",
            "page=99999999999",
            "page=1.5",
            "size=7",
            "size=0",
            "size=abc",
            "size=1000",
            "sort=bogus",
            "sort=name:sideways",
            "sort=:asc",
            "sort=",
            "sort=name:asc:desc",
            "raw=0",
            "raw=yes",
            "raw=",
        ] {
            assert_eq!(
                ListState::from_query_string(query),
                ListState::default(),
                "{query}"
            );
        }
        assert_eq!(ListState::from_query_string("page=%20%207%20").page, 7);
    }

    const TRICKY: &[&str] = &[
        "",
        " ",
        "  leading and trailing  ",
        "a&b=c",
        "x=y&z",
        "+",
        "a+b",
        "%",
        "%25",
        "%2",
        "%zz",
        "100% sure",
        "#hash",
        "?q=inner",
        "name:~(a\\)b)",
        "name:\"quoted value\"",
        "ä ö ü ß",
        "日本語のトークン",
        "😀🔑",
        "\u{0}",
        "tab\tnew\nline\r",
        "\u{FEFF}bom",
        "a/b\\c",
        "'single'",
        "<script>alert(1)</script>",
        "=&=&",
        ";,:@$",
        "\u{10FFFF}",
        "e\u{301}",
    ];

    #[test]
    fn round_trips_exactly() {
        let sorts = [
            None,
            Some((SortColumn::Id, Direction::Asc)),
            Some((SortColumn::Version, Direction::Desc)),
        ];
        for (i, search) in TRICKY.iter().enumerate() {
            for raw in [false, true] {
                for &size in &PAGE_SIZES {
                    let original =
                        state(search, raw, 1 + i as u32 * 7, size, sorts[i % sorts.len()]);
                    let query = original.to_query_string();
                    assert!(
                        query.is_ascii() && !query.contains(' ') && !query.contains('+'),
                        "{query}"
                    );
                    if !query.is_empty() {
                        assert_eq!(
                            query.matches('&').count() + 1,
                            query.matches('=').count(),
                            "{query}"
                        );
                    }
                    assert_eq!(ListState::from_query_string(&query), original, "{query}");
                }
            }
        }
        for column in SortColumn::ALL {
            for direction in [Direction::Asc, Direction::Desc] {
                let original = state("", false, u32::MAX, 10, Some((column, direction)));
                assert_eq!(
                    ListState::from_query_string(&original.to_query_string()),
                    original
                );
            }
        }
    }

    #[test]
    fn round_trips_generated_strings() {
        // Deterministic pseudo-random strings over a tricky alphabet.
        let alphabet: Vec<char> = "a Z0+%&=?#/\\:~()\"'é€😀\u{0}\t".chars().collect();
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..500 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 12) as usize;
            let search: String = (0..len)
                .map(|i| alphabet[((seed >> (i * 5)) % alphabet.len() as u64) as usize])
                .collect();
            let original = state(
                &search,
                seed.is_multiple_of(2),
                1 + (seed % 9) as u32,
                PAGE_SIZES[(seed % 4) as usize],
                None,
            );
            assert_eq!(
                ListState::from_query_string(&original.to_query_string()),
                original,
                "{search:?}"
            );
        }
    }

    #[test]
    fn plain_search_becomes_a_name_contains_clause() {
        assert_eq!(state("", false, 1, 25, None).api_query(), Ok(None));
        assert_eq!(state("   ", false, 1, 25, None).api_query(), Ok(None));
        assert_eq!(
            state(" open ai ", false, 1, 25, None).api_query(),
            Ok(Some("name:~((?i)open ai)".into()))
        );
        assert_eq!(
            state("a(b)\\", false, 1, 25, None).api_query(),
            Ok(Some(r"name:~((?i)a\\x28b\\x29\\\\)".into()))
        );
        // Plain text is never parsed as a query, whatever it looks like.
        assert_eq!(
            state("name:\"x", false, 1, 25, None).api_query(),
            Ok(Some(r"name:~((?i)name:\\x22x)".into()))
        );
    }

    #[test]
    fn raw_search_is_validated_and_passed_through() {
        let raw = |q: &str| state(q, true, 1, 25, None).api_query();
        assert_eq!(raw(""), Ok(None));
        assert_eq!(raw("  "), Ok(None));
        assert_eq!(
            raw(" name:~OpenAI metadata.version:(>=1 AND <=3) "),
            Ok(Some("name:~OpenAI metadata.version:(>=1 AND <=3)".into()))
        );
        let error = raw("  name:\"unterminated").unwrap_err();
        assert!(error.offset >= 2, "{error:?}");
        assert!(raw("name").is_err());
        assert_eq!(raw("name:x").unwrap(), Some("name:x".into()));
    }

    #[test]
    fn list_query_from_state() {
        let query = state(
            "key",
            false,
            4,
            50,
            Some((SortColumn::Modified, Direction::Desc)),
        )
        .to_list_query(&["id", "name", "metadata"])
        .unwrap();
        assert_eq!(query.query.as_deref(), Some("name:~((?i)key)"));
        assert_eq!((query.page, query.size), (4, 50));
        assert_eq!(
            query.sort,
            [SortKey {
                field: "metadata.modifiedAt".into(),
                descending: true
            }],
            "one key: no id tie-breaker"
        );
        assert_eq!(query.fields, ["id", "name", "metadata"]);
        let by_id = state("", false, 0, 10, Some((SortColumn::Id, Direction::Asc)))
            .to_list_query(&[])
            .unwrap();
        assert_eq!(
            by_id.sort,
            [SortKey {
                field: "id".into(),
                descending: false
            }]
        );
        assert_eq!((by_id.query, by_id.page), (None, 1));
        assert!(state("", false, 1, 25, None)
            .to_list_query(&[])
            .unwrap()
            .sort
            .is_empty());
        assert!(state("bad:(", true, 1, 25, None)
            .to_list_query(&[])
            .is_err());
        for column in SortColumn::ALL {
            let sort = state("", false, 1, 25, Some((column, Direction::Asc)))
                .to_list_query(&[])
                .unwrap()
                .sort;
            assert_eq!(sort.len(), 1);
            assert_eq!(sort[0].field, column.field());
            qlang::parse_sort(&sort[0].field).unwrap();
        }
    }

    #[test]
    fn value_age_sorts_by_creation_the_other_way_round() {
        let sort = |direction| {
            state("", false, 1, 25, Some((SortColumn::Age, direction)))
                .to_list_query(&[])
                .unwrap()
                .sort
        };
        let key = |field: &str, descending| SortKey {
            field: field.into(),
            descending,
        };
        assert_eq!(sort(Direction::Asc), [key("metadata.createdAt", true)]);
        assert_eq!(sort(Direction::Desc), [key("metadata.createdAt", false)]);
        let age = ListState::from_query_string("?sort=age:desc");
        assert_eq!(age.sort, Some((SortColumn::Age, Direction::Desc)));
        assert_eq!(age.to_query_string(), "?sort=age%3Adesc");
        assert_eq!(
            ListState::from_query_string("?sort=metadata.createdAt").sort,
            Some((SortColumn::Created, Direction::Asc))
        );
    }

    #[test]
    fn sort_cycles_asc_desc_none() {
        let mut s = ListState::default();
        let mut seen = Vec::new();
        for _ in 0..4 {
            s = s.clone().with_sort(s.next_sort(SortColumn::Name));
            seen.push(s.sort);
        }
        assert_eq!(
            seen,
            [
                Some((SortColumn::Name, Direction::Asc)),
                Some((SortColumn::Name, Direction::Desc)),
                None,
                Some((SortColumn::Name, Direction::Asc)),
            ]
        );
        let on_desc = state("", false, 1, 25, Some((SortColumn::Name, Direction::Desc)));
        assert_eq!(
            on_desc.next_sort(SortColumn::Created),
            Some((SortColumn::Created, Direction::Asc))
        );
    }

    #[test]
    fn changes_reset_the_page() {
        let on_page_5 = state("x", false, 5, 25, Some((SortColumn::Name, Direction::Asc)));
        assert_eq!(on_page_5.clone().with_search("y".into(), false).page, 1);
        assert_eq!(on_page_5.clone().with_search("x".into(), true).page, 1);
        assert_eq!(on_page_5.clone().with_search("x".into(), false).page, 5);
        let sorted = on_page_5
            .clone()
            .with_sort(on_page_5.next_sort(SortColumn::Name));
        assert_eq!(
            (sorted.page, sorted.sort),
            (1, Some((SortColumn::Name, Direction::Desc)))
        );
        assert_eq!(on_page_5.clone().with_sort(on_page_5.sort).page, 5);
        assert_eq!(on_page_5.clone().with_size(50).page, 1);
        assert_eq!(on_page_5.clone().with_size(25).page, 5);
        let odd = on_page_5.clone().with_size(33);
        assert_eq!((odd.size, odd.page), (25, 5));
        assert_eq!(on_page_5.clone().with_page(9).page, 9);
        assert_eq!(on_page_5.clone().with_page(0).page, 1);
        let changed = on_page_5.with_page(2);
        assert_eq!(
            (changed.search.as_str(), changed.sort),
            ("x", Some((SortColumn::Name, Direction::Asc)))
        );
    }
}
