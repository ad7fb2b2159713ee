//! Who uses a token, as the admin reads it.

use ai_client::DependentKind;

use crate::i18n::t;

/// How a person calls a user of a token, as it starts a line or cell: "Agent", "MCP server".
pub fn kind_label(kind: DependentKind) -> &'static str {
    match kind {
        DependentKind::Agent => t("Agent"),
        DependentKind::McpServer => t("MCP server"),
    }
}
