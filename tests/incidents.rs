//! Incidents end to end: three outlets report two attacks; the real binary groups them.

use crate::common::server::FeedServer;
use crate::common::{Project, rss};

fn item(guid: &str, title: &str, summary: &str) -> String {
    format!(
        "<item><title>{title}</title><link>https://news.example/{guid}</link><guid>{guid}</guid><description>{summary}</description></item>"
    )
}

/// Three outlets, two incidents (Acme Foods' ransomware, Globex's breach), and a story that is
/// no attack.
fn three_outlets() -> (FeedServer, Project) {
    let server = FeedServer::start();
    server.feed(
        "/a.xml",
        rss(
            "Outlet A",
            &format!(
                "{}{}",
                item(
                    "a1",
                    "Acme Foods hit by ransomware attack, plants halted",
                    "Acme Foods said a ransomware attack forced it to halt its plants."
                ),
                item(
                    "a2",
                    "Globex confirms data breach affecting customers",
                    "Globex said hackers stole customer records from its systems."
                )
            ),
        ),
    );
    server.feed(
        "/b.xml",
        rss(
            "Outlet B",
            &item(
                "b1",
                "Ransomware attack on Acme Foods disrupts production",
                "Production at Acme Foods stopped after a ransomware attack.",
            ),
        ),
    );
    server.feed(
        "/c.xml",
        rss(
            "Outlet C",
            &format!(
                "{}{}",
                item(
                    "c1",
                    "Hackers breach Globex and steal customer records",
                    "Globex confirmed the breach of its customer records."
                ),
                item("c2", "Initech reports record earnings", "Sales rose.")
            ),
        ),
    );
    let feeds: String = ["/a.xml", "/b.xml", "/c.xml"]
        .iter()
        .map(|p| format!("[[feeds]]\nurl = \"{}\"\n\n", server.url(p)))
        .collect();
    let project = Project::with_config(&format!("[storage]\ndatabase = \"fs.db\"\n\n{feeds}"));
    (server, project)
}

fn incidents(project: &Project) -> Vec<serde_json::Value> {
    let out = project.run(&["incidents", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// Incident id to its item ids, from the database.
fn groups(project: &Project) -> Vec<(i64, Vec<i64>)> {
    let db = project.db();
    let mut stmt = db
        .prepare("SELECT incident_id, item_id FROM item_incidents ORDER BY incident_id, item_id")
        .expect("prepare");
    let rows: Vec<(i64, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let mut out: Vec<(i64, Vec<i64>)> = Vec::new();
    for (incident, item) in rows {
        match out.last_mut() {
            Some((id, items)) if *id == incident => items.push(item),
            _ => out.push((incident, vec![item])),
        }
    }
    out
}

#[test]
fn three_outlets_two_attacks_make_two_incidents_with_their_victims() {
    let (_server, project) = three_outlets();
    project.fetch();
    let rows = incidents(&project);
    assert_eq!(rows.len(), 2, "{rows:?}");
    let mut victims: Vec<&str> = rows.iter().filter_map(|r| r["victim"].as_str()).collect();
    victims.sort();
    assert_eq!(victims, ["Acme Foods", "Globex"]);
    for row in &rows {
        assert_eq!(row["items"], 2, "{row}");
        assert_eq!(row["feeds"], 2, "{row}");
    }
    let acme = rows
        .iter()
        .find(|r| r["victim"] == "Acme Foods")
        .expect("Acme's incident");
    assert_eq!(acme["category"], "ransomware");
    let id = acme["id"].as_i64().expect("an id").to_string();

    let shown = project.run(&["incident", &id]);
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(text.contains("victim:     Acme Foods"), "{text}");
    assert!(text.contains("joined: same victim"), "{text}");
    assert!(text.contains("new: "), "{text}");

    let items = project.run(&["items", "--incident", &id, "--format", "json"]);
    assert_eq!(String::from_utf8_lossy(&items.stdout).lines().count(), 2);

    let atom = project.run(&["export", "--incidents"]);
    let feed = String::from_utf8_lossy(&atom.stdout);
    assert_eq!(feed.matches("<entry>").count(), 2, "{feed}");
    assert!(
        feed.contains(&format!("urn:feedsentry:incident:{id}")),
        "{feed}"
    );

    let item_id = project.count("SELECT min(item_id) FROM item_incidents");
    let explain = project.run(&["explain", &item_id.to_string()]);
    let text = String::from_utf8_lossy(&explain.stdout);
    assert!(text.contains("\nincident:\n  victim: "), "{text}");

    let filtered = project.run(&["incidents", "--victim", "globex", "--format", "json"]);
    assert_eq!(String::from_utf8_lossy(&filtered.stdout).lines().count(), 1);
    let unknown = project.run(&["incident", "999"]);
    assert_eq!(unknown.status.code(), Some(2));
    let unknown = project.run(&["items", "--incident", "999"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("--incident 999"));
}

#[test]
fn a_rebuild_gives_the_same_incidents_the_same_ids() {
    let (_server, project) = three_outlets();
    project.fetch();
    // Ids that a fresh numbering would not give: the rebuild must find them again.
    project
        .db()
        .execute_batch(
            "PRAGMA foreign_keys = OFF;
             UPDATE incidents SET id = id * 10 + 7;
             UPDATE item_incidents SET incident_id = incident_id * 10 + 7;",
        )
        .expect("renumber");
    let live = groups(&project);
    assert_eq!(live.len(), 2);
    assert!(live.iter().all(|(id, _)| id % 10 == 7));
    let out = project.run(&["incidents", "--rebuild"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("4 items in 2 incidents, 2 kept their ids")
    );
    assert_eq!(
        groups(&project),
        live,
        "the replay is the live assignment, ids included"
    );
    let retag = project.run(&["retag"]);
    assert_eq!(retag.status.code(), Some(0));
    assert_eq!(groups(&project), live);
}

#[test]
fn an_incident_notifier_is_told_once_per_incident() {
    let (server, _) = three_outlets();
    let feeds: String = ["/a.xml", "/b.xml", "/c.xml"]
        .iter()
        .map(|p| format!("[[feeds]]\nurl = \"{}\"\n\n", server.url(p)))
        .collect();
    let project = Project::with_config(&format!(
        "[storage]\ndatabase = \"fs.db\"\n\n{feeds}[[notify]]\nname = \"desk\"\nkind = \"exec\"\ncommand = [\"/bin/true\"]\nmode = \"incident\"\n"
    ));
    project.fetch();
    assert_eq!(
        project.count("SELECT count(*) FROM outbox WHERE notifier = 'desk'"),
        2,
        "one delivery per new incident, none for the second outlet"
    );
}
