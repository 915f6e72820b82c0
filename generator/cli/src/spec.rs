//! What `generate` was asked to write, as its header records it: the regenerate command
//! (the binary as run and every flag that shapes the output), and that command read back
//! by `check`, so `docgen check DOCS --against FILE` needs no flags.

use crate::select_args::{shell_quote, shell_words, Select};
use docgen_codegen::path_key;
use std::path::PathBuf;

/// Where the output goes: a module, or a whole crate.
#[derive(Clone, PartialEq)]
pub enum Target {
    Module(PathBuf),
    Crate { dir: PathBuf, name: String },
}

/// The flags of one `generate` run that shape what it writes.
#[derive(Clone)]
pub struct Spec {
    pub docs: Vec<PathBuf>,
    pub target: Target,
    pub examples_test: Option<PathBuf>,
    pub runtime_path: String,
    pub runtime_dependency: Option<String>,
    pub license: Option<String>,
    pub vocab: Option<Vec<String>>,
    pub select: Select,
}

impl Spec {
    /// `generate …` as the header records it: paths by meaning (`./docs` and `docs` are
    /// one), defaults left out, in a fixed order, so the same run writes the same header.
    pub fn args(&self) -> String {
        let docs: Vec<String> = self.docs.iter().map(|d| shell_quote(&path_key(d))).collect();
        let mut out = format!("generate {}", docs.join(" "));
        match &self.target {
            Target::Module(p) => out.push_str(&format!(" --out {}", shell_quote(&path_key(p)))),
            Target::Crate { dir, name } => out.push_str(&format!(
                " --crate {} --name {}",
                shell_quote(&path_key(dir)),
                shell_quote(name)
            )),
        }
        if let Some(p) = &self.examples_test {
            out.push_str(&format!(" --examples-test {}", shell_quote(&path_key(p))));
        }
        if self.runtime_path != docgen_codegen::emit::DEFAULT_RUNTIME_PATH {
            out.push_str(&format!(" --runtime-path {}", shell_quote(&self.runtime_path)));
        }
        if let Some(d) = &self.runtime_dependency {
            out.push_str(&format!(" --runtime-dependency {}", shell_quote(d)));
        }
        if let Some(l) = &self.license {
            out.push_str(&format!(" --license {}", shell_quote(l)));
        }
        out.push_str(&self.select.args());
        if let Some(v) = &self.vocab {
            out.push_str(&format!(" --vocab {}", shell_quote(&v.join(","))));
        }
        out
    }

    /// The header's regenerate command: `program` (how the binary was run) and the args.
    pub fn command(&self, program: &str) -> String {
        format!("{program} {}", self.args())
    }

    /// The crate a module or test belongs to: `--name`, or the `[package]` name of the
    /// nearest `Cargo.toml` above the output.
    pub fn crate_name(&self) -> String {
        match &self.target {
            Target::Crate { name, .. } => name.replace('-', "_"),
            Target::Module(out) => crate_name_above(out),
        }
    }
}

fn crate_name_above(out: &std::path::Path) -> String {
    let mut dir = std::fs::canonicalize(out.parent().unwrap_or(out)).ok();
    while let Some(d) = dir {
        if let Ok(text) = std::fs::read_to_string(d.join("Cargo.toml")) {
            if let Some(n) = text.lines().find_map(|l| {
                l.trim().strip_prefix("name").map(|r| {
                    r.trim_start()
                        .trim_start_matches('=')
                        .trim()
                        .trim_matches('"')
                        .to_string()
                })
            }) {
                return n.replace('-', "_");
            }
        }
        dir = d.parent().map(std::path::Path::to_path_buf);
    }
    "generated".to_string()
}

/// How to run this binary again as it was run now: `cargo run -p docgen-cli --` under
/// `cargo run` (cargo sets `CARGO` and the package's name for what it runs), else the
/// program as invoked (`docgen` found on `PATH`, or the path it was started by).
pub fn program() -> String {
    let under_cargo = std::env::var_os("CARGO").is_some()
        && std::env::var("CARGO_PKG_NAME").as_deref() == Ok("docgen-cli");
    if under_cargo {
        return "cargo run -p docgen-cli --".to_string();
    }
    invoked_binary()
}

/// The path this binary was started by, for a command to run from where it ran.
pub fn invoked_binary() -> String {
    match std::env::args_os().next().filter(|a| !a.is_empty()) {
        Some(argv0) => shell_quote(&PathBuf::from(argv0).display().to_string()),
        None => std::env::current_exe()
            .map(|p| shell_quote(&p.display().to_string()))
            .unwrap_or_else(|_| "docgen".to_string()),
    }
}

/// A generated file's header read back: the program and the `generate` flags it records.
pub struct Recorded {
    pub program: String,
    pub command: String,
    pub spec: Spec,
}

/// The `// Regenerate with:` line of a file docgen wrote, parsed as `generate` parses its
/// flags; `None` when there is no such line or it is not a `generate` command.
pub fn recorded(text: &str) -> Option<Recorded> {
    let command = text
        .lines()
        .take(4)
        .find_map(|l| l.strip_prefix("// Regenerate with: "))?
        .trim()
        .to_string();
    let words = shell_words(&command)?;
    let at = words.iter().position(|w| w == "generate")?;
    let program = words[..at]
        .iter()
        .map(|w| shell_quote(w))
        .collect::<Vec<_>>()
        .join(" ");
    let argv = std::iter::once("docgen".to_string()).chain(words[at..].iter().cloned());
    let spec = crate::generate_spec(argv)?;
    Some(Recorded {
        program,
        command,
        spec,
    })
}
