//! Tagging end to end: what `items --tag` returns after a fetch, `explain`, and `retag` after
//! the `[tagging]` rules change.

use crate::common::server::FeedServer;
use crate::common::{Project, fixture};

fn tagged(project: &Project, tag: &str) -> Vec<String> {
    let out = project.run(&["items", "--tag", tag, "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut titles: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("JSON line")["title"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    titles.sort();
    titles
}

fn config(url: &str, tagging: &str) -> String {
    format!("[storage]\ndatabase = \"fs.db\"\n\n{tagging}\n[[feeds]]\nurl = \"{url}\"\n")
}

#[test]
fn fetched_items_are_tagged_and_retag_follows_rule_changes() {
    let server = FeedServer::start();
    server.feed("/mixed.xml", fixture("tagging.xml"));
    let project = Project::with_config(&config(&server.url("/mixed.xml"), ""));
    project.fetch();
    let expected = vec![
        "Ciberataque deja sin servicio la web del ayuntamiento".to_string(),
        "Cyberangriff legt Stadtverwaltung tagelang lahm".to_string(),
        "Harbour authority systems encrypted, criminals demand payment".to_string(),
        "Mexico's Economy Ministry Suffers Cyber-attack At Weekend".to_string(),
    ];
    assert_eq!(tagged(&project, "cyberattack"), expected);
    // The category heads may also file the German town hall's outage under ransomware; the
    // item that names encryption and a payment demand must be there.
    let ransomware = tagged(&project, "cyberattack:ransomware");
    assert!(ransomware.contains(&expected[2]), "{ransomware:?}");
    let evidence: String = project
        .db()
        .query_row("SELECT evidence FROM item_tags t JOIN items i ON i.id = t.item_id WHERE i.guid = 't1' AND t.tag = 'cyberattack'", [], |r| r.get(0))
        .expect("evidence stored");
    assert!(evidence.contains("title: \"cyber attack\""), "{evidence}");

    std::fs::write(
        project.config(),
        config(
            &server.url("/mixed.xml"),
            "[tagging.cyberattack]\nexclude = [\"cyber-attack at weekend\"]\n\n[tagging.tags.mexico]\nterms = [\"mexico\", \"mexican\"]\n",
        ),
    )
    .expect("edit config");
    let out = project.run(&["retag"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.starts_with("retagged 10 items: 1 tags added, 2 removed"),
        "{said}"
    );
    assert_eq!(tagged(&project, "cyberattack"), expected[..3].to_vec());
    assert_eq!(tagged(&project, "mexico"), vec![expected[3].clone()]);
    let again = project.run(&["retag"]);
    assert!(
        String::from_utf8_lossy(&again.stdout)
            .starts_with("retagged 10 items: 0 tags added, 0 removed")
    );
}

#[test]
fn explain_shows_what_fired_and_what_was_vetoed() {
    let server = FeedServer::start();
    server.feed("/mixed.xml", fixture("tagging.xml"));
    let project = Project::with_config(&config(&server.url("/mixed.xml"), ""));
    project.fetch();
    let id_of = |guid: &str| -> String {
        project
            .count(&format!("SELECT id FROM items WHERE guid = '{guid}'"))
            .to_string()
    };
    let out = project.run(&["explain", &id_of("t7")]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Veteran striker suffers heart attack"),
        "{text}"
    );
    assert!(
        text.contains("- title: \"attack\" vetoed by \"heart attack\""),
        "{text}"
    );
    assert!(text.contains("\n    so: not tagged: "), "{text}");
    let out = project.run(&["explain", &id_of("t5")]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("stored tags:\n  cyberattack:"), "{text}");
    assert!(
        text.contains("the current rules:\n  cyberattack: yes (category ransomware)"),
        "{text}"
    );
    assert!(text.contains("\n    so: tagged: "), "{text}");
    let decision: Vec<&str> = text
        .split("the current rules:\n")
        .nth(1)
        .expect("a decision")
        .lines()
        .collect();
    let mut seen = std::collections::HashSet::new();
    for line in &decision {
        assert!(seen.insert(*line), "{line:?} twice in:\n{text}");
        if let Some(phrase) = line.trim().strip_prefix("- ") {
            let said = phrase.split(" vetoed").next().unwrap_or(phrase);
            assert!(
                !decision.iter().any(|l| l.trim() == format!("+ {said}")),
                "{said} both fired and not:\n{text}"
            );
        }
    }
    let missing = project.run(&["explain", "99999"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no item with id 99999"));
}

#[test]
fn a_bad_rule_is_a_config_error_with_line_and_column() {
    let project = Project::with_config("[tagging.cyberattack]\nterms = [\"ok\", \"\"]\n");
    let out = project.run(&["check-config"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}:2:", project.config().display())),
        "{stderr}"
    );
}

/// The titles and languages that `items --lang CODE --format json` prints.
fn in_language(project: &Project, code: &str) -> Vec<(String, String)> {
    let out = project.run(&["items", "--lang", code, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            (
                v["title"].as_str().unwrap_or("").to_string(),
                v["lang"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn each_item_has_a_language_declared_or_detected_and_items_filters_by_it() {
    let server = FeedServer::start();
    server.feed("/mixed.xml", fixture("tagging.xml"));
    server.feed(
        "/declared.xml",
        crate::common::rss(
            "Notícias",
            "<item><guid>d1</guid><title>Hackers invadem sistema de prefeitura</title></item>",
        )
        .replace("<channel>", "<channel><language>pt-BR</language>"),
    );
    let project = Project::new("", &[server.url("/mixed.xml"), server.url("/declared.xml")]);
    project.fetch();
    let spanish = in_language(&project, "es");
    assert_eq!(
        spanish,
        vec![(
            "Ciberataque deja sin servicio la web del ayuntamiento".to_string(),
            "es".to_string()
        )]
    );
    assert_eq!(
        in_language(&project, "PT"),
        vec![(
            "Hackers invadem sistema de prefeitura".to_string(),
            "pt".to_string()
        )]
    );
    let bad = project.run(&["items", "--lang", "english!"]);
    assert_eq!(bad.status.code(), Some(2));
    let show = project.run(&["show", "1"]);
    assert!(String::from_utf8_lossy(&show.stdout).contains("language:"));
}

#[test]
fn the_model_scores_are_stored_with_the_evidence_and_explained() {
    let server = FeedServer::start();
    server.feed("/mixed.xml", fixture("tagging.xml"));
    let project = Project::with_config(&config(&server.url("/mixed.xml"), ""));
    project.fetch();
    let evidence_of = |tag: &str| -> (i64, String) {
        project
            .db()
            .query_row(
                "SELECT i.id, t.evidence FROM item_tags t JOIN items i ON i.id = t.item_id
                 WHERE i.guid = 't1' AND t.tag LIKE ?1",
                [tag],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("evidence stored")
    };
    let (id, evidence) = evidence_of("cyberattack");
    assert!(evidence.contains("model score 0."), "{evidence}");
    let (_, category) = evidence_of("cyberattack:%");
    assert!(category.contains("category model 0."), "{category}");
    let out = project.run(&["explain", &id.to_string()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("model score 0."), "{text}");
    assert!(text.contains("category model: "), "{text}");
}
