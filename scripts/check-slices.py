#!/usr/bin/env python3
"""Fails when the server reaches into a page's internals.

Each page folder under app/src/pages/ owns its view, data, URL state and downloads, and
exposes at its root what others may use (its component, its download routes, what the
server provides to it). The server names a page only at that root:
`app::pages::ledger::LedgerSource` is fine, `app::pages::ledger::data::source::…` is not.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SERVER = ROOT / "server/src"

COMMENT = re.compile(r"//[^\n]*")
# A path two modules deep into a page, written out or inside a `use` group.
DEEP = re.compile(r"pages::(\w+)::([a-z_]\w*)::")
GROUP = re.compile(r"pages::(\w+)::\{([^}]*)\}")

problems = []
for path in sorted(SERVER.rglob("*.rs")):
    text = re.sub(r"\s+", "", COMMENT.sub("", path.read_text()))
    relative = path.relative_to(ROOT)
    for match in DEEP.finditer(text):
        problems.append(f"{relative}: reaches into page `{match.group(1)}`: pages::{match.group(1)}::{match.group(2)}::…")
    for match in GROUP.finditer(text):
        for item in match.group(2).split(","):
            if "::" in item:
                problems.append(f"{relative}: reaches into page `{match.group(1)}`: {item}")

if problems:
    print("the server may name a page only at its root (app::pages::<page>::<item>):")
    print("\n".join(problems))
    sys.exit(1)
print("the server names every page only at its root")
