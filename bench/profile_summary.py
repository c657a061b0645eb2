#!/usr/bin/env python3
"""bench/profile_summary.py — turn bench/profile.sh's callgrind/massif output into markdown
(stdlib only).

    profile_summary.py OUTDIR N JOBS

For each callgrind profile it prints the total instructions (Ir), the inclusive share of the
phases the runner author cares about (parse, step matching, execution, HTTP, JSON, reporting,
allocator, start-up work) and the top functions by self cost. Inclusive figures of different
phases overlap where one calls the other (e.g. step matching happens inside loading); the
"self" table does not overlap. For massif it prints the peak heap and the biggest allocation
sites at the peak.
"""
import os
import re
import sys

LINE = re.compile(r"^\s*([\d,]+)\s+\(\s*([\d.]+)%\)\s+(.*)$")

# (phase, regex on the demangled function name); the largest inclusive match is reported.
PHASES = [
    # load_one is inlined in some builds; then the loader threads' collect (Vec::from_iter) is the root
    ("load: read + parse + bind every feature file (loader threads)",
     r"apitest::gherkin::load::load_one$|^<alloc::vec::Vec<T> as alloc::vec::spec_from_iter_nested::SpecFromIterNested<T,I>>::from_iter$"),
    ("  gherkin crate parser (peg: __parse_feature)", r"gherkin::parser::gherkin_parser::__parse_feature$"),
    ("  binding steps to definitions (Builder::expand)", r"apitest::gherkin::load::Builder::expand$"),
    ("  step matching (Registry::find)", r"apitest::steps::Registry::find$"),
    ("  step registry compile (RegexSet + one Regex per pattern, once)", r"apitest::steps::Registry::compile$"),
    ("execute: the scenario tasks (steps + client side of HTTP)", r"apitest::runner::schedule::run::\{\{closure\}\}::\{\{closure\}\}::\{\{closure\}\}$"),
    ("  step bodies (FnOnce::call_once from the scenario task)", r"^core::ops::function::FnOnce::call_once$"),
    ("  JSON checks incl. parsing the body (steps::json::check)", r"apitest::steps::json::check$"),
    ("    serde_json parse of the body", r"serde_json::de::from_trait"),
    ("  HTTP: reqwest PendingRequest::poll (redirect layer, pool checkout, await)", r"reqwest::async_impl::client::PendingRequest as .*Future>::poll$"),
    ("  HTTP: reqwest Client::execute_request (build + redirect policy)", r"reqwest::async_impl::client::Client::execute_request$"),
    ("  HTTP: url::Parser::parse_url (all callers)", r"url::parser::Parser::parse_url$"),
    ("  HTTP: redirect policy on_request (tower_http follow_redirect)", r"TowerRedirectPolicy as .*::on_request$"),
    ("  dropping Scenario state", r"drop_in_place<apitest::runner::scenario::Scenario>$"),
    ("HTTP: hyper h1 connection task (UpgradeableConnection::poll)", r"UpgradeableConnection<I,B> as .*Future>::poll$"),
    ("spawner task (semaphore, tokio::spawn per chain)", r"apitest::runner::schedule::run::\{\{closure\}\}::\{\{closure\}\}$"),
    ("main thread: block_on (result channel + reporters)", r"tokio::runtime::runtime::Runtime::block_on$|tokio::runtime::park::CachedParkThread::block_on$"),
    ("hashing (SipHash, all callers)", r"core::hash::BuildHasher::hash_one$"),
]
ALLOC = re.compile(r"\b(malloc|free|realloc|calloc|_int_malloc|_int_free|malloc_consolidate|cfree|__libc_malloc|__libc_free|_int_realloc|__rust_alloc|__rust_dealloc|__rust_realloc)\b")


def parse(path):
    total, rows = None, []
    if not os.path.exists(path):
        return None, []
    for line in open(path, errors="replace"):
        m = LINE.match(line)
        if not m:
            continue
        ir = int(m.group(1).replace(",", ""))
        name = m.group(3)
        if "PROGRAM TOTALS" in name:
            total = ir
            continue
        rows.append((ir, float(m.group(2)), name))
    if total is None:
        for line in open(path, errors="replace"):
            if "PROGRAM TOTALS" in line:
                total = int(line.split()[0].replace(",", ""))
    return total, rows


def fname(s):
    s = re.sub(r"\s*\[[^\]]*\]\s*$", "", s)  # drop "[binary]"
    s = re.sub(r"^[^:]*\?\?\?:", "", s)
    s = s.split(":", 1)[1] if re.match(r"^[^ :]+\.(rs|c|h):", s) else s
    return s.strip()


def summarise(out, name, title, n):
    total, inc = parse(os.path.join(out, f"{name}.inclusive.txt"))
    _, self_rows = parse(os.path.join(out, f"{name}.self.txt"))
    if not total:
        print(f"\n({name}: no callgrind output)\n")
        return
    print(f"\n#### {title}\n")
    per = f" = {total / n:,.0f} per scenario" if n > 1 else ""
    print(f"Total: **{total:,} instructions**{per} (callgrind, user space only; syscalls and waiting not counted)\n")
    print("| phase (inclusive; nested rows are part of the row above) | Ir | % of total |")
    print("|---|---:|---:|")
    for label, rx in PHASES:
        r = re.compile(rx)
        best = max((row for row in inc if r.search(fname(row[2]))), default=None, key=lambda x: x[0])
        if best:
            print(f"| {label} | {best[0]:,} | {100 * best[0] / total:.1f}% |")
    alloc = sum(ir for ir, _, nm in self_rows if ALLOC.search(fname(nm)))
    print(f"| allocator (malloc/free/realloc, self) | {alloc:,} | {100 * alloc / total:.1f}% |")
    print("\nTop functions by self cost:\n")
    print("| self Ir | % | function |\n|---:|---:|---|")
    for ir, pct, nm in sorted(self_rows, key=lambda x: -x[0])[:18]:
        print(f"| {ir:,} | {100 * ir / total:.1f}% | `{fname(nm)[:110]}` |")


def massif(out, n):
    txt = os.path.join(out, f"run-{n}.massif.txt")
    if not os.path.exists(txt):
        return
    lines = open(txt, errors="replace").read().splitlines()
    print(f"\n#### Heap at the peak (massif, N={n})\n")
    m = next((re.search(r"(\d+) \(peak\)", l) for l in lines if "(peak)" in l), None)
    if not m:
        print("(no peak snapshot found)")
        return
    snap = m.group(1)
    # the peak's table row, then its allocation tree (top two levels are enough to act on)
    i = next((k for k, l in enumerate(lines) if re.match(rf"^\s+{snap}\s+[\d,]+\s+[\d,]+", l)), None)
    if i is None:
        print("(peak snapshot row not found)")
        return
    cols = lines[i].split()
    print(f"Peak heap: {int(cols[2].replace(',', '')):,} B total ({int(cols[3].replace(',', '')):,} B useful), "
          f"{int(cols[2].replace(',', '')) / n:,.0f} B per scenario.\n")
    print("```")
    for l in lines[i + 1:i + 60]:
        if l.startswith("---") or (l.strip() and re.match(r"^\s+\d+\s+[\d,]+", l)):
            break
        if re.match(r"^(->|\| ->|\|   ->)", l):
            print(l[:170])
    print("```")


def main():
    out, n, jobs = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    print(f"### Profile ({os.path.basename(out)})")
    summarise(out, f"run-{n}-j{jobs}", f"`apitest run`, N={n:,}, --jobs {jobs}", n)
    summarise(out, "run-1", "`apitest run`, 1 scenario (start-up)", 1)
    summarise(out, f"check-{n}", f"`apitest check`, N={n:,}", n)
    massif(out, n)


if __name__ == "__main__":
    main()
