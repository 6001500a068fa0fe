//! Notifications end to end: the real daemon, a loopback feed, and loopback receivers for every
//! kind (webhook, Slack, ntfy, a program, SMTP), with crashes, digests and throttling.

use std::collections::BTreeSet;
use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};

use crate::common::daemon::{Daemon, wait_until};
use crate::common::receiver::{Answer, Receiver, SmtpReceiver};
use crate::common::server::FeedServer;
use crate::common::{Project, item, rss, sample, scrape};

const FAST: &str = "interval = \"2s\"\nmin_interval = \"1s\"\ntimeout = \"5s\"\nshutdown_grace = \"3s\"\nwatch_config = false";
const LONG: Duration = Duration::from_secs(30);

/// Titles the built-in rules tag `cyberattack`, and one they do not.
const ATTACKS: [&str; 3] = [
    "Acme Corp hit by ransomware attack, systems offline",
    "Hackers breach Globex and steal customer data",
    "Initech confirms cyberattack disrupted its factories",
];
const QUIET: &str = "Initech reports record quarterly earnings";

fn feed_of(titles: &[&str]) -> String {
    let items: String = titles
        .iter()
        .enumerate()
        .map(|(n, t)| item(&format!("g{n}"), &format!("https://news.example/{n}"), t))
        .collect();
    rss("News", &items)
}

fn project_with(server: &FeedServer, notify: &str) -> Project {
    Project::with_config(&format!(
        "[storage]\ndatabase = \"fs.db\"\n\n[poll]\n{FAST}\n\n[[feeds]]\nurl = \"{}\"\nname = \"News\"\n\n{notify}",
        server.url("/feed.xml")
    ))
}

fn hmac_hex(key: &str, body: &[u8]) -> String {
    let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key.as_bytes()).expect("key");
    mac.update(body);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The ids of the stored items tagged `cyberattack`.
fn tagged_ids(project: &Project) -> BTreeSet<i64> {
    let db = project.db();
    let mut stmt = db
        .prepare("SELECT item_id FROM item_tags WHERE tag = 'cyberattack'")
        .expect("prepare");
    stmt.query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("ids")
}

#[test]
fn a_webhook_gets_each_tagged_item_once_signed_with_its_key() {
    let server = FeedServer::start();
    server.feed(
        "/feed.xml",
        feed_of(&[ATTACKS[0], QUIET, ATTACKS[1], ATTACKS[2]]),
    );
    let hook = Receiver::start(|_| Answer::ok());
    let project = project_with(
        &server,
        &format!(
            "[metrics]\nlisten = \"127.0.0.1:0\"\n\n[[notify]]\nname = \"siem\"\nkind = \"webhook\"\nurl = \"{}\"\ntags = [\"cyberattack\"]\nsecret_env = \"HOOK_SECRET\"\nrate_limit = \"50/s\"\n",
            hook.url("/hook")
        ),
    );
    let mut daemon = Daemon::start_with(&project, &[("HOOK_SECRET", "s3cret-key")], &[]);
    daemon.wait_for_note("READY=1", LONG);
    wait_until("three deliveries", LONG, || hook.received().len() >= 3);
    // Further polls find nothing new: nothing more is sent.
    std::thread::sleep(Duration::from_secs(3));
    let received = hook.received();
    assert_eq!(received.len(), 3, "one request per tagged item");

    let mut keys = BTreeSet::new();
    let mut ids = BTreeSet::new();
    for request in &received {
        assert_eq!(
            request.headers.get("x-feedsentry-signature"),
            Some(&hmac_hex("s3cret-key", &request.body)),
            "the body is signed with the configured key"
        );
        assert_eq!(
            request
                .headers
                .get("x-feedsentry-event")
                .map(String::as_str),
            Some("item")
        );
        let body = request.json();
        let id = body["item"]["id"].as_i64().expect("an item id");
        assert_eq!(
            request.headers.get("idempotency-key"),
            Some(&format!("siem:item:{id}"))
        );
        keys.insert(request.headers["idempotency-key"].clone());
        ids.insert(id);
        assert_eq!(body["notifier"], "siem");
        assert_eq!(body["item"]["feed"], "News");
        assert_eq!(body["item"]["tags"][0]["tag"], "cyberattack");
        assert!(
            ATTACKS.contains(&body["item"]["title"].as_str().unwrap_or("")),
            "{body}"
        );
    }
    assert_eq!(keys.len(), 3, "idempotency keys are distinct per item");
    assert_eq!(ids, tagged_ids(&project), "exactly the tagged items");

    let scraped = scrape(&daemon.metrics_address(LONG));
    assert_eq!(
        sample(
            &scraped,
            "feedsentry_notifications_sent_total",
            &[("notifier", "siem")]
        ),
        3.0
    );
    assert_eq!(
        sample(
            &scraped,
            "feedsentry_items_tagged_total",
            &[("tag", "cyberattack")]
        ),
        3.0
    );
    assert_eq!(
        sample(
            &scraped,
            "feedsentry_notifications_pending",
            &[("notifier", "siem")]
        ),
        0.0
    );
    let status = project.run_with_env(
        &["notify", "status", "--format", "json"],
        &[("HOOK_SECRET", "s3cret-key")],
    );
    let text = String::from_utf8_lossy(&status.stdout);
    assert!(
        text.contains("\"name\":\"siem\"") && text.contains("\"delivered\":3"),
        "{text} {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let shown = daemon.stderr().join("\n");
    assert!(!shown.contains("s3cret-key"), "the secret is never logged");
}

#[test]
fn slack_and_ntfy_receivers_get_their_own_json() {
    let server = FeedServer::start();
    server.feed("/feed.xml", feed_of(&[ATTACKS[0]]));
    let receiver = Receiver::start(|_| Answer::ok());
    let project = project_with(
        &server,
        &format!(
            "[[notify]]\nname = \"chat\"\nkind = \"slack\"\nurl = \"{}\"\ntags = [\"cyberattack\"]\n\n\
             [[notify]]\nname = \"phone\"\nkind = \"ntfy\"\nurl = \"{}\"\ntoken = \"tk_abc\"\ntags = [\"cyberattack\"]\n",
            receiver.url("/services/T0/B0/XYZ"),
            receiver.url("/alerts")
        ),
    );
    let mut daemon = Daemon::start(&project);
    daemon.wait_for_note("READY=1", LONG);
    wait_until("both messages", LONG, || receiver.received().len() >= 2);
    let received = receiver.received();
    let slack = received
        .iter()
        .find(|r| r.path == "/services/T0/B0/XYZ")
        .expect("the Slack hook was called");
    let text = slack.json()["text"].as_str().unwrap_or("").to_string();
    assert!(
        text.starts_with("*<https://news.example/0|Acme Corp hit by ransomware attack"),
        "{text}"
    );
    assert!(text.contains("News"), "{text}");
    let ntfy = received
        .iter()
        .find(|r| r.path == "/")
        .expect("ntfy is published to the server root");
    let body = ntfy.json();
    assert_eq!(body["topic"], "alerts");
    assert_eq!(body["title"], ATTACKS[0]);
    assert_eq!(body["click"], "https://news.example/0");
    assert_eq!(body["tags"][0], "cyberattack");
    assert_eq!(
        ntfy.headers.get("authorization").map(String::as_str),
        Some("Bearer tk_abc")
    );
}

#[test]
fn a_program_gets_the_item_on_its_standard_input() {
    let server = FeedServer::start();
    server.feed("/feed.xml", feed_of(&[ATTACKS[1], QUIET]));
    let out = tempfile::tempdir().expect("temp dir");
    let script = out.path().join("alert.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ncat > \"{dir}/$FEEDSENTRY_ITEM_ID.json\"\necho \"$FEEDSENTRY_TITLE|$FEEDSENTRY_TAGS|$1\" > \"{dir}/$FEEDSENTRY_ITEM_ID.env\"\n",
            dir = out.path().display()
        ),
    )
    .expect("write the script");
    let mut permissions = std::fs::metadata(&script).expect("stat").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&script, permissions).expect("make it executable");
    let project = project_with(
        &server,
        &format!(
            "[[notify]]\nname = \"local\"\nkind = \"exec\"\ncommand = [\"{}\", \"an argument; not for a shell\"]\ntags = [\"cyberattack\"]\n",
            script.display()
        ),
    );
    let mut daemon = Daemon::start(&project);
    daemon.wait_for_note("READY=1", LONG);
    let id = *tagged_ids_when_ready(&project)
        .first()
        .expect("one tagged item");
    let json_path = out.path().join(format!("{id}.json"));
    wait_until("the program ran", LONG, || {
        out.path().join(format!("{id}.env")).exists()
    });
    let body: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).expect("stdin was saved"))
            .expect("JSON on stdin");
    assert_eq!(body["item"]["title"], ATTACKS[1]);
    let env = std::fs::read_to_string(out.path().join(format!("{id}.env"))).expect("env");
    let fields: Vec<&str> = env.trim().split('|').collect();
    assert_eq!(fields[0], ATTACKS[1]);
    assert!(fields[1].split(',').any(|t| t == "cyberattack"), "{env}");
    assert_eq!(fields[2], "an argument; not for a shell");
    assert_eq!(
        std::fs::read_dir(out.path()).expect("list").count(),
        3,
        "the script and one item's two files: the untagged item was not sent"
    );
}

fn tagged_ids_when_ready(project: &Project) -> Vec<i64> {
    let mut ids = Vec::new();
    wait_until("a tagged item stored", LONG, || {
        ids = if project.database().exists() {
            tagged_ids(project).into_iter().collect()
        } else {
            Vec::new()
        };
        !ids.is_empty()
    });
    ids
}

#[test]
fn a_mail_goes_out_through_smtp_with_text_and_html() {
    let server = FeedServer::start();
    server.feed("/feed.xml", feed_of(&[ATTACKS[2]]));
    let smtp = SmtpReceiver::start();
    let project = project_with(
        &server,
        &format!(
            "[[notify]]\nname = \"mail\"\nkind = \"email\"\nurl = \"smtp://127.0.0.1:{}\"\ntls = \"none\"\nfrom = \"feedsentry@example.org\"\nto = [\"soc@example.org\", \"cert@example.org\"]\ntags = [\"cyberattack\"]\n",
            smtp.port()
        ),
    );
    let mut daemon = Daemon::start(&project);
    daemon.wait_for_note("READY=1", LONG);
    wait_until("a mail", LONG, || !smtp.mails().is_empty());
    let mail = &smtp.mails()[0];
    assert_eq!(mail.from, "<feedsentry@example.org>");
    assert_eq!(
        mail.to,
        vec![
            "<soc@example.org>".to_string(),
            "<cert@example.org>".to_string()
        ]
    );
    assert!(
        mail.data
            .contains("Subject: [feedsentry] Initech confirms cyberattack"),
        "{}",
        mail.data
    );
    assert!(mail.data.contains("multipart/alternative"), "{}", mail.data);
    assert!(mail.data.contains("text/plain") && mail.data.contains("text/html"));
}

#[test]
fn deliveries_interrupted_by_sigkill_are_all_made_after_a_restart() {
    let server = FeedServer::start();
    let titles: Vec<String> = (0..6)
        .map(|n| format!("{} (part {n})", ATTACKS[n % 3]))
        .collect();
    let refs: Vec<&str> = titles.iter().map(String::as_str).collect();
    server.feed("/feed.xml", feed_of(&refs));
    // The receiver takes its time: the daemon is killed while a request is in flight.
    let hook = Receiver::start(|_| Answer {
        delay: Duration::from_secs(3),
        ..Answer::ok()
    });
    let project = project_with(
        &server,
        &format!(
            "[[notify]]\nname = \"siem\"\nkind = \"webhook\"\nurl = \"{}\"\ntags = [\"cyberattack\"]\nrate_limit = \"50/s\"\n",
            hook.url("/hook")
        ),
    );
    let mut daemon = Daemon::start(&project);
    daemon.wait_for_note("READY=1", LONG);
    wait_until("a delivery in flight", LONG, || hook.arrived() >= 1);
    daemon.kill_hard();
    let tagged = tagged_ids(&project);
    assert_eq!(
        tagged.len(),
        6,
        "every attack item was stored before the kill"
    );
    let pending: i64 = project.count("SELECT count(*) FROM outbox WHERE state = 'pending'");
    assert_eq!(
        pending, 6,
        "the outbox kept every delivery, the one in flight included"
    );

    hook.answer_with(|_| Answer::ok());
    let mut daemon = Daemon::start(&project);
    daemon.wait_for_note("READY=1", LONG);
    wait_until("every item delivered", LONG, || {
        project.count("SELECT count(*) FROM outbox WHERE state = 'delivered'") == 6
    });
    let delivered: BTreeSet<i64> = hook
        .received()
        .iter()
        .filter(|r| r.status == 200)
        .map(|r| r.json()["item"]["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(
        delivered, tagged,
        "each item reached the receiver at least once"
    );
}

#[test]
fn fifty_items_make_one_digest() {
    let server = FeedServer::start();
    let titles: Vec<String> = (0..50)
        .map(|n| format!("{} (story {n})", ATTACKS[n % 3]))
        .collect();
    let refs: Vec<&str> = titles.iter().map(String::as_str).collect();
    server.feed("/feed.xml", feed_of(&refs));
    let hook = Receiver::start(|_| Answer::ok());
    let project = project_with(
        &server,
        &format!(
            "[[notify]]\nname = \"daily\"\nkind = \"webhook\"\nurl = \"{}\"\ntags = [\"cyberattack\"]\nmode = \"digest\"\ndigest_every = \"4s\"\n",
            hook.url("/hook")
        ),
    );
    let mut daemon = Daemon::start(&project);
    daemon.wait_for_note("READY=1", LONG);
    wait_until("a digest", LONG, || !hook.received().is_empty());
    std::thread::sleep(Duration::from_secs(6));
    let received = hook.received();
    assert_eq!(received.len(), 1, "one message for the fifty items");
    let body = received[0].json();
    assert_eq!(body["event"], "digest");
    assert_eq!(body["items"].as_array().map(Vec::len), Some(50));
    assert_eq!(
        received[0]
            .headers
            .get("x-feedsentry-event")
            .map(String::as_str),
        Some("digest")
    );
}

#[test]
fn retry_after_and_the_rate_limit_are_honoured() {
    let server = FeedServer::start();
    server.feed("/feed.xml", feed_of(&ATTACKS));
    let hook = Receiver::start(|n| match n {
        1 => Answer {
            headers: vec![("Retry-After".into(), "3".into())],
            ..Answer::status(429)
        },
        _ => Answer::ok(),
    });
    let project = project_with(
        &server,
        &format!(
            "[[notify]]\nname = \"siem\"\nkind = \"webhook\"\nurl = \"{}\"\ntags = [\"cyberattack\"]\nrate_limit = \"1/s\"\n",
            hook.url("/hook")
        ),
    );
    let mut daemon = Daemon::start(&project);
    daemon.wait_for_note("READY=1", LONG);
    wait_until("three deliveries", LONG, || {
        hook.received().iter().filter(|r| r.status == 200).count() >= 3
    });
    let received = hook.received();
    assert_eq!(received[0].status, 429);
    let after_429 = received[1].at - received[0].at;
    assert!(
        after_429 >= Duration::from_millis(2900),
        "the next request waited for Retry-After: {after_429:?}"
    );
    for pair in received[1..].windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(
            gap >= Duration::from_millis(900),
            "one message a second at most: {gap:?}"
        );
    }
    let first = &received[0].json()["item"]["id"];
    assert_eq!(
        &received[1].json()["item"]["id"],
        first,
        "the throttled delivery is the one retried first"
    );
    assert_eq!(
        received[1].headers.get("idempotency-key"),
        received[0].headers.get("idempotency-key"),
        "a retry carries the same idempotency key"
    );
}

#[test]
fn failed_deliveries_are_kept_and_retry_puts_them_back() {
    let server = FeedServer::start();
    server.feed("/feed.xml", feed_of(&[ATTACKS[0]]));
    let hook = Receiver::start(|_| Answer::status(500));
    let project = project_with(
        &server,
        &format!(
            "[[notify]]\nname = \"siem\"\nkind = \"webhook\"\nurl = \"{}\"\ntags = [\"cyberattack\"]\ngive_up_after = \"1s\"\n",
            hook.url("/hook")
        ),
    );
    let mut daemon = Daemon::start(&project);
    daemon.wait_for_note("READY=1", LONG);
    wait_until("the delivery given up", LONG, || {
        project.database().exists()
            && project.count("SELECT count(*) FROM outbox WHERE state = 'failed'") == 1
    });
    let status = project.run(&["notify", "status"]);
    let table = String::from_utf8_lossy(&status.stdout);
    assert!(table.contains("siem") && table.contains("500"), "{table}");
    let line = table
        .lines()
        .find(|l| l.starts_with("siem"))
        .expect("a row");
    let cells: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(&cells[1..5], ["webhook", "0", "1", "0"], "{line}");

    hook.answer_with(|_| Answer::ok());
    let retry = project.run(&["notify", "retry", "siem"]);
    assert_eq!(retry.status.code(), Some(0), "{retry:?}");
    assert!(String::from_utf8_lossy(&retry.stdout).contains("re-queued 1"));
    wait_until("delivered after the retry", LONG, || {
        project.count("SELECT count(*) FROM outbox WHERE state = 'delivered'") == 1
    });
    let unknown = project.run(&["notify", "retry", "sime"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("did you mean"));
}

#[test]
fn old_items_and_items_from_before_a_notifier_are_not_sent() {
    let server = FeedServer::start();
    let old = chrono::Utc::now() - chrono::Duration::days(10);
    let dated = format!(
        "<item><title>{}</title><link>https://news.example/old</link><guid>old</guid><pubDate>{}</pubDate></item>",
        ATTACKS[0],
        old.to_rfc2822()
    );
    server.feed(
        "/feed.xml",
        rss(
            "News",
            &format!(
                "{dated}{}",
                item("g1", "https://news.example/1", ATTACKS[1])
            ),
        ),
    );
    let hook = Receiver::start(|_| Answer::ok());
    let notify = format!(
        "[[notify]]\nname = \"siem\"\nkind = \"webhook\"\nurl = \"{}\"\ntags = [\"cyberattack\"]\n",
        hook.url("/hook")
    );
    // First fetched with no notifier: the stored items predate it.
    let project = project_with(&server, "");
    project.fetch();
    std::fs::write(
        project.config(),
        format!(
            "{}\n{notify}",
            std::fs::read_to_string(project.config()).expect("config")
        ),
    )
    .expect("add the notifier");
    server.feed(
        "/feed.xml",
        rss(
            "News",
            &format!(
                "{dated}{}{}{}",
                item(
                    "g1",
                    "https://news.example/1",
                    &format!("{} (updated)", ATTACKS[1])
                ),
                item("g2", "https://news.example/2", ATTACKS[2]),
                dated.replace("old", "old2").replace("Acme", "Umbrella")
            ),
        ),
    );
    project.fetch();
    let queued: Vec<String> = {
        let db = project.db();
        let mut stmt = db
            .prepare("SELECT i.plain_title FROM outbox o JOIN items i ON i.id = o.item_id")
            .expect("prepare");
        stmt.query_map([], |r| r.get(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("titles")
    };
    assert_eq!(
        queued,
        vec![ATTACKS[2].to_string()],
        "only the new recent item: not the one published ten days ago, not the one stored before the notifier"
    );
    let retag = project.run(&["retag"]);
    assert_eq!(retag.status.code(), Some(0));
    assert_eq!(
        project.count("SELECT count(*) FROM outbox"),
        1,
        "retag floods no one"
    );
}

#[test]
fn notify_test_sends_a_sample_and_reports_a_failure() {
    let hook = Receiver::start(|n| {
        if n == 1 {
            Answer::ok()
        } else {
            Answer::status(404)
        }
    });
    let project = Project::with_config(&format!(
        "[storage]\ndatabase = \"fs.db\"\n\n[[notify]]\nname = \"siem\"\nkind = \"webhook\"\nurl = \"{}\"\nsecret = \"k\"\n",
        hook.url("/hook")
    ));
    let sent = project.run(&["notify", "test", "siem"]);
    assert_eq!(sent.status.code(), Some(0), "{sent:?}");
    assert!(String::from_utf8_lossy(&sent.stdout).contains("sent a test message through siem"));
    // The receiver logs a request after its answer is written, so the command may return first.
    wait_until("the test message logged", LONG, || {
        !hook.received().is_empty()
    });
    let request = &hook.received()[0];
    assert_eq!(
        request.json()["item"]["title"]
            .as_str()
            .map(|t| t.starts_with("feedsentry test")),
        Some(true)
    );
    assert_eq!(
        request.headers.get("x-feedsentry-signature"),
        Some(&hmac_hex("k", &request.body))
    );
    let failed = project.run(&["notify", "test", "siem"]);
    assert_eq!(failed.status.code(), Some(1));
    let error = String::from_utf8_lossy(&failed.stderr);
    assert!(error.contains("siem") && error.contains("404"), "{error}");
}

#[test]
fn a_bad_notifier_is_a_configuration_error_at_its_line() {
    let project = Project::with_config(
        "[storage]\ndatabase = \"fs.db\"\n\n[[notify]]\nname = \"x\"\nkind = \"webhook\"\nurl = \"https://hooks.example/a\"\nsecret_env = \"FEEDSENTRY_TEST_UNSET_VARIABLE\"\n",
    );
    let out = project.run(&["check-config"]);
    assert_eq!(out.status.code(), Some(2));
    let error = String::from_utf8_lossy(&out.stderr);
    assert!(
        error.contains("feedsentry.toml:8:14") && error.contains("FEEDSENTRY_TEST_UNSET_VARIABLE"),
        "{error}"
    );
}

#[test]
fn a_receiver_that_never_answers_does_not_slow_polling() {
    let server = FeedServer::start();
    server.feed("/feed.xml", feed_of(&ATTACKS));
    let hook = Receiver::start(|_| Answer {
        delay: Duration::from_secs(60),
        ..Answer::ok()
    });
    let project = project_with(
        &server,
        &format!(
            "[[notify]]\nname = \"siem\"\nkind = \"webhook\"\nurl = \"{}\"\ntags = [\"cyberattack\"]\ntimeout = \"60s\"\n",
            hook.url("/hook")
        ),
    );
    let mut daemon = Daemon::start(&project);
    daemon.wait_for_note("READY=1", LONG);
    wait_until("a delivery hanging", LONG, || hook.arrived() == 1);
    let polls = server.arrived("/feed.xml");
    wait_until("two more polls while it hangs", LONG, || {
        server.arrived("/feed.xml") >= polls + 2
    });
    assert_eq!(
        hook.arrived(),
        1,
        "the notifier still waits for its first answer"
    );
    assert_eq!(
        project.count("SELECT count(*) FROM outbox WHERE state = 'pending'"),
        3
    );
}

#[test]
fn a_slack_hook_url_stays_out_of_errors() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("address").port();
    drop(closed);
    let project = Project::with_config(&format!(
        "[storage]\ndatabase = \"fs.db\"\n\n[[notify]]\nname = \"chat\"\nkind = \"slack\"\nurl = \"http://127.0.0.1:{port}/services/T0/B0/HOOKSECRET\"\n"
    ));
    let out = project.run(&["notify", "test", "chat"]);
    assert_eq!(out.status.code(), Some(1));
    let error = String::from_utf8_lossy(&out.stderr);
    assert!(error.contains("the Slack hook"), "{error}");
    assert!(!error.contains("HOOKSECRET"), "{error}");
}

#[test]
fn a_notifier_added_by_a_reload_starts_from_then() {
    let server = FeedServer::start();
    server.feed("/feed.xml", feed_of(&[ATTACKS[0], ATTACKS[1]]));
    let hook = Receiver::start(|_| Answer::ok());
    let watched = FAST.replace("watch_config = false", "watch_config = true");
    let config = |notify: &str| {
        format!(
            "[storage]\ndatabase = \"fs.db\"\n\n[poll]\n{watched}\n\n[[feeds]]\nurl = \"{}\"\nname = \"News\"\n\n{notify}",
            server.url("/feed.xml")
        )
    };
    let project = Project::with_config(&config(""));
    let mut daemon = Daemon::start(&project);
    daemon.wait_for_note("READY=1", LONG);
    wait_until("the first items stored", LONG, || {
        project.database().exists() && tagged_ids(&project).len() == 2
    });
    std::fs::write(
        project.config(),
        config(&format!(
            "[[notify]]\nname = \"siem\"\nkind = \"webhook\"\nurl = \"{}\"\ntags = [\"cyberattack\"]\n",
            hook.url("/hook")
        )),
    )
    .expect("add a notifier");
    wait_until("the reload", LONG, || {
        daemon
            .stderr()
            .iter()
            .any(|l| l.contains("configuration reloaded"))
    });
    server.feed("/feed.xml", feed_of(&[ATTACKS[0], ATTACKS[1], ATTACKS[2]]));
    wait_until("the new item delivered", LONG, || {
        !hook.received().is_empty()
    });
    std::thread::sleep(Duration::from_secs(3));
    let titles: Vec<String> = hook
        .received()
        .iter()
        .map(|r| r.json()["item"]["title"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        titles,
        [ATTACKS[2]],
        "only the item stored after the notifier appeared"
    );
}
