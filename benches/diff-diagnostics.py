#!/usr/bin/env python3
"""Compare the diagnostics of two fibf builds on mutated sources.

A grammar change made for speed must not change what users are told about
their mistakes. This takes windows of the bundled standards and the check
fixtures, breaks them at random (quotes, braces, commas, comments,
attributes, line breaks inserted, deleted or replaced), runs
`fibf check --format json` with both builds on each, and reports any input
where the output or the exit code differs.

    cargo build --release && cp target/release/fibf /tmp/fibf-new
    git stash && cargo build --release && cp target/release/fibf /tmp/fibf-old && git stash pop
    benches/diff-diagnostics.py --old /tmp/fibf-old --new /tmp/fibf-new --count 3000

Exit status: 0 when every input gives the same diagnostics, 1 when one
does not (the first few are printed), 2 on a usage error.
"""

import argparse
import difflib
import pathlib
import random
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent

# What a hand or an editor gets wrong most often in a .fibf file.
PIECES = [
    '"', '"""', "{", "}", ",", ",\n", "\n", "\r\n", " ", "\t", "#", "# c",
    " #", "#\n", "@", "@a(", "(", ")", "x", "1", "<=", ";", "\\",
]


def sources():
    files = sorted((ROOT / "standards").rglob("*.fibf"))
    files += sorted((ROOT / "tests" / "fixtures" / "check").rglob("*.fibf"))
    return [f.read_text(encoding="utf-8", errors="replace") for f in files]


def mutate(rng, texts):
    lines = rng.choice(texts).split("\n")
    start = rng.randrange(max(1, len(lines) - 30))
    text = "\n".join(lines[start : start + 30])
    for _ in range(rng.choice([1, 1, 2, 3])):
        at = rng.randrange(len(text) + 1)
        roll = rng.random()
        if roll < 0.4:
            text = text[:at] + rng.choice(PIECES) + text[at:]
        elif roll < 0.8:
            text = text[:at] + text[at + 1 :]
        else:
            text = text[:at] + rng.choice(PIECES) + text[at + 2 :]
    return text


def check(binary, path):
    run = subprocess.run(
        [binary, "check", "--format", "json", str(path)],
        capture_output=True,
        text=True,
    )
    return run.stdout, run.returncode


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", required=True, help="the fibf build to compare against")
    parser.add_argument("--new", required=True, help="the fibf build under test")
    parser.add_argument("--count", type=int, default=2000, help="inputs to try (2000)")
    parser.add_argument("--seed", type=int, default=11, help="random seed (11)")
    args = parser.parse_args()
    for binary in (args.old, args.new):
        if not pathlib.Path(binary).is_file():
            print(f"error: no such file: {binary}", file=sys.stderr)
            return 2
    rng = random.Random(args.seed)
    texts = sources()
    differ = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "mutated.fibf"
        for n in range(args.count):
            text = mutate(rng, texts)
            path.write_text(text, encoding="utf-8")
            old, new = check(args.old, path), check(args.new, path)
            if old == new:
                continue
            differ += 1
            if differ <= 3:
                print(f"input {n} differs:\n{text}\n")
                diff = difflib.unified_diff(
                    f"{old[0]}exit {old[1]}\n".splitlines(),
                    f"{new[0]}exit {new[1]}\n".splitlines(),
                    "old",
                    "new",
                    lineterm="",
                )
                print("\n".join(list(diff)[:60]), end="\n\n")
    print(f"{differ} of {args.count} inputs give different diagnostics")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
