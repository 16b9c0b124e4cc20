#!/usr/bin/env bash
# Builds the OCI image localhost/runboard:<version> from the release binary, without a
# container daemon (buildah, as root): the binary, the libraries it links and CA
# certificates, nothing else (no shell, no package manager); user 65532; the data
# directory a volume; labels naming the version, the commit and the probes.
#
# Usage: deploy/image.sh [BINARY] (default target/release/runboard, from
# `cargo leptos build --release --split`). Prints the image's name.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-target/release/runboard}
export STORAGE_DRIVER=${STORAGE_DRIVER:-vfs}
# "runboard 0.1.0 (abc123def456)"
read -r _ version commit < <("$binary" --version)
commit=${commit//[()]/}
image=localhost/runboard:$version

container=$(buildah from scratch)
trap 'buildah rm "$container" >/dev/null' EXIT
root=$(buildah mount "$container")

install -m 0755 "$binary" "$root/runboard"
# The dynamic loader and every library the binary links, at their own paths.
for library in $(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
  cp --parents -L "$library" "$root/"
done
mkdir -p "$root/etc/ssl/certs" "$root/var/lib/runboard" "$root/tmp"
cp -L /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
printf 'root:x:0:0:root:/:/nonexistent\nrunboard:x:65532:65532:Runboard:/var/lib/runboard:/nonexistent\n' >"$root/etc/passwd"
printf 'root:x:0:\nrunboard:x:65532:\n' >"$root/etc/group"
chown 65532:65532 "$root/var/lib/runboard"
chmod 1777 "$root/tmp"
buildah unmount "$container" >/dev/null

buildah config \
  --entrypoint '["/runboard"]' --cmd serve \
  --user 65532:65532 --workingdir /var/lib/runboard \
  --env RUNBOARD_ADDR=0.0.0.0:3000 --env RUNBOARD_DATA_DIR=/var/lib/runboard \
  --env SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
  --port 3000 --port 9464 --volume /var/lib/runboard \
  --label org.opencontainers.image.title=runboard \
  --label org.opencontainers.image.description="A web dashboard for GPU clusters managed by NVIDIA Run:ai" \
  --label org.opencontainers.image.version="$version" \
  --label org.opencontainers.image.revision="$commit" \
  --label org.opencontainers.image.licenses=Apache-2.0 \
  --label io.runboard.probe.liveness=/healthz \
  --label io.runboard.probe.readiness=/readyz \
  "$container"
buildah commit --quiet --rm "$container" "$image" >/dev/null
trap - EXIT
echo "$image"
