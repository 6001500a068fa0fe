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
                if let Some(list) = self
                    .document
                    .get_mut("feeds")
                    .and_then(Item::as_array_of_tables_mut)
                {
                    list.remove(*index);
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

    fn entries(&self) -> impl Iterator<Item = &Table> {
        self.document
            .get("feeds")
            .and_then(Item::as_array_of_tables)
            .into_iter()
            .flat_map(|list| list.iter())
    }
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

    fn list(text: &str) -> (tempfile::TempDir, FeedList) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("feedsentry.toml");
        std::fs::write(&path, text).expect("write");
        let list = FeedList::load(&path).expect("load");
        (dir, list)
    }

    #[test]
    fn add_appends_after_the_last_feed_and_keeps_everything_else() {
        let (_dir, mut list) = list(FILE);
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
    fn add_refuses_a_url_already_listed() {
        let (_dir, mut list) = list(FILE);
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
        let (_dir, mut list) = list(FILE);
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
    fn an_invalid_result_is_not_written() {
        let (dir, mut list) = list(FILE);
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
