//! `feeds add`, `remove`, `import` and `export`: the feed list in the configuration file,
//! edited in place or shared as OPML.

use std::io::{self, Write};

use chrono::Utc;

use super::FeedsAction;
use super::commands::Failure;
use super::progress::Progress;
use crate::config::{Config, ConfigError};
use crate::feedlist::{EditError, FeedList, NewFeed};
use crate::opml::{self, Outline};
use crate::store::Store;

/// Runs one `feeds` action.
pub(super) fn run(config: &Config, action: FeedsAction, bars: bool) -> Result<(), Failure> {
    match action {
        FeedsAction::Add {
            url,
            name,
            interval,
        } => {
            let mut list = FeedList::load(&config.path).map_err(edit_failure)?;
            let first_new_line = list.text().lines().count() + 1;
            list.add(&NewFeed {
                url: url.clone(),
                name,
                interval,
            })
            .map_err(edit_failure)?;
            let saved = list
                .save()
                .map_err(|e| added_entry_failure(e, &list.text(), first_new_line))?;
            writeln!(
                io::stdout(),
                "added {url} to {}; {} feeds configured",
                config.path.display(),
                saved.feeds.len()
            )?;
        }
        FeedsAction::Remove { feed } => {
            let mut list = FeedList::load(&config.path).map_err(edit_failure)?;
            let url = list.remove(&feed).map_err(edit_failure)?;
            let saved = list.save().map_err(edit_failure)?;
            writeln!(
                io::stdout(),
                "removed {url} from {} (its items stay in the database); {} feeds configured",
                config.path.display(),
                saved.feeds.len()
            )?;
        }
        FeedsAction::Import { file } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| Failure::config(format!("cannot read {}: {e}", file.display())))?;
            let outlines = opml::read(&text)
                .map_err(|e| Failure::config(format!("{}: {e}", file.display())))?;
            import(config, &outlines, bars)?;
        }
        FeedsAction::Export => export(config)?,
    }
    Ok(())
}

/// Adds the feeds of `outlines` that are not listed yet, in one write of the file.
fn import(config: &Config, outlines: &[Outline], bars: bool) -> Result<(), Failure> {
    let mut list = FeedList::load(&config.path).map_err(edit_failure)?;
    let (mut added, mut present, mut refused) = (0, 0, Vec::new());
    let progress = Progress::start(outlines.len() as u64, "feeds", bars);
    for outline in outlines {
        progress.advance(1);
        if list.contains(&outline.url) {
            present += 1;
            continue;
        }
        if !is_web_url(&outline.url) {
            refused.push(outline.url.as_str());
            continue;
        }
        list.add(&NewFeed {
            url: outline.url.clone(),
            name: outline.title.clone(),
            interval: None,
        })
        .map_err(edit_failure)?;
        added += 1;
    }
    drop(progress);
    if added > 0 {
        list.save().map_err(edit_failure)?;
    }
    let mut out = io::stdout().lock();
    for url in &refused {
        writeln!(out, "skipped {url:?}: not an http(s) URL")?;
    }
    writeln!(
        out,
        "added {added}, skipped {} ({present} already listed, {} not http(s)) to {}",
        present + refused.len(),
        refused.len(),
        config.path.display()
    )?;
    Ok(())
}

/// The configured feeds as OPML, named by their configured name, else by the title the
/// database has for them, else by their host.
fn export(config: &Config) -> Result<(), Failure> {
    // The database is optional here: a fresh configuration has none yet.
    let known = config
        .sqlite()
        .and_then(|(path, _)| {
            Store::open_read_only(path)
                .and_then(|store| store.feed_reports())
                .ok()
        })
        .unwrap_or_default();
    let outlines: Vec<Outline> = config
        .feeds
        .iter()
        .map(|feed| {
            let title = feed
                .name
                .clone()
                .or_else(|| {
                    known
                        .iter()
                        .find(|k| k.url == feed.url)
                        .map(|k| k.name.clone())
                })
                .or_else(|| {
                    url::Url::parse(&feed.url)
                        .ok()?
                        .host_str()
                        .map(str::to_string)
                });
            Outline {
                url: feed.url.clone(),
                title,
                html_url: None,
            }
        })
        .collect();
    let created = Utc::now().to_rfc2822();
    let mut out = io::BufWriter::new(io::stdout().lock());
    opml::write(&mut out, "feedsentry feeds", &created, &outlines)?;
    out.flush()?;
    Ok(())
}

fn is_web_url(text: &str) -> bool {
    url::Url::parse(text).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
}

/// An added entry that would not load is told in the terms the user wrote it in (`--interval`,
/// `--name`, the URL), not as a line of a file that was never written. Faults elsewhere in the
/// file keep their file:line:column.
fn added_entry_failure(e: EditError, text: &str, first_new_line: usize) -> Failure {
    if let EditError::Invalid(ConfigError {
        position: Some((line, _)),
        message,
        ..
    }) = &e
        && *line >= first_new_line
    {
        let key = text
            .lines()
            .nth(line - 1)
            .and_then(|l| l.split_once('='))
            .map(|(key, _)| key.trim());
        let argument = match key {
            Some("interval") => "--interval",
            Some("name") => "--name",
            _ => "the URL",
        };
        return Failure::config(format!(
            "feeds add: {argument}: {message} (the file was not changed)"
        ));
    }
    edit_failure(e)
}

/// A request that does not fit the file, or an edit that would not load, is the user's to fix
/// (exit 2); a file that cannot be read or written is a runtime failure.
fn edit_failure(e: EditError) -> Failure {
    match e {
        EditError::Io { .. } => Failure::runtime(e),
        EditError::Refused(_) | EditError::Invalid(_) => Failure::config(e),
    }
}
