# Sourced by k8s.sh: variables set here are read by the other lib files.
# shellcheck shell=bash disable=SC2034
# Versions, cache layout and small helpers shared by every k8s.sh subcommand.

# Bumping a version builds into a new cache folder; older folders stay until removed.
K8S_VERSION=v1.36.3
ETCD_VERSION=v3.6.16
KWOK_VERSION=v0.8.0

CACHE_ROOT=${CUTOVER_CACHE:-$HOME/.cache/cutover}
BUILD_DIR=$CACHE_ROOT/k8s/$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION
BIN_DIR=$BUILD_DIR/bin
SRC_DIR=$BUILD_DIR/src
DEFAULT_CLUSTER_DIR=$CACHE_ROOT/k8s/clusters/default

# Every message goes to stderr so that stdout carries only what a caller may eval.
say() { printf '[testenv] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Seconds as 1m05s; builds are reported in minutes, boots in seconds.
human_secs() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# Milliseconds since the epoch, for boot timings finer than a second.
now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
