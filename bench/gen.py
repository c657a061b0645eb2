#!/usr/bin/env python3
"""bench/gen.py — write a benchmark suite of N identical API test scenarios (stdlib only).

Adapted from bench/peers/gen.py (the shared peers harness). Differences: the scenario has the
issue-7 shape (address, path, method, header, invoke, status, TWO JSON-path checks, one header
check), the target address is a parameter, and only three dialects are written — the zato
dialect (what `apitest run` and zato-apitest read), Hurl and a Postman collection (Newman).

Layout (default root /tmp/bench/suites):

    <root>/<name>/zato/features/config.ini, environment.py, steps/steps.py   (zato-apitest scaffolding)
    <root>/<name>/zato/features/fNNNN.feature     N scenarios, PER_FILE per file
    <root>/<name>/hurl/fNNNN.hurl                 the same scenarios as Hurl entries
    <root>/<name>/newman/collection.json          the same scenarios as a Postman v2.1 collection
    <root>/<name>/manifest.json                   counts and address (run.sh regenerates on mismatch)

<name> is N, or "fail" for --fail: 5 scenarios, one per file — one passing, then one each with a
wrong status, a wrong first JSON value, a wrong second JSON value and a wrong header (4 failures
expected), to prove that every check is really evaluated.

Usage:
    gen.py N [--per-file 50] [--root DIR] [--address http://127.0.0.1:18180] [--only-zato]
    gen.py --fail [--root DIR] [--address ...]
"""
import argparse
import json
import math
import os
import shutil
import sys

URL_PATH = "/tutorial/api/get-user"

# What `apitest init` of zato-apitest 24.10.1 writes; zato-apitest needs it, apitest ignores it.
CONFIG_INI = """
[behave]
options=--format pretty --show-timings --no-source --no-logcapture --logging-level=INFO

[user]
sample=Hello
"""

ENVIRONMENT_PY = '''# -*- coding: utf-8 -*-
# Same as what `apitest init` (zato-apitest) writes.
import os
from zato.apitest.util import new_context # type: ignore

def before_feature(context, feature): # type: ignore
    environment_dir = os.path.dirname(os.path.realpath(__file__))
    context.zato = new_context(None, environment_dir)
'''

STEPS_PY = '''# -*- coding: utf-8 -*-
# Registers zato-apitest's built-in steps, as `apitest init` (zato-apitest) does.
from zato.apitest import steps as default_steps # type: ignore
from zato.apitest.steps.json import set_pointer # type: ignore
from zato.apitest.util import obtain_values # type: ignore
'''

# (label, status, /UserType, /user/name, X-Request-Id)
PASS = ("ok", "200", "RGV", "Alice", "abc123")
FAIL_VARIANTS = [
    PASS,
    ("bad-status", "201", "RGV", "Alice", "abc123"),
    ("bad-json-1", "200", "XXX", "Alice", "abc123"),
    ("bad-json-2", "200", "RGV", "Bob", "abc123"),
    ("bad-header", "200", "RGV", "Alice", "zzz999"),
]


def zato_scenario(address, idx, v):
    label, status, usertype, name, reqid = v
    return f'''Scenario: get-user {idx:06d} {label}

    Given address "{address}"
    Given URL path "{URL_PATH}"
    Given REST method "GET"
    Given header "X-API-Key" "abc"

    When the URL is invoked

    Then status is "{status}"
    And path "/UserType" is "{usertype}"
    And path "/user/name" is "{name}"
    And header "X-Request-Id" is "{reqid}"

'''


def hurl_entry(address, idx, v):
    label, status, usertype, name, reqid = v
    return f'''# scenario {idx:06d} {label}
GET {address}{URL_PATH}
X-API-Key: abc
HTTP {status}
[Asserts]
jsonpath "$.UserType" == "{usertype}"
jsonpath "$.user.name" == "{name}"
header "X-Request-Id" == "{reqid}"

'''


def newman_item(address, idx, v):
    label, status, usertype, name, reqid = v
    test = [
        f'pm.test("status is {status}", function () {{ pm.response.to.have.status({int(status)}); }});',
        f'pm.test("UserType is {usertype}", function () {{ pm.expect(pm.response.json().UserType).to.eql("{usertype}"); }});',
        f'pm.test("user.name is {name}", function () {{ pm.expect(pm.response.json().user.name).to.eql("{name}"); }});',
        f'pm.test("X-Request-Id is {reqid}", function () {{ pm.expect(pm.response.headers.get("X-Request-Id")).to.eql("{reqid}"); }});',
    ]
    return {
        "name": f"get-user {idx:06d} {label}",
        "request": {"method": "GET", "header": [{"key": "X-API-Key", "value": "abc"}], "url": address + URL_PATH},
        "event": [{"listen": "test", "script": {"type": "text/javascript", "exec": test}}],
    }


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def generate(outdir, variants, per_file, address, only_zato):
    n = len(variants)
    k = max(1, math.ceil(n / per_file))
    if os.path.exists(outdir):
        shutil.rmtree(outdir)
    features = os.path.join(outdir, "zato", "features")
    write(os.path.join(features, "config.ini"), CONFIG_INI)
    write(os.path.join(features, "environment.py"), ENVIRONMENT_PY)
    write(os.path.join(features, "steps", "steps.py"), STEPS_PY)
    folders = []
    idx = 0
    for f in range(k):
        chunk = variants[f * per_file:(f + 1) * per_file]
        z = [f"Feature: bench file {f + 1:04d} of {k}\n\n"]
        h, items = [], []
        for v in chunk:
            idx += 1
            z.append(zato_scenario(address, idx, v))
            if not only_zato:
                h.append(hurl_entry(address, idx, v))
                items.append(newman_item(address, idx, v))
        write(os.path.join(features, f"f{f + 1:04d}.feature"), "".join(z))
        if not only_zato:
            write(os.path.join(outdir, "hurl", f"f{f + 1:04d}.hurl"), "".join(h))
            folders.append({"name": f"f{f + 1:04d}", "item": items})
    dialects = ["zato"]
    if not only_zato:
        coll = {"info": {"name": f"bench {n}",
                         "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
                "item": folders}
        write(os.path.join(outdir, "newman", "collection.json"), json.dumps(coll, indent=1))
        dialects += ["hurl", "newman"]
    manifest = {"scenarios": n, "files": k, "per_file": per_file, "address": address, "shape": 2,
                "expected_failures": sum(1 for v in variants if v != PASS), "dialects": dialects}
    write(os.path.join(outdir, "manifest.json"), json.dumps(manifest) + "\n")
    return manifest


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", nargs="?", type=int, help="number of scenarios")
    ap.add_argument("--fail", action="store_true", help="write the 5-scenario failing variant as <root>/fail")
    ap.add_argument("--per-file", type=int, default=50, help="scenarios per file (default 50)")
    ap.add_argument("--root", default="/tmp/bench/suites")
    ap.add_argument("--address", default="http://127.0.0.1:18180")
    ap.add_argument("--only-zato", action="store_true", help="write only the zato dialect (large memory suites)")
    a = ap.parse_args()
    if not a.address.startswith("http://127.0.0.1:"):
        ap.error("the benchmark only ever targets http://127.0.0.1:<port>")
    if a.fail:
        name, variants, per_file = "fail", list(FAIL_VARIANTS), 1
    elif a.n and a.n > 0:
        name, variants, per_file = str(a.n), [PASS] * a.n, a.per_file
    else:
        ap.error("give N > 0 or --fail")
    outdir = os.path.join(a.root, name)
    m = generate(outdir, variants, per_file, a.address, a.only_zato)
    print(f"{outdir}: {m['scenarios']} scenarios in {m['files']} files ({', '.join(m['dialects'])})")


if __name__ == "__main__":
    sys.exit(main())
