//! A command that writes a directory, interrupted with Ctrl-C (SIGINT) at
//! any moment, leaves the previous output complete: never a mix of old and
//! new files, never an empty or missing directory. The next run cleans up
//! what the interrupted one left.

#![cfg(unix)]

mod common;

use std::process::Command;
use std::time::Duration;

use common::read_tree;

fn fibf() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fibf"));
    cmd.env("NO_COLOR", "1");
    cmd
}

/// [`fibf`] with SIGINT's default action, as a terminal's Ctrl-C finds it.
/// A shell starts a background job with SIGINT ignored, and an ignored
/// signal stays ignored across `exec`: a test run from such a job (a CI
/// script started with `&`) would otherwise interrupt nothing.
fn interruptible() -> Command {
    use std::os::unix::process::CommandExt;
    let mut cmd = fibf();
    // SAFETY: between fork and exec only `signal`, which is
    // async-signal-safe, is called.
    #[allow(unsafe_code)]
    unsafe {
        cmd.pre_exec(|| {
            if libc::signal(libc::SIGINT, libc::SIG_DFL) == libc::SIG_ERR {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd
}

#[test]
fn ctrl_c_leaves_the_previous_output_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    // The previous output: the docs of the small fixture standard.
    let status = fibf()
        .args(["docs", "tests/fixtures/standard", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let before = read_tree(&out);
    assert!(before.len() > 20);
    // Now regenerate with the bundled standards (thousands of pages) and
    // interrupt at many different moments.
    let mut interrupted = 0;
    for delay_ms in [1u64, 5, 20, 50, 100, 150, 200, 300, 400, 600] {
        let mut child = interruptible()
            .args(["docs", "standards", "--out"])
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        let now = read_tree(&out);
        if status.success() {
            // It finished first: the new output is complete, and from now
            // on it is the previous output.
            assert!(
                now.iter()
                    .any(|(p, _)| p == "capabilities/FFMSR.2.2.1.4.html")
            );
            let status = fibf()
                .args(["docs", "tests/fixtures/standard", "--out"])
                .arg(&out)
                .status()
                .unwrap();
            assert!(status.success());
            assert_eq!(read_tree(&out), before);
        } else {
            interrupted += 1;
            assert_eq!(now, before, "interrupted after {delay_ms} ms");
        }
    }
    assert!(interrupted > 0, "no run was interrupted");
    // The next run removes what interrupted runs left beside the output.
    let status = fibf()
        .args(["docs", "tests/fixtures/standard", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let leftovers: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "site")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
