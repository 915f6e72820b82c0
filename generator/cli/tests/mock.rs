//! `docgen mock` as users run it: it serves the docs on loopback and prints each request;
//! `--replay` reports how the docs' own requests are answered.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

#[test]
fn replay_reports_every_documented_request_answered_as_documented() {
    let out = Command::new(env!("CARGO_BIN_EXE_docgen"))
        .args(["mock", "docs-input", "--replay"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("documented requests answered with their own response (100.00 %)"),
        "{err}"
    );
    assert!(
        err.contains("operations answer something typed (100.00 %)"),
        "{err}"
    );
    // Nothing to list: every answer was the documented one.
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
}

#[test]
fn mock_serves_a_selection_and_logs_each_request() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_docgen"))
        .args(["mock", "docs-input", "--path", "/communications/calls/**"])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The banner names the address: read up to it, then call.
    let mut banner = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut banner)
        .unwrap();
    let url = banner
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no address in {banner:?}"))
        .to_string();
    let authority = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let ask = |path: &str| {
        let mut s = std::net::TcpStream::connect(&authority).unwrap();
        write!(
            s,
            "GET /v1.0{path} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer t\r\nconnection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    };
    let call = ask("/communications/calls/c6c66e76-f259-4a84-b248-23ca49809e8a");
    assert!(call.starts_with("HTTP/1.1 200"), "{call}");
    // Outside the selection: not served.
    let drive = ask("/me/drive/root/search(q='x')");
    assert!(drive.starts_with("HTTP/1.1 404"), "{drive}");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        line.trim(),
        "GET /v1.0/communications/calls/c6c66e76-f259-4a84-b248-23ca49809e8a -> 200 [GET /communications/calls/{call-id}] from api/call-get.md:65"
    );
}
