//! The command palette's fixed commands and how typed text picks them.

use crate::platform::lowercase::lowercase;

/// A command of the palette besides "go to token".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Opens the create page (sessions that may manage tokens).
    NewToken,
    /// Opens the token list.
    TokenList,
    /// Switches to the next colour theme.
    SwitchTheme,
    /// Switches between English and German.
    SwitchLanguage,
    /// Opens the shortcut sheet.
    Shortcuts,
    /// Signs out.
    SignOut,
}

impl Command {
    /// Every command, in the order the palette lists them.
    pub const ALL: [Command; 6] = [
        Command::NewToken,
        Command::TokenList,
        Command::SwitchTheme,
        Command::SwitchLanguage,
        Command::Shortcuts,
        Command::SignOut,
    ];

    /// The English label (pass it through `i18n::t`).
    pub fn label(self) -> &'static str {
        match self {
            Command::NewToken => "New token",
            Command::TokenList => "Token list",
            Command::SwitchTheme => "Switch theme",
            Command::SwitchLanguage => "Switch language",
            Command::Shortcuts => "Keyboard shortcuts",
            Command::SignOut => "Sign out",
        }
    }

    /// Whether the command makes sense for the session: the token commands need one, and
    /// New token the right to manage tokens.
    pub fn available(self, signed_in: bool, can_manage: bool) -> bool {
        match self {
            Command::NewToken => can_manage,
            Command::TokenList | Command::SignOut => signed_in,
            Command::SwitchTheme | Command::SwitchLanguage | Command::Shortcuts => true,
        }
    }
}

impl Command {
    /// Whether a host page does this itself (theme, language, signing out), so the palette
    /// of an embedded app leaves it out.
    pub fn left_to_host(self) -> bool {
        matches!(
            self,
            Command::SwitchTheme | Command::SwitchLanguage | Command::SignOut
        )
    }
}

/// The available commands whose label (as `label` shows it) contains `typed`, ignoring
/// case and the spaces around it; all of them when nothing is typed.
pub fn matching(
    typed: &str,
    signed_in: bool,
    can_manage: bool,
    label: impl Fn(Command) -> &'static str,
) -> Vec<Command> {
    let typed = lowercase(typed.trim());
    Command::ALL
        .into_iter()
        .filter(|c| c.available(signed_in, can_manage))
        .filter(|c| lowercase(label(*c)).contains(&typed))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english(typed: &str, signed_in: bool, can_manage: bool) -> Vec<Command> {
        matching(typed, signed_in, can_manage, Command::label)
    }

    #[test]
    fn typed_text_filters_by_case_insensitive_substring() {
        assert_eq!(
            english("SWITCH", true, true),
            [Command::SwitchTheme, Command::SwitchLanguage]
        );
        assert_eq!(english(" list ", true, true), [Command::TokenList]);
        assert_eq!(english("nothing like it", true, true), []);
        assert_eq!(english("", true, true), Command::ALL);
    }

    #[test]
    fn commands_follow_the_session() {
        assert_eq!(
            english("", false, false),
            [
                Command::SwitchTheme,
                Command::SwitchLanguage,
                Command::Shortcuts
            ]
        );
        assert!(!english("", true, false).contains(&Command::NewToken));
        assert!(english("", true, false).contains(&Command::SignOut));
    }

    #[test]
    fn a_host_page_keeps_theme_language_and_sign_out() {
        let embedded: Vec<Command> = Command::ALL
            .into_iter()
            .filter(|c| !c.left_to_host())
            .collect();
        assert_eq!(
            embedded,
            [Command::NewToken, Command::TokenList, Command::Shortcuts]
        );
    }

    #[test]
    fn the_shown_label_is_what_is_matched() {
        let german = |c: Command| match c {
            Command::SwitchTheme => "Design wechseln",
            other => other.label(),
        };
        assert_eq!(
            matching("design", true, true, german),
            [Command::SwitchTheme]
        );
    }
}
