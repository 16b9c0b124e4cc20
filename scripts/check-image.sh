#!/usr/bin/env bash
# Builds the image (deploy/image.sh), starts it — with podman where the machine allows,
# otherwise from its unpacked root file system, as its own user — and loads a page and
# a hashed asset from it. Prints the image's size.
set -euo pipefail
cd "$(dirname "$0")/.."
export STORAGE_DRIVER=${STORAGE_DRIVER:-vfs}
port=${IMAGE_PORT:-3196}
work=$(mktemp -d)
image=$(deploy/image.sh)
pid=
container=
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  [ -n "$container" ] && podman rm -f "$container" >/dev/null 2>&1 || true
  rm -rf "$work"
  # The image was for this check; built again next time.
  buildah rmi "$image" >/dev/null 2>&1 || true
  buildah rmi --prune >/dev/null 2>&1 || true
}
trap cleanup EXIT

buildah push --quiet "$image" "oci:$work/oci:latest" >/dev/null
bytes=$(du -sb "$work/oci/blobs" | cut -f1)
echo "image $image: $((bytes / 1024 / 1024)) MiB compressed ($bytes bytes in its layers and config)"

if container=$(podman run -d --rm -p "127.0.0.1:$port:3000" "$image" 2>/dev/null); then
  echo "started with podman ($container)"
else
  container=
  echo "podman cannot run containers here; starting the image's root file system as user 65532"
  umoci unpack --image "$work/oci:latest" "$work/bundle" >/dev/null
  # The image's own entrypoint, environment and user; only the port is this test's.
  chroot=$(command -v chroot)
  env -i RUNBOARD_ADDR="0.0.0.0:$port" RUNBOARD_DATA_DIR=/var/lib/runboard RUNBOARD_LOG=warn \
    "$chroot" --userspec=65532:65532 "$work/bundle/rootfs" /runboard serve &
  pid=$!
fi

for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null
page=$(curl -fsS -H 'Host: localhost' "http://127.0.0.1:$port/login")
grep -q '<title>Sign in · Runboard</title>' <<<"$page" || { echo "no sign-in page from the image" >&2; exit 1; }
css=$(grep -o '/pkg/runboard\.[A-Za-z0-9_-]*\.css' <<<"$page" | head -1)
[ -n "$css" ] || { echo "the page links no hashed stylesheet" >&2; exit 1; }
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept-Encoding: br' "http://127.0.0.1:$port$css")
[ "$status" = 200 ] || { echo "$css answered $status" >&2; exit 1; }
echo "the image serves the sign-in page and $css"
