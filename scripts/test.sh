#!/usr/bin/env bash
# Installs what is missing, then runs every check CI runs: formatting, clippy for the
# server (ssr) and browser (hydrate) builds, the Rust tests, a release build and the
# Playwright end-to-end tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n==> %s\n' "$*"; }

scripts/setup.sh --test

# The server side: every crate but the WASM entry, with the features their tests need.
SERVER_SIDE=(-p runai -p runai-sim -p ledger -p alerts -p app -p server --features runai/client,runai-sim/testing,app/ssr)

step "cargo fmt --check"
cargo fmt --all --check

step "no circles between sibling modules (scripts/check-module-cycles.py)"
python3 scripts/check-module-cycles.py

step "every failure answers through the one error type (scripts/check-error-boundary.py)"
python3 scripts/check-error-boundary.py

step "the server names each page only at its root (scripts/check-slices.py)"
python3 scripts/check-slices.py

step "the Run:ai client, the simulator, the ledger and alerts depend on no UI crate (cargo tree)"
if cargo tree --locked -e normal -p runai -p runai-sim -p ledger -p alerts --features runai/client |
  grep -E ' (app|frontend|server|leptos[a-z_-]*|charming) v'; then
  echo "a UI crate sits under runai, runai-sim, ledger or alerts" >&2
  exit 1
fi
if cargo tree --locked -d -e normal --workspace | grep -E '^toml v'; then
  echo "two major versions of toml" >&2
  exit 1
fi

step "clippy: server (ssr)"
cargo clippy --locked "${SERVER_SIDE[@]}" --all-targets -- -D warnings

step "clippy: browser (hydrate, wasm32)"
cargo clippy --locked -p app -p frontend --features app/hydrate --target wasm32-unknown-unknown -- -D warnings

step "PostgreSQL on loopback for the ledger's tests (scripts/postgres.sh)"
POSTGRES_DIR=$(mktemp -d)
SMTP_DIR=$(mktemp -d)
trap 'scripts/postgres.sh stop "$POSTGRES_DIR"; scripts/smtp.sh stop "$SMTP_DIR"; rm -rf "$POSTGRES_DIR" "$SMTP_DIR"' EXIT
RUNBOARD_TEST_POSTGRES_URL=$(scripts/postgres.sh start "$POSTGRES_DIR")
export RUNBOARD_TEST_POSTGRES_URL
echo "$RUNBOARD_TEST_POSTGRES_URL"

step "an SMTP server on loopback for the alerts' e-mail, STARTTLS required (scripts/smtp.sh)"
RUNBOARD_TEST_SMTP=$(scripts/smtp.sh start "$SMTP_DIR")
RUNBOARD_TEST_SMTP_DIR=$SMTP_DIR
export RUNBOARD_TEST_SMTP RUNBOARD_TEST_SMTP_DIR
echo "$RUNBOARD_TEST_SMTP"

step "Rust tests (cargo nextest: each test its own process, in parallel)"
cargo nextest run --locked "${SERVER_SIDE[@]}"

step "doc tests"
cargo test --locked --doc "${SERVER_SIDE[@]}"

step "cargo doc (the libraries' docs must build without broken links)"
RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps -p runai -p runai-sim -p ledger -p alerts -p app \
  --features runai/client,runai-sim/testing,app/ssr

step "release build (cargo leptos build --release --split --precompress: lazy islands in their own WASM chunks)"
cargo leptos build --release --split --precompress

step "Kubernetes manifests: every overlay, with and without the Ingress, against the schemas and --help"
venv=target/deploy-venv
if ! "$venv/bin/python" -c "import kubernetes_validate, yaml" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check kubernetes-validate==1.37.0 PyYAML==6.0.4
fi
"$venv/bin/python" scripts/check-manifests.py target/release/runboard

step "the OCI image: built without a daemon, started, a page served (scripts/check-image.sh)"
scripts/check-image.sh

step "bundle budgets: first loads of the table, a workload page, the overview and the ledger (scripts/bench-bundle.sh --check)"
BENCH_PORT=3198 scripts/bench-bundle.sh --check

step "third-party client: NVIDIA's runapy against runboard sim"
scripts/check-runapy.sh

step "end-to-end tests (Playwright, headless Chromium)"
timeout 1200 npx playwright test -c end2end/playwright.config.ts
