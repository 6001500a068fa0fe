//! Loopback receivers for notifications: an HTTP server that records every request with its
//! body and answers as a script says, and an SMTP server that records every mail.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How the receiver answers its `n`-th request (1 for the first).
pub type Script = Box<dyn Fn(usize) -> Answer + Send + Sync>;

/// One answer: a status, extra headers, and a wait before it is sent.
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub delay: Duration,
}

impl Answer {
    pub fn ok() -> Answer {
        Answer::status(200)
    }

    pub fn status(status: u16) -> Answer {
        Answer {
            status,
            headers: Vec::new(),
            delay: Duration::ZERO,
        }
    }
}

/// A request as received.
#[derive(Clone, Debug)]
pub struct Received {
    pub path: String,
    /// Header names lower-cased.
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
    /// When its head arrived.
    pub at: Instant,
    /// The status it was answered with.
    pub status: u16,
}

impl Received {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

/// A running HTTP receiver.
pub struct Receiver {
    port: u16,
    log: Arc<Mutex<Vec<Received>>>,
    arrived: Arc<AtomicUsize>,
    script: Arc<Mutex<Script>>,
}

impl Receiver {
    /// A receiver that answers every request with `answer(n)`.
    pub fn start(answer: impl Fn(usize) -> Answer + Send + Sync + 'static) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let receiver = Receiver {
            port: listener.local_addr().expect("local address").port(),
            log: Arc::new(Mutex::new(Vec::new())),
            arrived: Arc::new(AtomicUsize::new(0)),
            script: Arc::new(Mutex::new(Box::new(answer))),
        };
        let (log, arrived, script) = (
            receiver.log.clone(),
            receiver.arrived.clone(),
            receiver.script.clone(),
        );
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (log, arrived, script) = (log.clone(), arrived.clone(), script.clone());
                thread::spawn(move || {
                    // A client that hangs up is not the test's concern.
                    let _ = serve(stream, &log, &arrived, &script);
                });
            }
        });
        receiver
    }

    /// From now on, answer with `answer(n)`.
    pub fn answer_with(&self, answer: impl Fn(usize) -> Answer + Send + Sync + 'static) {
        *self.script.lock().expect("script lock") = Box::new(answer);
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The requests answered so far.
    pub fn received(&self) -> Vec<Received> {
        self.log.lock().expect("log lock").clone()
    }

    /// How many requests have arrived, answered or not.
    pub fn arrived(&self) -> usize {
        self.arrived.load(Ordering::SeqCst)
    }
}

fn serve(
    stream: TcpStream,
    log: &Mutex<Vec<Received>>,
    arrived: &AtomicUsize,
    script: &Mutex<Script>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut stream = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        let at = Instant::now();
        let path = request_line
            .split_whitespace()
            .nth(1)
            .unwrap_or("")
            .to_string();
        let mut headers = HashMap::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line)?;
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
            }
        }
        let length: usize = headers
            .get("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        let n = arrived.fetch_add(1, Ordering::SeqCst) + 1;
        let answer = (script.lock().expect("script lock"))(n);
        thread::sleep(answer.delay);
        let mut head = format!(
            "HTTP/1.1 {} Answer\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n",
            answer.status
        );
        for (name, value) in &answer.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes())?;
        stream.write_all(b"ok")?;
        stream.flush()?;
        log.lock().expect("log lock").push(Received {
            path,
            headers,
            body,
            at,
            status: answer.status,
        });
    }
}

/// A mail as the SMTP receiver got it.
#[derive(Clone, Debug)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    /// The message as sent after DATA, dot-unstuffed.
    pub data: String,
}

/// A running SMTP receiver without TLS or authentication.
pub struct SmtpReceiver {
    port: u16,
    mails: Arc<Mutex<Vec<Mail>>>,
}

impl SmtpReceiver {
    pub fn start() -> SmtpReceiver {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let receiver = SmtpReceiver {
            port: listener.local_addr().expect("local address").port(),
            mails: Arc::new(Mutex::new(Vec::new())),
        };
        let mails = receiver.mails.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mails = mails.clone();
                thread::spawn(move || {
                    let _ = smtp_session(stream, &mails);
                });
            }
        });
        receiver
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn mails(&self) -> Vec<Mail> {
        self.mails.lock().expect("mails lock").clone()
    }
}

fn smtp_session(stream: TcpStream, mails: &Mutex<Vec<Mail>>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut stream = stream;
    stream.write_all(b"220 receiver.test ESMTP\r\n")?;
    let (mut from, mut to) = (String::new(), Vec::new());
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_string();
        let upper = command.to_ascii_uppercase();
        if upper.starts_with("EHLO") {
            stream.write_all(b"250-receiver.test\r\n250 8BITMIME\r\n")?;
        } else if upper.starts_with("HELO") {
            stream.write_all(b"250 receiver.test\r\n")?;
        } else if upper.starts_with("MAIL FROM:") {
            from = command[10..].trim().to_string();
            stream.write_all(b"250 OK\r\n")?;
        } else if upper.starts_with("RCPT TO:") {
            to.push(command[8..].trim().to_string());
            stream.write_all(b"250 OK\r\n")?;
        } else if upper == "DATA" {
            stream.write_all(b"354 go ahead\r\n")?;
            let mut data = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line)? == 0 {
                    return Ok(());
                }
                if line.trim_end() == "." {
                    break;
                }
                data.push_str(line.strip_prefix('.').unwrap_or(&line));
            }
            mails.lock().expect("mails lock").push(Mail {
                from: std::mem::take(&mut from),
                to: std::mem::take(&mut to),
                data,
            });
            stream.write_all(b"250 OK queued\r\n")?;
        } else if upper == "QUIT" {
            stream.write_all(b"221 bye\r\n")?;
            return Ok(());
        } else {
            // RSET, NOOP and anything else.
            stream.write_all(b"250 OK\r\n")?;
        }
    }
}
