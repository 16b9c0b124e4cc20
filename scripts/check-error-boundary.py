#!/usr/bin/env python3
"""Fails when an answer builds its own status instead of going through the one error type.

Every page, server function and download answers a failure as `app::error::AppError`,
whose kind decides the status in one place (`ErrorKind::status_code`). So outside that
place no code turns a number into a status (`StatusCode::from_u16`), and no download
(each page's `export.rs`) names a `StatusCode` at all: it returns its `AppError`.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCES = ["app/src", "server/src", "crates/runai/src", "crates/ledger/src", "crates/alerts/src"]
# The downloads: each page's `export.rs`.
def is_download(path):
    return path.name == "export.rs" and (ROOT / "app/src/pages") in path.parents

problems = []
for folder in SOURCES:
    for path in sorted((ROOT / folder).rglob("*.rs")):
        text = path.read_text()
        # Tests may build any status they need to check against.
        text = re.split(r"#\[cfg\(test\)\]", text)[0]
        relative = path.relative_to(ROOT)
        for number, line in enumerate(text.splitlines(), 1):
            if "from_u16(" in line:
                problems.append(f"{relative}:{number}: a status made from a number: {line.strip()}")
            if is_download(path) and re.search(r"\bStatusCode\b", line):
                problems.append(f"{relative}:{number}: a download names its own status: {line.strip()}")

if problems:
    print("answers must fail through app::error::AppError (its kind decides the status):")
    print("\n".join(problems))
    sys.exit(1)
print("every failure answers through app::error::AppError")
