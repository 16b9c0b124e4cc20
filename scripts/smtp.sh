#!/usr/bin/env bash
# A throwaway SMTP server on loopback for the tests (aiosmtpd from PyPI, in a venv):
# `scripts/smtp.sh start DIR` makes a certificate authority (DIR/ca.pem) and a certificate
# for 127.0.0.1 and localhost from it, starts the
# server on a free port requiring STARTTLS, and prints `127.0.0.1:PORT`; each message
# lands whole in DIR/mail. `scripts/smtp.sh stop DIR` stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

command=${1:?usage: scripts/smtp.sh start|stop DIR}
dir=${2:?usage: scripts/smtp.sh start|stop DIR}
venv=target/smtp-venv

case "$command" in
start)
  if ! "$venv/bin/python" -c "import aiosmtpd" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check aiosmtpd==1.4.6 >&2
  fi
  mkdir -p "$dir/mail"
  # A certificate authority of its own (ca.pem, what clients trust) and the server's
  # certificate from it.
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Runboard test CA" \
    -keyout "$dir/ca-key.pem" -out "$dir/ca.pem" >/dev/null 2>&1
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
    -keyout "$dir/key.pem" -out "$dir/server.csr" >/dev/null 2>&1
  printf 'basicConstraints=critical,CA:FALSE\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca-key.pem" \
    -CAcreateserial -days 2 -extfile "$dir/server.ext" -out "$dir/cert.pem" >/dev/null 2>&1
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$venv/bin/python" scripts/smtp-sink.py "$port" "$dir/cert.pem" "$dir/key.pem" "$dir/mail" \
    >"$dir/smtp.log" 2>&1 &
  echo $! >"$dir/smtp.pid"
  for _ in $(seq 1 100); do
    grep -q "SMTP on" "$dir/smtp.log" 2>/dev/null && break
    sleep 0.1
  done
  grep -q "SMTP on" "$dir/smtp.log" || { cat "$dir/smtp.log" >&2; exit 1; }
  echo "127.0.0.1:$port"
  ;;
stop)
  [ -f "$dir/smtp.pid" ] && kill "$(cat "$dir/smtp.pid")" 2>/dev/null || true
  ;;
*)
  echo "usage: scripts/smtp.sh start|stop DIR" >&2
  exit 2
  ;;
esac
