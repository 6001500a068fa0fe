//! Runs the real binary as a daemon with a notification socket the test owns.

use std::io::{BufRead, BufReader};
use std::os::unix::net::UnixDatagram;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::Project;

/// A `feedsentry run` process.
pub struct Daemon {
    child: Child,
    notify: UnixDatagram,
    notes: Vec<String>,
    stderr: Arc<Mutex<Vec<String>>>,
    /// Where standard error goes instead of a pipe, for a daemon started "under journald".
    stderr_file: Option<std::path::PathBuf>,
    _socket_dir: tempfile::TempDir,
}

impl Daemon {
    pub fn start(project: &Project) -> Daemon {
        Daemon::start_with(project, &[], &[])
    }

    /// Starts as systemd would start it with `StandardError=journal`: standard error is a
    /// stream (a file here) that `JOURNAL_STREAM` names by device and inode.
    pub fn start_in_journal(project: &Project) -> Daemon {
        use std::os::unix::fs::MetadataExt;
        let path = project.dir.path().join("journal.log");
        let file = std::fs::File::create(&path).expect("create the journal file");
        let meta = file.metadata().expect("stat the journal file");
        let stream = format!("{}:{}", meta.dev(), meta.ino());
        let mut daemon = Daemon::spawn(
            project,
            &[("JOURNAL_STREAM", stream.as_str())],
            &[],
            Stdio::from(file),
        );
        daemon.stderr_file = Some(path);
        daemon
    }

    /// Starts with extra environment variables and extra global arguments.
    pub fn start_with(project: &Project, env: &[(&str, &str)], args: &[&str]) -> Daemon {
        Daemon::spawn(project, env, args, Stdio::piped())
    }

    fn spawn(project: &Project, env: &[(&str, &str)], args: &[&str], stderr: Stdio) -> Daemon {
        let socket_dir = tempfile::tempdir().expect("temp dir");
        let socket_path = socket_dir.path().join("notify.sock");
        let notify = UnixDatagram::bind(&socket_path).expect("bind notify socket");
        notify
            .set_read_timeout(Some(Duration::from_millis(200)))
            .expect("socket timeout");
        let mut child = Command::new(env!("CARGO_BIN_EXE_feedsentry"))
            .args(args)
            .args([
                "--config",
                project.config().to_str().expect("utf-8 path"),
                "run",
            ])
            .current_dir(project.dir.path())
            .env("NOTIFY_SOCKET", &socket_path)
            .env("RUST_LOG", "info")
            .env_remove("JOURNAL_STREAM")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .expect("spawn feedsentry run");
        let stderr = Arc::new(Mutex::new(Vec::new()));
        if let Some(pipe) = child.stderr.take() {
            let lines = Arc::clone(&stderr);
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    lines.lock().expect("stderr lock").push(line);
                }
            });
        }
        Daemon {
            child,
            notify,
            notes: Vec::new(),
            stderr,
            stderr_file: None,
            _socket_dir: socket_dir,
        }
    }

    /// Every notification received over the next `span`.
    pub fn notes_during(&mut self, span: Duration) -> Vec<String> {
        let start = Instant::now();
        let first = self.notes.len();
        let mut buf = [0u8; 4096];
        while start.elapsed() < span {
            if let Ok(n) = self.notify.recv(&mut buf) {
                self.notes
                    .push(String::from_utf8_lossy(&buf[..n]).into_owned());
            }
        }
        self.notes[first..].to_vec()
    }

    /// Waits for a notification containing `text`, returning every one received so far.
    pub fn wait_for_note(&mut self, text: &str, timeout: Duration) -> &[String] {
        let start = Instant::now();
        let mut buf = [0u8; 4096];
        let mut seen = self.notes.len();
        loop {
            if self.notes[seen..].iter().any(|n| n.contains(text)) {
                return &self.notes;
            }
            seen = self.notes.len();
            if start.elapsed() > timeout {
                panic!(
                    "no {text:?} notification within {timeout:?}; got {:?}; stderr: {:?}",
                    self.notes,
                    self.stderr()
                );
            }
            if let Ok(n) = self.notify.recv(&mut buf) {
                self.notes
                    .push(String::from_utf8_lossy(&buf[..n]).into_owned());
            }
        }
    }

    /// The address the metrics server logged it is bound to, once it has.
    pub fn metrics_address(&self, timeout: Duration) -> String {
        let find = || {
            self.stderr().iter().find_map(|l| {
                l.contains("serving /metrics")
                    .then(|| l.split("address=").nth(1).map(|a| a.trim().to_string()))
                    .flatten()
            })
        };
        wait_until("the metrics address logged", timeout, || find().is_some());
        find().unwrap_or_default()
    }

    pub fn pid(&self) -> String {
        self.child.id().to_string()
    }

    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.pid()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} failed");
    }

    /// SIGKILL: no chance to clean up.
    pub fn kill_hard(&mut self) {
        self.child.kill().expect("kill -9");
        self.child.wait().expect("reap");
    }

    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().expect("poll child").is_none()
    }

    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("poll child") {
                return status;
            }
            assert!(
                start.elapsed() < timeout,
                "daemon still running after {timeout:?}; its log:\n{}",
                self.stderr().join("\n")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn stderr(&self) -> Vec<String> {
        match &self.stderr_file {
            Some(path) => std::fs::read_to_string(path)
                .unwrap_or_default()
                .lines()
                .map(str::to_string)
                .collect(),
            None => self.stderr.lock().expect("stderr lock").clone(),
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `condition` every 50 ms until it holds, or panics with `what` after `timeout`.
pub fn wait_until(what: &str, timeout: Duration, mut condition: impl FnMut() -> bool) {
    let start = Instant::now();
    while !condition() {
        assert!(
            start.elapsed() < timeout,
            "timed out after {timeout:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
