#!/usr/bin/env python3
"""Writes docs/coverage.md from the line and branch data scripts/coverage.sh exported.

Each run (unit tests, script tests, fuzz corpora) comes as one lcov file exported by llvm-cov.
A line or branch counts as instrumented when any run's build has it, and as covered when any run
executed it; the columns per run show what each adds. Only latch's own code is counted: src/, the
tool (cli/) and the development CA (devca/); tests and harnesses are not.

Usage: coverage_report.py --root DIR --out FILE --run LABEL=LCOV=DESCRIPTION... [--fuzz-replay TSV]
"""
import argparse
import datetime
import os
import subprocess
import sys

COUNTED = ("src/", "cli/", "devca/")
TARGET_DIRS = ("src/tls", "src/x509")
TARGET = 90.0

METHOD = """
## How it is measured

`make coverage` installs what it needs (`scripts/deps.sh clang llvm-14 libclang-rt-14-dev`), then
`scripts/coverage.sh` (into `build-cov/`, or `OUT`):

1. **The normal build**, with clang's source-based coverage (`-fprofile-instr-generate
   -fcoverage-mapping`, CMake's Debug type): the unit tests (`ctest -R '^unit/'`, which link the
   library with its test hooks) and the script tests that run the tool and the examples on this
   machine alone (`COV_SCRIPT_TESTS`, by default `^(certs|chains|cli|examples|ocsp|pump|trace)/`).
   Not run: the interop tests (other TLS stacks as peers), the browser, valgrind and packaging
   tests, which need what this machine may lack and take long; the fuzz smoke test (step 2 does
   its work).
2. **The fuzzing build** of `src/` (`-DLATCH_FUZZING=ON`, the same instrumentation, plus
   `-fsanitize=fuzzer-no-link`): every `fuzz/fuzz_*.c` is linked with libFuzzer and replays each
   file of `fuzz/seeds/<harness>/` and `fuzz/corpus/<harness>/` once (`-runs=0`: no mutation, so
   the figures are the same on every run). Harnesses and directories are found by their names; a
   new one needs no registration.
3. Each run's profiles are merged (`llvm-profdata merge`) and exported as lcov line and branch
   data (`llvm-cov export -format=lcov`) apart, and this script adds them up per source line:
   a line is counted when any build instruments it, and covered when any run executed it. So
   the lines only the fuzzing build has (`#ifdef LT_FUZZING`) and only the test build has
   (`LT_TEST_HOOKS`) are in the totals too: a few dozen lines.

Why clang's source-based coverage and not gcc's gcov: the fuzz harnesses need clang (libFuzzer),
and with one compiler for both builds the two sets of data are in one format and are merged by
source line; its counts are exact per region (not sampled from basic blocks of optimised code),
and its branch coverage counts each condition of `&&` and `||` apart. llvm-cov keeps one record
per function name when given several programs, so the same function compiled with different
flags would lose one copy's counts: hence one export per run, merged here.

Reading the figures: a branch is one outcome (true or false) of one condition. Macros such as
`LT_TRY` count their condition at each use. A line of a static inline function in a header counts
in the header's directory. `make coverage` is not part of `make check` (it builds twice and runs
the tests again: about twenty minutes on two busy cores).
"""


class FileData:
    def __init__(self):
        self.lines = {}      # line -> {label: count}
        self.branches = {}   # (line, block, branch) -> {label: count}
        self.functions = {}  # name -> [start line, {label: count}]


def parse_lcov(path, label, root, files):
    """Adds one run's lcov data to files (path relative to root -> FileData)."""
    current = None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if line.startswith("SF:"):
                rel = os.path.relpath(os.path.realpath(line[3:]), root)
                current = files.setdefault(rel, FileData()) if rel.startswith(COUNTED) else None
            elif current is None:
                continue
            elif line.startswith("DA:"):
                number, count = line[3:].split(",")[:2]
                hits = current.lines.setdefault(int(number), {})
                hits[label] = max(hits.get(label, 0), int(count))
            elif line.startswith("BRDA:"):
                number, block, branch, count = line[5:].split(",")
                hits = current.branches.setdefault((int(number), block, branch), {})
                hits[label] = max(hits.get(label, 0), 0 if count == "-" else int(count))
            elif line.startswith("FN:"):
                number, name = line[3:].split(",", 1)
                # a static function is named after the file that compiled it ("x.c:f"): one
                # static inline function of a header is one entry, whichever file ran it
                name = name.split(":")[-1]
                entry = current.functions.setdefault(name, [int(number), {}])
                entry[0] = min(entry[0], int(number))
            elif line.startswith("FNDA:"):
                count, name = line[5:].split(",", 1)
                name = name.split(":")[-1]
                entry = current.functions.setdefault(name, [0, {}])
                entry[1][label] = max(entry[1].get(label, 0), int(count))
            elif line == "end_of_record":
                current = None


def directory_of(rel):
    parts = rel.split("/")
    return "/".join(parts[:2]) if parts[0] == "src" and len(parts) > 2 else parts[0]


def covered(hits, labels=None):
    return any(count > 0 for label, count in hits.items() if labels is None or label in labels)


class Tally:
    def __init__(self):
        self.lines = 0
        self.lines_hit = {}
        self.branches = 0
        self.branches_hit = 0

    def add(self, data, labels):
        self.lines += len(data.lines)
        for label in labels + ["all"]:
            self.lines_hit[label] = self.lines_hit.get(label, 0) + sum(
                1 for hits in data.lines.values() if covered(hits, None if label == "all" else {label}))
        self.branches += len(data.branches)
        self.branches_hit += sum(1 for hits in data.branches.values() if covered(hits))


def pct(hit, total):
    return "–" if total == 0 else f"{100.0 * hit / total:.1f} %"


def function_sizes(data):
    """Instrumented lines of each function: from its first line to the next function's."""
    starts = sorted((entry[0], name) for name, entry in data.functions.items())
    lines = sorted(data.lines)
    sizes = {}
    for i, (start, name) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else float("inf")
        sizes[name] = sum(1 for number in lines if start <= number < end)
    return sizes


# What an uncovered line is, told by its text and the statement it continues into: a failure
# that no test provokes without fault injection, or code a test could reach.
KINDS = (
    ("allocation failure", ("LT_ERR_NOMEM", "out of memory")),
    ("libcrypto or internal failure (a writer's fixed buffer, a derivation, an impossible state)",
     ("LT_ERR_CRYPTO", "LT_ERR_INTERNAL", "LT_ALERT_INTERNAL_ERROR", "w.err", "d.err", ".err :",
      "return rc;", "return w.err", "return d.err")),
)


def line_kind(source, number):
    """The kind of uncovered line `number` (1-based) of source lines, by KINDS, else None."""
    text = " ".join(source[number - 1:number + 2]) if number - 1 < len(source) else ""
    for kind, marks in KINDS:
        if any(mark in text for mark in marks):
            return kind
    return None


def git(root, *args):
    try:
        return subprocess.run(["git", "-C", root, *args], check=True, capture_output=True,
                              text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--run", action="append", required=True, help="LABEL=LCOV=DESCRIPTION")
    parser.add_argument("--commit", help="the commit the runs were built from (default: HEAD)")
    parser.add_argument("--changes", type=int, default=0,
                        help="how many files differed from it (git status), the report's own aside")
    parser.add_argument("--fuzz-replay", help="harness<TAB>inputs<TAB>result per line")
    args = parser.parse_args()
    root = os.path.realpath(args.root)

    files = {}
    runs = []
    for spec in args.run:
        label, path, description = spec.split("=", 2)
        if not os.path.exists(path):
            sys.exit(f"coverage_report.py: no data for the {label} run ({path})")
        parse_lcov(path, label, root, files)
        runs.append((label, description))
    labels = [label for label, _ in runs]
    if not files:
        sys.exit("coverage_report.py: the runs cover no file of src/, cli/ or devca/")

    # every source file of the counted directories, so that one no program linked is not missed
    missing = []
    for top in COUNTED:
        for dirpath, _, names in os.walk(os.path.join(root, top)):
            for name in names:
                rel = os.path.relpath(os.path.join(dirpath, name), root)
                if name.endswith(".c") and rel not in files:
                    missing.append(rel)

    by_dir = {}
    for rel, data in files.items():
        by_dir.setdefault(directory_of(rel), Tally()).add(data, labels)
    total = Tally()
    for data in files.values():
        total.add(data, labels)
    target = Tally()
    for rel, data in files.items():
        if rel.startswith(tuple(d + "/" for d in TARGET_DIRS)):
            target.add(data, labels)

    commit = args.commit or git(root, "rev-parse", "--short=12", "HEAD") or "unknown"
    clang = subprocess.run(["clang", "--version"], capture_output=True, text=True).stdout.splitlines()
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")

    out = []
    w = out.append
    w("# Coverage")
    w("")
    w("Written by `make coverage` (`scripts/coverage.sh`, then `scripts/coverage_report.py`); do not")
    w("edit by hand. How it is measured, and why that way, is at the end.")
    w("")
    w(f"- Date: {now}")
    w(f"- Commit: `{commit}`" + (f" with {args.changes} files changed or added" if args.changes else ""))
    w(f"- Compiler: {clang[0] if clang else 'clang'}, source-based coverage (llvm-profdata, llvm-cov)")
    w("- Runs:")
    for label, description in runs:
        w(f"  - `{label}`: {description}")
    w("")

    line_target = 100.0 * target.lines_hit["all"] / target.lines if target.lines else 0.0
    w("## Against the target")
    w("")
    verdict = "meets" if line_target >= TARGET else "is below"
    w(f"Line coverage of {' and '.join('`' + d + '/`' for d in TARGET_DIRS)} together, from every run: "
      f"**{line_target:.1f} %** ({target.lines_hit['all']} of {target.lines} lines), which "
      f"{verdict} the {TARGET:.0f} % target of issue 18.")
    w("")
    for d in TARGET_DIRS:
        t = by_dir.get(d)
        if t:
            w(f"- `{d}/`: {pct(t.lines_hit['all'], t.lines)} of {t.lines} lines, "
              f"{pct(t.branches_hit, t.branches)} of {t.branches} branches")
    w("")

    w("## Per directory")
    w("")
    w("Line coverage by each run alone, then by all; branch coverage (each outcome of each")
    w("condition, as llvm-cov counts them) by all.")
    w("")
    w("| directory | lines | " + " | ".join(f"lines: {label}" for label in labels)
      + " | lines: all | branches | branches: all |")
    w("|---|---:|" + "---:|" * len(labels) + "---:|---:|---:|")
    order = ["src/base", "src/crypto", "src/x509", "src/tls", "src/trace", "src/api", "src/fd"]
    names = sorted(by_dir, key=lambda d: (order.index(d) if d in order else len(order), d))
    for d in names + ["total"]:
        t = total if d == "total" else by_dir[d]
        name = "**total**" if d == "total" else f"`{d}/`"
        w(f"| {name} | {t.lines} | "
          + " | ".join(pct(t.lines_hit[label], t.lines) for label in labels)
          + f" | {pct(t.lines_hit['all'], t.lines)} | {t.branches} | {pct(t.branches_hit, t.branches)} |")
    w("")
    if missing:
        w("Source files no measured program links (not counted above): "
          + ", ".join(f"`{m}`" for m in sorted(missing)) + ".")
        w("")

    for d in TARGET_DIRS:
        w(f"## `{d}/` per file")
        w("")
        w("| file | lines | lines: all | uncovered lines | branches: all |")
        w("|---|---:|---:|---:|---:|")
        for rel in sorted(r for r in files if r.startswith(d + "/")):
            data = files[rel]
            hit = sum(1 for hits in data.lines.values() if covered(hits))
            bhit = sum(1 for hits in data.branches.values() if covered(hits))
            w(f"| `{os.path.basename(rel)}` | {len(data.lines)} | {pct(hit, len(data.lines))} | "
              f"{len(data.lines) - hit} | {pct(bhit, len(data.branches))} |")
        w("")

    w(f"## What the uncovered lines of {' and '.join('`' + d + '/`' for d in TARGET_DIRS)} are")
    w("")
    w("Told by each line's text (with the two after it): the failures no test provokes without")
    w("fault injection, and the rest, which tests could reach.")
    w("")
    kinds = {}
    for rel, data in files.items():
        if not rel.startswith(tuple(d + "/" for d in TARGET_DIRS)):
            continue
        try:
            with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
                source = f.read().split("\n")
        except OSError:
            source = []
        for number, hits in data.lines.items():
            if not covered(hits):
                kind = line_kind(source, number) or "other: input no test sends yet, options, defensive checks"
                kinds[kind] = kinds.get(kind, 0) + 1
    w("| kind | lines |")
    w("|---|---:|")
    for kind, count in sorted(kinds.items(), key=lambda kv: -kv[1]):
        w(f"| {kind} | {count} |")
    w("")

    w(f"## Functions no run entered ({', '.join('`' + d + '/`' for d in TARGET_DIRS)})")
    w("")
    w("Biggest first (instrumented lines).")
    w("")
    w("| function | file | lines |")
    w("|---|---|---:|")
    uncovered = []
    for rel, data in files.items():
        if not rel.startswith(tuple(d + "/" for d in TARGET_DIRS)):
            continue
        sizes = function_sizes(data)
        for name, (start, hits) in data.functions.items():
            if not covered(hits):
                uncovered.append((-sizes.get(name, 0), rel, start, name))
    for size, rel, start, name in sorted(uncovered):
        w(f"| `{name}` | `{rel}:{start}` | {-size} |")
    if not uncovered:
        w("| (none) | | |")
    w("")

    if args.fuzz_replay and os.path.exists(args.fuzz_replay):
        w("## Fuzz corpora replayed")
        w("")
        w("Every `fuzz/fuzz_*.c` harness, over every file of `fuzz/seeds/<harness>/` and")
        w("`fuzz/corpus/<harness>/`, once each (libFuzzer's `-runs=0`: no mutation).")
        w("")
        w("| harness | inputs | replay |")
        w("|---|---:|---|")
        with open(args.fuzz_replay, encoding="utf-8") as f:
            for row in f:
                harness, inputs, result = row.rstrip("\n").split("\t")
                w(f"| `{harness}` | {inputs} | {'no seeds or corpus' if result == 'none' else result} |")
        w("")

    w(METHOD.rstrip("\n"))
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"coverage: {args.out}: src/tls + src/x509 lines {line_target:.1f} %, "
          f"all counted code {pct(total.lines_hit['all'], total.lines)} lines, "
          f"{pct(total.branches_hit, total.branches)} branches")


if __name__ == "__main__":
    main()
