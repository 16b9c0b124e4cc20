#!/usr/bin/env python3
"""Renders every Kubernetes overlay (alone and with the optional Ingress), validates
each resource offline against the Kubernetes schemas, strictly, and checks that every
environment variable the manifests set is one `runboard --help` documents.

Usage: check-manifests.py RUNBOARD_BINARY (run from the repository root, with
kubectl and the kubernetes-validate package).
"""
import os
import pathlib
import re
import subprocess
import sys
import tempfile

import kubernetes_validate
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy" / "kubernetes"
KUBERNETES = "1.32.0"


def render(path):
    # The Ingress cases live in a temporary folder that names the overlays by path.
    command = ["kubectl", "kustomize", "--load-restrictor", "LoadRestrictionsNone", str(path)]
    out = subprocess.run(command, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"kubectl kustomize {path}: {out.stderr}")
    return [doc for doc in yaml.safe_load_all(out.stdout) if doc]


def with_ingress(overlay, folder):
    """An overlay with the Ingress component, as a cluster admin would add it."""
    folder.mkdir()
    # Kustomize takes relative paths only.
    overlay = os.path.relpath(overlay, folder)
    ingress = os.path.relpath(DEPLOY / "components" / "ingress", folder)
    (folder / "kustomization.yaml").write_text(
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
        f"resources: [{overlay}]\ncomponents: [{ingress}]\n"
    )
    return folder


def variables(docs):
    """Every environment variable a rendered overlay sets, with where."""
    found = []
    for doc in docs:
        kind, name = doc["kind"], doc["metadata"]["name"]
        if kind == "ConfigMap":
            found += [(key, f"ConfigMap {name}") for key in doc.get("data", {})]
        if kind == "Deployment":
            for container in doc["spec"]["template"]["spec"]["containers"]:
                found += [(env["name"], f"Deployment {name}") for env in container.get("env", [])]
    return found


def main():
    binary = sys.argv[1]
    help_text = subprocess.run([binary, "--help"], check=True, capture_output=True, text=True).stdout
    documented = set(re.findall(r"\[env: ([A-Z0-9_]+)", help_text))
    assert len(documented) > 40, f"--help documents only {documented}"
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        overlays = sorted(p for p in (DEPLOY / "overlays").iterdir() if p.is_dir())
        cases = [(o.name, o) for o in overlays]
        cases += [(f"{o.name}+ingress", with_ingress(o, pathlib.Path(tmp, o.name))) for o in overlays]
        for name, path in cases:
            docs = render(path)
            kinds = sorted(doc["kind"] for doc in docs)
            for doc in docs:
                try:
                    kubernetes_validate.validate(doc, KUBERNETES, strict=True)
                except kubernetes_validate.ValidationError as err:
                    failures.append(f"{name}: {doc['kind']} {doc['metadata']['name']}: {err.message}")
            for variable, where in variables(docs):
                if variable not in documented:
                    failures.append(f"{name}: {where} sets {variable}, which runboard --help does not document")
            print(f"{name}: {len(docs)} resources valid against Kubernetes {KUBERNETES}: {', '.join(kinds)}")
    for failure in failures:
        print(failure, file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
