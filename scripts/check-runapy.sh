#!/usr/bin/env bash
# Points NVIDIA's Python client for Run:ai (runapy, pinned in end2end/runapy/) at
# `runboard sim`: a third-party client of the real API must work unchanged.
# Needs a release build (`cargo leptos build --release --split --precompress`).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/runapy-venv
if ! "$venv/bin/python" -c "import runai" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r end2end/runapy/requirements.txt
fi
port=${RUNAPY_SIM_PORT:-3198}
# The admin secret is random unless configured: configure the one check.py uses.
RUNBOARD_LOG=warn RUNBOARD_SIM_ADMIN_CLIENT_SECRET=runboard-admin \
  ./target/release/runboard sim --addr "127.0.0.1:$port" &
sim=$!
trap 'kill $sim 2>/dev/null' EXIT
for _ in $(seq 50); do
  (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
"$venv/bin/python" end2end/runapy/check.py "http://127.0.0.1:$port"
