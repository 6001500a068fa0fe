//! The built-in rules: vocabulary and context of the `cyberattack` tag, embedded as TOML data.

use serde::Deserialize;

use super::config::{RuleError, TagRules};

/// The embedded rule file, in the `[tagging]` syntax without the `tagging.` prefix.
const BUILTIN_SOURCE: &str = include_str!("rules.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BuiltinFile {
    cyberattack: TagRules,
}

/// Reads the built-in rules of the `cyberattack` tag.
pub fn builtin() -> Result<TagRules, RuleError> {
    toml::from_str::<BuiltinFile>(BUILTIN_SOURCE)
        .map(|file| file.cyberattack)
        .map_err(|e| RuleError {
            message: format!("built-in rules: {}", e.message()),
            span: e.span(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_parse_and_are_not_empty() {
        let rules = builtin().expect("the embedded rules parse");
        assert!(rules.rules.len() > 10);
        assert!(rules.lists.contains_key("cyber"));
        assert!(!rules.exclude.is_empty());
    }
}
