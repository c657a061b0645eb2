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
    ("load: read + parse + bind every feature file", r"apitest::gherkin::load::load_one"),
    ("  gherkin crate parser (Feature::parse)", r"gherkin::.*Feature.*::parse\b|gherkin::parser::"),
    ("  step matching (Registry::find)", r"apitest::steps::Registry::find"),
    ("  step registry compile (RegexSet + Regexes, once)", r"apitest::steps::Registry::compile"),
    ("execute: run_scenario (all steps, incl. HTTP await)", r"apitest::runner::execute::run_scenario"),
    ("  HTTP: apitest::http::send (build request, await response)", r"apitest::http::send"),
    ("  HTTP: reqwest Client::execute / pending", r"reqwest::async_impl::client::(Client::execute_request|Pending)"),
    ("  HTTP: hyper h1 connection (dispatch, encode, parse)", r"hyper::proto::h1::dispatch::Dispatcher.*poll"),
    ("  response JSON parse (serde_json from_slice)", r"serde_json::de::from_(slice|trait)"),
    ("  JSON pointer checks (apitest::steps::json)", r"apitest::steps::json::"),
    ("reporting: terminal", r"apitest::report::terminal::"),
    ("reporting: JUnit", r"apitest::report::junit::"),
    ("HTTP client build (rustls roots, TLS config)", r"reqwest::async_impl::client::ClientBuilder::build"),
    ("tokio runtime build", r"tokio::runtime::builder::Builder::build"),
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
    peak = None
    for i, l in enumerate(lines):
        if "(peak)" in l:
            peak = i
    print(f"\n#### Heap at the peak (massif, N={n})\n")
    if peak is None:
        print("(no peak snapshot found)")
        return
    # the detailed snapshot is the table row just above "(peak)" followed by the allocation tree
    start = max(0, peak - 4)
    block = []
    for l in lines[start:]:
        if block and l.startswith("---") and len(block) > 8:
            break
        block.append(l)
    keep = [l for l in block if re.search(r"->|\(peak\)|^\s+n\s|^\s+\d", l) and "ms_print" not in l]
    print("```")
    for l in keep[:40]:
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
