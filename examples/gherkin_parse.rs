//! Times apitest's Gherkin parser against the `gherkin` crate's, side by side
//! in one process, on the same files (`bench/parse.sh` drives it).
//!
//! ```text
//! cargo run --release --example gherkin_parse -- [--rounds N] [--only ours|crate] FILE...
//! file                          scenarios      bytes   ours best/median      crate best/median   crate/ours
//! /tmp/pbench/one-10000.feature     10000    3504010     9.1 ms /   9.4 ms   612.0 ms / 640.2 ms      67.3×
//! ```
//!
//! Each round parses every file once with each parser (round-robin, so load
//! on a shared machine hits both alike); best and median of the rounds are shown.

use std::time::{Duration, Instant};

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let out = f();
    (start.elapsed(), out)
}

fn scenarios(f: &gherkin::Feature) -> usize {
    f.scenarios.len() + f.rules.iter().map(|r| r.scenarios.len()).sum::<usize>()
}

fn summary(times: &mut [Duration]) -> (f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(times[0]), ms(times[times.len() / 2]))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut rounds = 5usize;
    let mut only: Option<String> = None;
    let mut files = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--rounds" => rounds = args.next().and_then(|n| n.parse().ok()).unwrap_or(5),
            "--only" => only = args.next(),
            _ => files.push(arg),
        }
    }
    if files.is_empty() {
        eprintln!("usage: gherkin_parse [--rounds N] [--only ours|crate] FILE...");
        std::process::exit(2);
    }
    let run_ours = only.as_deref() != Some("crate");
    let run_crate = only.as_deref() != Some("ours");
    println!(
        "{:<40} {:>9} {:>10} {:>22} {:>22} {:>11}",
        "file", "scenarios", "bytes", "ours best / median", "crate best / median", "crate/ours"
    );
    for file in &files {
        let source = match std::fs::read_to_string(file) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{file}: {e}");
                std::process::exit(2);
            }
        };
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        let mut count = 0;
        for _ in 0..rounds.max(1) {
            if run_ours {
                let (t, parsed) = time(|| apitest::gherkin::parse::feature(&source));
                match parsed {
                    Ok(Some(f)) => count = scenarios(&f),
                    Ok(None) => count = 0,
                    Err(e) => {
                        eprintln!("{file}: ours: {:?}", e.errors);
                        std::process::exit(1);
                    }
                }
                ours.push(t);
            }
            if run_crate {
                let env = gherkin::GherkinEnv::default();
                let (t, parsed) = time(|| gherkin::Feature::parse(&source, env));
                match parsed {
                    Ok(f) => count = scenarios(&f),
                    Err(e) => {
                        eprintln!("{file}: crate: {e}");
                        std::process::exit(1);
                    }
                }
                theirs.push(t);
            }
        }
        let shown = |times: &mut Vec<Duration>| {
            if times.is_empty() {
                return ("-".to_owned(), f64::NAN);
            }
            let (best, median) = summary(times);
            (format!("{best:.1} ms / {median:.1} ms"), best)
        };
        let (o, ob) = shown(&mut ours);
        let (c, cb) = shown(&mut theirs);
        let ratio = if ob.is_nan() || cb.is_nan() {
            "-".to_owned()
        } else {
            format!("{:.1}×", cb / ob)
        };
        println!(
            "{:<40} {:>9} {:>10} {:>22} {:>22} {:>11}",
            file,
            count,
            source.len(),
            o,
            c,
            ratio
        );
    }
}
