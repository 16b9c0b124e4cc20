#!/usr/bin/env python3
"""Fails when sibling modules of a crate import each other in a circle.

Each crate's modules form a tree (`mod` lines, files under src/). Module A depends on
its sibling B when any file in A's subtree names a path into B's subtree (`crate::…`,
`super::…` or a sibling's name in a `use`). Among the children of every module those
dependencies must form no circle, so each folder reads from the top down.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CRATES = ["crates/runai", "crates/runai-sim", "crates/ledger", "crates/alerts", "app", "server", "frontend"]


def modules(src):
    """Maps each module path (tuple) to its file, from the crate root down."""
    found = {}
    for entry in ("lib.rs", "main.rs"):
        root = src / entry
        if root.exists():
            walk(root, (), found)
    return found


def walk(path, module, found):
    found[module] = path
    text = strip(path.read_text())
    folder = path.parent if path.name in ("lib.rs", "main.rs", "mod.rs") else path.with_suffix("")
    for match in re.finditer(r"^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;", text, re.M):
        name = match.group(1)
        for candidate in (folder / f"{name}.rs", folder / name / "mod.rs"):
            if candidate.exists():
                walk(candidate, module + (name,), found)
                break


TOKENS = re.compile(
    r'//[^\n]*|/\*.*?\*/|r(#+)".*?"\1|"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])\'', re.S
)


def strip(text):
    """Drops comments, string and char literals, which may mention paths that are not imports."""
    return TOKENS.sub(lambda m: "" if m.group(0).startswith("/") else '""', text)


def paths(text):
    """Every path a file names: `use` trees expanded, and inline `crate::`/`super::` paths."""
    found = []
    for match in re.finditer(r"\buse\s+([^;]+);", text):
        found.extend(expand(match.group(1).replace(" ", "").replace("\n", "")))
    for match in re.finditer(r"\b((?:crate|super)(?:::\w+)+)", text):
        found.append(match.group(1))
    return found


def expand(tree):
    """`a::{b, c::{d}}` → [`a::b`, `a::c::d`]."""
    brace = tree.find("{")
    if brace < 0:
        return [tree.split("as")[0] if "::" in tree else tree]
    prefix, inner = tree[:brace], tree[brace + 1 : tree.rfind("}")]
    parts, depth, current = [], 0, ""
    for ch in inner:
        depth += ch == "{"
        depth -= ch == "}"
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p for part in parts if part for p in expand(prefix + part)]


def resolve(module, path, known):
    """The module a path from `module` points into, as a tuple, or None."""
    segments = path.split("::")
    if segments[0] == "crate":
        base, rest = (), segments[1:]
    elif segments[0] == "super":
        base, rest = module, segments
        while rest and rest[0] == "super":
            base, rest = base[:-1], rest[1:]
    elif segments[0] == "self":
        base, rest = module, segments[1:]
    elif (module + (segments[0],)) in known:
        base, rest = module, segments
    else:
        return None
    target = base
    for segment in rest:
        if target + (segment,) in known:
            target = target + (segment,)
        else:
            break
    return target


def cycles(crate):
    src = ROOT / crate / "src"
    known = modules(src)
    edges = {}
    for module, file in known.items():
        for path in paths(strip(file.read_text())):
            target = resolve(module, path, known)
            if target is None:
                continue
            # The sibling pair: the children of the deepest common ancestor.
            common = 0
            while common < min(len(module), len(target)) and module[common] == target[common]:
                common += 1
            if common == len(module) or common == len(target):
                continue  # a module and its own ancestor or descendant
            parent = module[:common]
            a, b = module[common], target[common]
            edges.setdefault(parent, {}).setdefault(a, {}).setdefault(b, set()).add(
                f"{file.relative_to(ROOT)} → {path}"
            )
    problems = []
    for parent, graph in edges.items():
        for component in strongly_connected(graph):
            if len(component) > 1:
                where = "::".join(parent) or "(crate root)"
                lines = [
                    f"  {a} → {b}: {sorted(graph[a][b])[0]}"
                    for a in sorted(component)
                    for b in sorted(graph.get(a, {}))
                    if b in component
                ]
                problems.append(f"{crate}: {where}: {', '.join(sorted(component))}\n" + "\n".join(lines))
    return problems


def strongly_connected(graph):
    """Tarjan's algorithm over a {node: {successor: …}} graph."""
    index, low, stack, on_stack, result, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for successor in graph.get(node, {}):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = set()
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.add(top)
                if top == node:
                    break
            result.append(component)

    for node in list(graph):
        if node not in index:
            visit(node)
    return result


def main():
    problems = [p for crate in CRATES for p in cycles(crate)]
    for problem in problems:
        print(problem)
    if problems:
        print(f"\n{len(problems)} circle(s) between sibling modules")
        sys.exit(1)
    print("no circles between sibling modules in", ", ".join(CRATES))


if __name__ == "__main__":
    main()
