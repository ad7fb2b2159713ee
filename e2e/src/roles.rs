//! ARIA roles as a screen reader sees them: which elements can have each role, and a loose
//! text used only to pre-filter candidates before Chromium's computed name decides.

/// A role to look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Button,
    Link,
    /// Any labelled form field: text, password, search, number inputs, textarea, select.
    Field,
    Checkbox,
    Radio,
    Heading,
    Dialog,
    /// A `status` or `alert` live region.
    Message,
    Row,
    Navigation,
    /// An option of a listbox (the command palette's commands).
    Option,
}

impl Role {
    /// CSS selectors matching every element that may have this role.
    pub fn selector(self) -> &'static str {
        match self {
            Role::Button => {
                "button, [role=button], input[type=button], input[type=submit], input[type=reset]"
            }
            Role::Link => "a[href], [role=link]",
            Role::Field => {
                "input:not([type=checkbox]):not([type=radio]):not([type=button]):not([type=submit]):not([type=hidden]), \
                 textarea, select, [role=textbox], [role=searchbox], [role=combobox]"
            }
            Role::Checkbox => "input[type=checkbox], [role=checkbox]",
            Role::Radio => "input[type=radio], [role=radio]",
            Role::Heading => "h1, h2, h3, h4, h5, h6, [role=heading]",
            Role::Dialog => "dialog[open], [role=dialog], [role=alertdialog]",
            Role::Message => "[role=status], [role=alert], output",
            Role::Row => "tr, [role=row]",
            Role::Navigation => "nav, [role=navigation]",
            Role::Option => "[role=option]",
        }
    }
}

/// Script prefix: `roots`, the document and every open shadow root in it (an app embedded
/// in a host page lives in one), outermost first.
pub const ROOTS_JS: &str = r#"
const roots = [document];
for (let i = 0; i < roots.length; i++)
  for (const el of roots[i].querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
"#;

/// Script (after [`ROOTS_JS`]): the visible elements matching `arguments[0]` in every root
/// (outside inert subtrees), each with a loose text (aria-label, labels, text, value,
/// title) in lower case.
pub const CANDIDATES_JS: &str = r#"
const out = [];
for (const el of roots.flatMap(root => [...root.querySelectorAll(arguments[0])])) {
  if (el.closest('[inert]')) continue;
  if (el.tagName !== 'DIALOG' && !el.checkVisibility()) continue;
  const parts = [el.getAttribute('aria-label'), el.textContent, el.value, el.title,
                 el.getAttribute('placeholder')];
  const ids = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
  for (const id of ids) { const l = el.getRootNode().getElementById(id); if (l) parts.push(l.textContent); }
  for (const l of el.labels || []) parts.push(l.textContent);
  out.push([el, parts.filter(Boolean).join(' ').replace(/\s+/g, ' ').toLowerCase()]);
}
return out;
"#;
