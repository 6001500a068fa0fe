//! A loopback HTTP/1.1 server for tests: routes with ETag/Last-Modified and 304 handling, error
//! statuses, redirects, oversized and dynamic bodies, and a log of every request.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// Builds a body from how many times the route has been requested (1 for the first request).
pub type BodyFn = Box<dyn Fn(usize) -> Vec<u8> + Send + Sync>;

/// What a path answers.
pub enum Route {
    /// A feed document with validators; a matching conditional request gets 304.
    Feed {
        body: Vec<u8>,
        content_type: &'static str,
    },
    /// A feed document served without validators: every request gets the full body.
    Plain(Vec<u8>),
    /// A feed document served with extra headers and no validators.
    Headed {
        body: Vec<u8>,
        headers: Vec<(String, String)>,
    },
    /// A body that changes with each request, with a fresh ETag each time.
    Dynamic(BodyFn),
    /// A bare status with extra headers and a short body.
    Status {
        code: u16,
        headers: Vec<(String, String)>,
    },
    /// A redirect.
    Redirect { code: u16, to: String },
    /// A feed document answered only after a delay.
    Delayed(Duration, Vec<u8>),
    /// A body that changes with each request, answered after a delay and without validators.
    SlowDynamic(Duration, BodyFn),
    /// A valid feed sent in `chunk`-byte pieces, one every `every`.
    Drip {
        body: Vec<u8>,
        chunk: usize,
        every: Duration,
    },
    /// Reads the request and never answers.
    Hang,
    /// A 200 without Content-Length whose body never ends.
    Endless,
    /// A body sent with `Content-Encoding: gzip` (already compressed).
    Gzip(Vec<u8>),
    /// A 200 whose body is `len` bytes of filler.
    Large { len: usize },
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    pub if_none_match: Option<String>,
    pub if_modified_since: Option<String>,
    pub user_agent: Option<String>,
    pub status: u16,
    /// Every header, names lower-cased.
    pub headers: HashMap<String, String>,
    /// When its request line arrived.
    pub arrived: chrono::DateTime<chrono::Utc>,
    /// When its answer was ready to send (the client cannot have it earlier).
    pub answered: chrono::DateTime<chrono::Utc>,
}

/// A running server; it stops accepting when dropped.
pub struct FeedServer {
    port: u16,
    routes: Arc<Mutex<HashMap<String, Route>>>,
    log: Arc<Mutex<Vec<Request>>>,
    hits: Arc<Mutex<HashMap<String, Arc<AtomicUsize>>>>,
}

impl FeedServer {
    pub fn start() -> FeedServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().expect("local address").port();
        let server = FeedServer {
            port,
            routes: Arc::new(Mutex::new(HashMap::new())),
            log: Arc::new(Mutex::new(Vec::new())),
            hits: Arc::new(Mutex::new(HashMap::new())),
        };
        let (routes, log, hits) = (
            server.routes.clone(),
            server.log.clone(),
            server.hits.clone(),
        );
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (routes, log, hits) = (routes.clone(), log.clone(), hits.clone());
                thread::spawn(move || {
                    // A client that goes away mid-answer is not the test's concern.
                    let _ = handle(stream, &routes, &log, &hits);
                });
            }
        });
        server
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn route(&self, path: &str, route: Route) {
        self.routes
            .lock()
            .expect("routes lock")
            .insert(path.to_string(), route);
    }

    pub fn feed(&self, path: &str, body: impl Into<Vec<u8>>) {
        self.route(
            path,
            Route::Feed {
                body: body.into(),
                content_type: "application/xml",
            },
        );
    }

    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().expect("log lock").clone()
    }

    /// How many requests for `path` have arrived, answered or not (a delayed answer is logged
    /// in [`FeedServer::requests`] only once sent).
    pub fn arrived(&self, path: &str) -> usize {
        self.hits
            .lock()
            .expect("hits lock")
            .get(path)
            .map_or(0, |n| n.load(Ordering::SeqCst))
    }

    pub fn requests_to(&self, path: &str) -> Vec<Request> {
        self.requests()
            .into_iter()
            .filter(|r| r.path == path)
            .collect()
    }
}

fn handle(
    stream: TcpStream,
    routes: &Mutex<HashMap<String, Route>>,
    log: &Mutex<Vec<Request>>,
    hits: &Mutex<HashMap<String, Arc<AtomicUsize>>>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let arrived = chrono::Utc::now();
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // A client killed between connecting and sending sends nothing: that is no request.
    if request_line.trim().is_empty() {
        return Ok(());
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
        }
    }
    let count = {
        let mut hits = hits.lock().expect("hits lock");
        hits.entry(path.clone())
            .or_default()
            .fetch_add(1, Ordering::SeqCst)
            + 1
    };
    let if_none_match = headers.get("if-none-match").cloned();
    let special = {
        let routes = routes.lock().expect("routes lock");
        match routes.get(&path) {
            Some(Route::Drip { body, chunk, every }) => {
                Some(Special::Drip(body.clone(), *chunk, *every))
            }
            Some(Route::Hang) => Some(Special::Hang),
            Some(Route::Endless) => Some(Special::Endless),
            _ => None,
        }
    };
    if let Some(special) = special {
        log.lock().expect("log lock").push(Request {
            path,
            if_none_match,
            if_modified_since: headers.get("if-modified-since").cloned(),
            user_agent: headers.get("user-agent").cloned(),
            status: 200,
            headers: headers.clone(),
            arrived,
            answered: chrono::Utc::now(),
        });
        return serve_special(stream, special);
    }
    let (status, extra, body, delay) = {
        let routes = routes.lock().expect("routes lock");
        let delay = match routes.get(&path) {
            Some(Route::Delayed(delay, _) | Route::SlowDynamic(delay, _)) => Some(*delay),
            _ => None,
        };
        let (status, extra, body) = answer(routes.get(&path), count, if_none_match.as_deref());
        (status, extra, body, delay)
    };
    if let Some(delay) = delay {
        thread::sleep(delay);
    }
    log.lock().expect("log lock").push(Request {
        path,
        if_none_match,
        if_modified_since: headers.get("if-modified-since").cloned(),
        user_agent: headers.get("user-agent").cloned(),
        status,
        headers: headers.clone(),
        arrived,
        answered: chrono::Utc::now(),
    });
    let mut out = stream;
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        reason(status),
        body.len()
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    out.write_all(&body)?;
    out.flush()?;
    let _ = out.shutdown(Shutdown::Write);
    let mut rest = Vec::new();
    let _ = reader.read_to_end(&mut rest);
    Ok(())
}

/// Routes that answer over time instead of all at once.
enum Special {
    Drip(Vec<u8>, usize, Duration),
    Hang,
    Endless,
}

fn serve_special(mut stream: TcpStream, special: Special) -> std::io::Result<()> {
    match special {
        Special::Drip(body, chunk, every) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            stream.write_all(head.as_bytes())?;
            for piece in body.chunks(chunk.max(1)) {
                stream.write_all(piece)?;
                stream.flush()?;
                thread::sleep(every);
            }
        }
        Special::Hang => thread::sleep(Duration::from_secs(30)),
        Special::Endless => {
            stream.write_all(
                b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n<rss version=\"2.0\"><channel>",
            )?;
            let filler = vec![b' '; 64 * 1024];
            // Ends when the client hangs up, which is what the test waits for.
            loop {
                stream.write_all(&filler)?;
            }
        }
    }
    Ok(())
}

type Answer = (u16, Vec<(String, String)>, Vec<u8>);

fn answer(route: Option<&Route>, count: usize, if_none_match: Option<&str>) -> Answer {
    let validated = |body: Vec<u8>, content_type: &str| -> Answer {
        let etag = format!("\"{:x}\"", fnv(&body));
        let headers = vec![
            ("ETag".to_string(), etag.clone()),
            (
                "Last-Modified".to_string(),
                "Tue, 24 Nov 2026 08:00:00 GMT".to_string(),
            ),
            ("Content-Type".to_string(), content_type.to_string()),
        ];
        if if_none_match == Some(etag.as_str()) {
            (304, headers, Vec::new())
        } else {
            (200, headers, body)
        }
    };
    match route {
        None => (404, Vec::new(), b"not found".to_vec()),
        Some(Route::Feed { body, content_type }) => validated(body.clone(), content_type),
        Some(Route::Delayed(_, body)) => (200, Vec::new(), body.clone()),
        Some(Route::Gzip(body)) => (
            200,
            vec![("Content-Encoding".to_string(), "gzip".to_string())],
            body.clone(),
        ),
        Some(Route::Drip { .. } | Route::Hang | Route::Endless) => (500, Vec::new(), Vec::new()),
        Some(Route::Plain(body)) => (200, Vec::new(), body.clone()),
        Some(Route::Headed { body, headers }) => (200, headers.clone(), body.clone()),
        Some(Route::Dynamic(make)) => validated(make(count), "application/xml"),
        Some(Route::SlowDynamic(_, make)) => (200, Vec::new(), make(count)),
        Some(Route::Status { code, headers }) => (*code, headers.clone(), b"error page".to_vec()),
        Some(Route::Redirect { code, to }) => (
            *code,
            vec![("Location".to_string(), to.clone())],
            Vec::new(),
        ),
        Some(Route::Large { len }) => (200, Vec::new(), vec![b'x'; *len]),
    }
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100000001b3)
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        404 => "Not Found",
        503 => "Service Unavailable",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        _ => "Status",
    }
}
