//! An outage that says so: the real server, over TCP, started while its database cannot be
//! reached (its URL names a port nothing listens on), answers every request 503 at once with
//! `Retry-After` and `Cache-Control: no-store`; when the database appears on that port (a
//! forwarding proxy to the real PostGIS) it migrates it and answers 200 by itself, and when the
//! database goes away again it says so again.

use std::time::{Duration, Instant};

use markkartan_server::{db, http};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
};

use crate::common::{TestDb, count, test_config};

/// What the public asks for: a page, the API, a feed, a tile, a server function, the health check.
const REQUESTS: [(&str, &str, &str); 6] = [
    ("GET", "/", "text/html"),
    ("GET", "/api/plots", "application/json"),
    ("GET", "/flode.atom", "application/atom+xml"),
    ("GET", "/tiles/land/9/283/148.svg", "image/svg+xml"),
    ("POST", "/api/map-data", "application/json"),
    ("GET", "/healthz", "*/*"),
];

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    took: Duration,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request on a connection of its own, as a browser or a program sends it.
async fn request(server: std::net::SocketAddr, method: &str, path: &str, accept: &str) -> Answer {
    let started = Instant::now();
    let mut stream = TcpStream::connect(server).await.unwrap();
    // A server function without arguments is a POST with an empty form.
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {server}\r\nAccept: {accept}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\n\
         Connection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).await.unwrap();
    let took = started.elapsed();
    let text = String::from_utf8_lossy(&bytes);
    let head = text.split("\r\n\r\n").next().unwrap_or_default();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("{method} {path}: no status line in {text:?}"));
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Answer {
        status,
        headers,
        took,
    }
}

/// Every request answered 503 within a second, saying when to come back and not to be kept.
async fn expect_unavailable(server: std::net::SocketAddr, within: Duration) {
    let mut wrong = Vec::new();
    for (method, path, accept) in REQUESTS {
        let answer = request(server, method, path, accept).await;
        if answer.status != 503
            || answer.header("retry-after").is_none()
            || answer.header("cache-control") != Some("no-store")
            || answer.took > within
        {
            wrong.push(format!(
                "{method} {path}: {} in {:?}, Retry-After {:?}, Cache-Control {:?}",
                answer.status,
                answer.took,
                answer.header("retry-after"),
                answer.header("cache-control")
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Forwards every connection to `to` until the task is ended, which ends them all.
async fn forward(listener: TcpListener, to: String) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let Ok((mut client, _)) = listener.accept().await else {
            continue;
        };
        let to = to.clone();
        connections.spawn(async move {
            if let Ok(mut database) = TcpStream::connect(&to).await {
                let _ = tokio::io::copy_bidirectional(&mut client, &mut database).await;
            }
        });
    }
}

/// Asks `/healthz` until it answers `status`, for at most ten seconds.
async fn wait_for_health(server: std::net::SocketAddr, status: u16) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while request(server, "GET", "/healthz", "*/*").await.status != status {
        assert!(
            Instant::now() < deadline,
            "/healthz did not answer {status} within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn an_unreachable_database_is_answered_503_at_once_and_the_server_recovers_by_itself() {
    // The real database, empty: the server migrates it once it reaches it.
    let db = TestDb::empty().await;
    let (server_part, name) = db.url.rsplit_once('/').unwrap();
    let database_address = server_part.rsplit_once('@').unwrap().1.to_string();
    let (host_part, _) = server_part.rsplit_once(':').unwrap();
    // A port nothing listens on (yet).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("{host_part}:{port}/{name}");

    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(http::serve_on(
        listener,
        test_config(&url),
        db::connect_lazy(&url).unwrap(),
        async {
            let _ = stopped.await;
        },
    ));

    // Started without its database: it serves, and says 503 at once to everything.
    expect_unavailable(server, Duration::from_secs(1)).await;
    assert_eq!(
        count(
            &db.pool,
            "SELECT count(*) FROM pg_tables WHERE tablename = 'plot_records'"
        )
        .await,
        0,
        "nothing migrated yet"
    );

    // The database appears on that port: the server finds it, migrates it and answers.
    let proxy = tokio::spawn(forward(
        TcpListener::bind(("127.0.0.1", port)).await.unwrap(),
        database_address,
    ));
    wait_for_health(server, 200).await;
    for (method, path, accept) in REQUESTS {
        let answer = request(server, method, path, accept).await;
        assert_eq!(
            answer.status, 200,
            "{method} {path} once the database is back"
        );
    }
    assert_eq!(
        count(
            &db.pool,
            "SELECT count(*) FROM pg_tables WHERE tablename = 'plot_records'"
        )
        .await,
        1,
        "migrated when it came back"
    );

    // It goes away under the running server: refused at once again, once the probe has seen
    // it (the requests in the meantime wait at most the pool's short acquire timeout).
    proxy.abort();
    let _ = proxy.await;
    let first = request(server, "GET", "/api/plots", "application/json").await;
    assert_eq!(first.status, 503);
    assert!(first.took < Duration::from_secs(2), "{:?}", first.took);
    wait_for_health(server, 503).await;
    expect_unavailable(server, Duration::from_secs(1)).await;

    let _ = stop.send(());
    serving.await.unwrap().unwrap();
    db.drop_database().await;
}
