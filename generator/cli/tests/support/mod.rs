//! Helpers the CLI-level tests share: run the built binary, copy a docs folder.

use std::path::Path;
use std::process::{Command, Output};

pub fn docgen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docgen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("docgen runs")
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
