#!/usr/bin/env python3
"""The verdict a tool gave on the conformance workload, checked against the
known answer the generator wrote (`expected.json`, see examples/synth.rs).

    verdict.py TOOL OUTPUT EXIT_CODE EXPECTED_JSON KEY [NAMES_FILE]

TOOL is how to read OUTPUT (what the tool printed, stdout and stderr):
`fibf` (its JSON report), `ajv`, `jsonschema-cli`, `check-jsonschema` (its
`-o json -v` output) or `linkml-validate`. KEY names the list of offerings the
tool must reject in EXPECTED_JSON (`not_conformant`, `invalid_by_schema` or
`invalid_by_linkml_model`). NAMES_FILE, when given, lists the offerings
(one file name a line) the tool was given, when that is fewer than all.

Prints `N valid, M invalid` and exits 0 when the tool rejected exactly the
expected offerings and accounted for every one it was given; otherwise says
what differs and exits 1. A tool that printed nothing it could be read by,
or exited with a code its verdict does not explain, fails: a command that
silently did nothing must not look fast.
"""

import json
import os
import re
import sys


def stem(path):
    return os.path.splitext(os.path.basename(path.strip()))[0]


def read_fibf(text):
    """fibf conform --format json: per offering, its file and verdict."""
    report = json.loads(text)
    verdicts = {stem(o["file"]): o["conformant"] for o in report["offerings"]}
    summary = report["summary"]
    if summary["offerings"] != len(verdicts):
        raise ValueError("the summary counts another number of offerings")
    return verdicts


def read_lines(text, valid_re, invalid_re):
    verdicts = {}
    for line in text.splitlines():
        m = valid_re.match(line)
        if m:
            verdicts[stem(m.group(1))] = True
            continue
        m = invalid_re.match(line)
        if m:
            verdicts[stem(m.group(1))] = False
    return verdicts


def read_check_jsonschema(text):
    """check-jsonschema -o json -v: the files that passed (`successes`, which
    -v adds) and the errors by file."""
    start = text.find("{")
    report = json.loads(text[start:])
    if "successes" not in report:
        raise ValueError("no successes in the output (is -v given?)")
    verdicts = {stem(p): True for p in report["successes"]}
    for e in report.get("errors", []) + report.get("parse_errors", []):
        verdicts[stem(e["filename"])] = False
    return verdicts


def read_linkml(text, given):
    """linkml-validate: `[ERROR] [FILE/N] ...` per problem, and `No issues
    found` when there are none; files without a line are valid."""
    bad = set()
    for m in re.finditer(r"^\[(?:ERROR|WARNING)\] \[([^\]]+?)(?:/\d+)?\]", text, re.M):
        bad.add(stem(m.group(1)))
    if not bad and "No issues found" not in text:
        raise ValueError("neither problems nor `No issues found` in the output")
    return {name: name not in bad for name in given}


def main():
    tool, output, code, expected_path, key = sys.argv[1:6]
    code = int(code)
    expected = json.load(open(expected_path))
    given = None
    if len(sys.argv) > 6:
        given = [stem(x) for x in open(sys.argv[6]) if x.strip()]
    else:
        given = [f"offering-{n:05}" for n in range(expected["offerings"])]
    text = open(output, encoding="utf-8", errors="replace").read()
    try:
        if tool == "fibf":
            verdicts = read_fibf(text)
        elif tool == "ajv":
            verdicts = read_lines(text, re.compile(r"^(\S+) valid$"), re.compile(r"^(\S+) invalid$"))
        elif tool == "jsonschema-cli":
            verdicts = read_lines(
                text, re.compile(r"^(\S+) - VALID"), re.compile(r"^(\S+) - INVALID")
            )
        elif tool == "check-jsonschema":
            verdicts = read_check_jsonschema(text)
        elif tool == "linkml-validate":
            verdicts = read_linkml(text, given)
        else:
            print(f"unknown tool {tool}")
            return 2
    except (ValueError, KeyError, json.JSONDecodeError) as e:
        print(f"{tool}: its output could not be read ({e}); exit code {code}")
        return 1
    want_bad = set(expected[key]) & set(given)
    problems = []
    missing = set(given) - set(verdicts)
    if missing:
        problems.append(f"no verdict on {len(missing)} of {len(given)} offerings (e.g. {min(missing)})")
    extra = set(verdicts) - set(given)
    if extra:
        problems.append(f"verdicts on {len(extra)} offerings it was not given")
    bad = {n for n, ok in verdicts.items() if not ok}
    if bad - want_bad:
        problems.append(f"rejected {len(bad - want_bad)} valid offerings (e.g. {min(bad - want_bad)})")
    if want_bad - bad:
        problems.append(f"accepted {len(want_bad - bad)} it must reject (e.g. {min(want_bad - bad)})")
    # Every tool exits 0 when all are valid and non-zero otherwise.
    if (code == 0) != (not bad):
        problems.append(f"exit code {code} with {len(bad)} rejected")
    summary = f"{len(verdicts) - len(bad)} valid, {len(bad)} invalid"
    if problems:
        print(f"{tool}: {summary}: " + "; ".join(problems))
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
