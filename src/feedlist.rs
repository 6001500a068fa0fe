//! Editing the `[[feeds]]` list of the configuration file in place, for `feeds add`, `remove`
//! and `import`.
//!
//! The file is edited as a TOML document (toml_edit), so the user's comments, order and layout
//! stay as they were; only the entry added or removed changes. Checking the result is still
//! [`crate::config`]'s job: an edited file that would not load is never written. The file is
//! replaced atomically, so a daemon watching it never reads half of it.

use std::io::Write;
use std::path::{Path, PathBuf};

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};
use url::Url;

use crate::config::{self, Config, ConfigError};

/// A feed to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFeed {
    /// Its URL.
    pub url: String,
    /// Its display name.
    pub name: Option<String>,
    /// Its own interval, as written in the file (`15m`).
    pub interval: Option<String>,
}

/// Why the feed list could not be edited.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The file cannot be read or written.
    #[error("{path}: {message}")]
    Io {
        /// The configuration file.
        path: PathBuf,
        /// What failed.
        message: String,
    },
    /// The request does not fit the file (already present, not found, ambiguous).
    #[error("{0}")]
    Refused(String),
    /// The edited file would not load; nothing was written.
    #[error("{0} (the file was not changed)")]
    Invalid(ConfigError),
}

/// The configuration file, open for editing.
pub struct FeedList {
    path: PathBuf,
    document: DocumentMut,
}

impl FeedList {
    /// Reads the configuration file at `path`.
    pub fn load(path: &Path) -> Result<FeedList, EditError> {
        let io = |message: String| EditError::Io {
            path: path.to_path_buf(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| io(e.to_string()))?;
        let document: DocumentMut = text.parse().map_err(|e| io(format!("{e}")))?;
        Ok(FeedList {
            path: path.to_path_buf(),
            document,
        })
    }

    /// Whether a feed with this URL (compared as the configuration compares them) is listed.
    pub fn contains(&self, url: &str) -> bool {
        let wanted = normalise(url);
        self.entries()
            .any(|t| entry_url(t).map(normalise) == Some(wanted.clone()))
    }

    /// Appends a `[[feeds]]` entry after the last one. A URL already listed is refused.
    pub fn add(&mut self, feed: &NewFeed) -> Result<(), EditError> {
        if self.contains(&feed.url) {
            return Err(EditError::Refused(format!(
                "{} is already in {}",
                feed.url,
                self.path.display()
            )));
        }
        let mut table = Table::new();
        table["url"] = value(feed.url.trim());
        if let Some(name) = &feed.name {
            table["name"] = value(name.trim());
        }
        if let Some(interval) = &feed.interval {
            table["interval"] = value(interval.trim());
        }
        table.decor_mut().set_prefix("\n");
        let feeds = self
            .document
            .entry("feeds")
            .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
        match feeds.as_array_of_tables_mut() {
            Some(list) => {
                list.push(table);
                Ok(())
            }
            None => Err(EditError::Refused(format!(
                "{}: `feeds` is not a list of [[feeds]] tables; edit it by hand",
                self.path.display()
            ))),
        }
    }

    /// Removes the one entry whose URL or name is `feed`, and returns its URL.
    pub fn remove(&mut self, feed: &str) -> Result<String, EditError> {
        let wanted = normalise(feed);
        let matches: Vec<(usize, String)> = self
            .entries()
            .enumerate()
            .filter_map(|(index, t)| {
                let url = entry_url(t)?;
                let name = t.get("name").and_then(Item::as_str).map(str::trim);
                (normalise(url) == wanted || name == Some(feed.trim()))
                    .then(|| (index, url.to_string()))
            })
            .collect();
        match matches.as_slice() {
            [(index, url)] => {
                let removed = self
                    .document
                    .get_mut("feeds")
                    .and_then(Item::as_array_of_tables_mut)
                    .map(|list| list.remove(*index));
                if let Some(removed) = removed {
                    self.keep_comments_above(&removed);
                }
                Ok(url.clone())
            }
            [] => Err(EditError::Refused(format!(
                "no feed named {feed:?} or with that URL in {}",
                self.path.display()
            ))),
            several => Err(EditError::Refused(format!(
                "{} feeds are named {feed:?} ({}); remove one by its URL",
                several.len(),
                several
                    .iter()
                    .map(|(_, url)| url.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    /// The edited file's text.
    pub fn text(&self) -> String {
        self.document.to_string()
    }

    /// Checks the edited file as the configuration loader would and, when it loads, replaces
    /// the file with it atomically. Returns the configuration it now holds.
    pub fn save(&self) -> Result<Config, EditError> {
        let text = self.text();
        let config = config::parse(&self.path, &text).map_err(EditError::Invalid)?;
        write_atomically(&self.path, &text).map_err(|e| EditError::Io {
            path: self.path.clone(),
            message: format!("cannot write it: {e}"),
        })?;
        Ok(config)
    }

    /// The comments above a removed entry that are separated from it by a blank line belong
    /// to what came before (a commented-out key, a section heading for several feeds): they
    /// move to the next table, or to the end of the file. The comment block right above the
    /// entry's header goes with the entry.
    fn keep_comments_above(&mut self, removed: &Table) {
        let prefix = removed
            .decor()
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or("");
        let lines: Vec<&str> = prefix.split_inclusive('\n').collect();
        let attached = lines
            .iter()
            .rev()
            .take_while(|l| l.trim_start().starts_with('#'))
            .count();
        let kept = lines[..lines.len() - attached].concat();
        let kept = kept.trim_end_matches(['\n', '\r', ' ', '\t']);
        if kept.is_empty() {
            return;
        }
        let kept = format!("{kept}\n");
        let next = removed
            .position()
            .and_then(|at| next_position(self.document.as_table(), at));
        match next.and_then(|at| table_at_mut(self.document.as_table_mut(), at)) {
            Some(table) => {
                let old = table
                    .decor()
                    .prefix()
                    .and_then(|p| p.as_str())
                    .unwrap_or("")
                    .to_string();
                table.decor_mut().set_prefix(format!("{kept}{old}"));
            }
            None => {
                let old = self.document.trailing().as_str().unwrap_or("").to_string();
                self.document.set_trailing(format!("{kept}{old}"));
            }
        }
    }

    fn entries(&self) -> impl Iterator<Item = &Table> {
        self.document
            .get("feeds")
            .and_then(Item::as_array_of_tables)
            .into_iter()
            .flat_map(|list| list.iter())
    }
}

/// The smallest table position after `after`, among all tables (nested ones too).
fn next_position(table: &Table, after: isize) -> Option<isize> {
    table
        .iter()
        .flat_map(|(_, item)| match item {
            Item::Table(t) => vec![t],
            Item::ArrayOfTables(list) => list.iter().collect(),
            _ => Vec::new(),
        })
        .flat_map(|t| {
            let own = t.position().filter(|&p| p > after);
            own.into_iter().chain(next_position(t, after))
        })
        .min()
}

/// The table at document position `at`.
fn table_at_mut(table: &mut Table, at: isize) -> Option<&mut Table> {
    for (_, item) in table.iter_mut() {
        let tables: Vec<&mut Table> = match item {
            Item::Table(t) => vec![t],
            Item::ArrayOfTables(list) => list.iter_mut().collect(),
            _ => Vec::new(),
        };
        for t in tables {
            if t.position() == Some(at) {
                return Some(t);
            }
            if let Some(found) = table_at_mut(t, at) {
                return Some(found);
            }
        }
    }
    None
}

fn entry_url(table: &Table) -> Option<&str> {
    table.get("url").and_then(Item::as_str)
}

/// A URL as the configuration stores it (parsed and printed again), else as given, trimmed.
fn normalise(url: &str) -> String {
    let url = url.trim();
    Url::parse(url).map_or_else(|_| url.to_string(), |u| u.to_string())
}

/// Replaces `path` (the file a symbolic link points to, when it is one) with `text` through a
/// temporary file in the same folder and a rename, keeping the file's permissions.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let folder = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.set_permissions(std::fs::metadata(&target)?.permissions())?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temporary, &target)
    })();
    if written.is_err() {
        // The temporary file is ours; the original is untouched.
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# my feeds\n[poll]\ninterval = \"30m\" # half an hour\n\n# security\n[[feeds]]\nurl = \"https://a.example/feed\"\nname = \"A\"\n\n[[feeds]]\nurl = \"https://b.example/rss\" # b\n\n# trailing note\n";

    fn open_list(text: &str) -> (tempfile::TempDir, FeedList) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("feedsentry.toml");
        std::fs::write(&path, text).expect("write");
        let list = FeedList::load(&path).expect("load");
        (dir, list)
    }

    #[test]
    fn add_appends_after_the_last_feed_and_keeps_everything_else() {
        let (_dir, mut list) = open_list(FILE);
        list.add(&NewFeed {
            url: "https://c.example/atom".into(),
            name: Some("C".into()),
            interval: Some("15m".into()),
        })
        .expect("add");
        let text = list.text();
        let (before, after) = FILE.split_at(FILE.find("\n# trailing").expect("marker"));
        assert_eq!(
            text,
            format!(
                "{before}\n[[feeds]]\nurl = \"https://c.example/atom\"\nname = \"C\"\ninterval = \"15m\"\n{after}"
            )
        );
    }

    #[test]
    fn add_keeps_the_feeds_together_before_a_later_table() {
        let (_dir, mut list) = open_list(
            "[[feeds]]\nurl = \"https://a.example/\"\n\n# logging\n[log]\nlevel = \"info\"\n",
        );
        list.add(&NewFeed {
            url: "https://b.example/".into(),
            name: None,
            interval: None,
        })
        .expect("add");
        assert_eq!(
            list.text(),
            "[[feeds]]\nurl = \"https://a.example/\"\n\n[[feeds]]\nurl = \"https://b.example/\"\n\n# logging\n[log]\nlevel = \"info\"\n"
        );
    }

    #[test]
    fn add_refuses_a_url_already_listed() {
        let (_dir, mut list) = open_list(FILE);
        let err = list
            .add(&NewFeed {
                url: "https://A.example/feed".into(),
                name: None,
                interval: None,
            })
            .expect_err("duplicate");
        assert!(err.to_string().contains("already in"), "{err}");
    }

    #[test]
    fn remove_by_name_or_url() {
        let (_dir, mut list) = open_list(FILE);
        assert_eq!(list.remove("A").expect("by name"), "https://a.example/feed");
        assert_eq!(
            list.remove("https://b.example/rss").expect("by url"),
            "https://b.example/rss"
        );
        assert!(
            list.text()
                .starts_with("# my feeds\n[poll]\ninterval = \"30m\" # half an hour\n")
        );
        assert!(!list.text().contains("[[feeds]]"));
        assert!(list.remove("A").is_err());
    }

    #[test]
    fn remove_keeps_comments_that_belong_to_what_came_before() {
        let (_dir, mut list) = open_list(
            "[poll]\ninterval = \"30m\"\n# min_interval = \"5m\"\n\n# A, first\n[[feeds]]\nurl = \"https://a.example/\"\n\n# the end\n[[feeds]]\nurl = \"https://b.example/\"\n",
        );
        list.remove("https://a.example/").expect("remove");
        assert_eq!(
            list.text(),
            "[poll]\ninterval = \"30m\"\n# min_interval = \"5m\"\n\n# the end\n[[feeds]]\nurl = \"https://b.example/\"\n"
        );
        let (_dir, mut list) = open_list(
            "[[feeds]]\nurl = \"https://a.example/\"\n# kept\n\n[[feeds]]\nurl = \"https://b.example/\"\n",
        );
        list.remove("https://b.example/").expect("remove the last");
        assert_eq!(
            list.text(),
            "[[feeds]]\nurl = \"https://a.example/\"\n# kept\n"
        );
    }

    #[test]
    fn an_invalid_result_is_not_written() {
        let (dir, mut list) = open_list(FILE);
        list.add(&NewFeed {
            url: "https://c.example/".into(),
            name: None,
            interval: Some("soon".into()),
        })
        .expect("add");
        let err = list.save().expect_err("bad interval");
        assert!(matches!(err, EditError::Invalid(_)), "{err}");
        let on_disk =
            std::fs::read_to_string(dir.path().join("feedsentry.toml")).expect("read back");
        assert_eq!(on_disk, FILE);
    }
}
