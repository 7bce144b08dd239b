#!/usr/bin/env bash
# A real Kubernetes control plane on this machine for tests, CI and users: etcd,
# kube-apiserver, kube-controller-manager and kube-scheduler built from source, and kwok
# simulating nodes and pod status. See README.md beside this file.
set -euo pipefail

TESTENV_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$TESTENV_DIR/lib/common.sh"
source "$TESTENV_DIR/lib/build.sh"
source "$TESTENV_DIR/lib/pki.sh"
source "$TESTENV_DIR/lib/cluster.sh"

usage() {
  cat >&2 <<USAGE
usage: $0 COMMAND [--dir DIR] [--nodes N]
  build    build the binaries into $BIN_DIR (once; later calls return at once)
  up       start a cluster (builds first when binaries are missing); prints export KUBECONFIG=...
  down     stop every process of the cluster
  status   say which components run; exit status 1 when any is stopped
  env      print export KUBECONFIG=... for the cluster
  kubectl  run the built kubectl against the cluster: $0 kubectl [--dir DIR] get pods -A
  stop-apiserver   stop only kube-apiserver (fault tests: the API server goes away)
  start-apiserver  start it again on the same port and certificates; waits for /readyz
options:
  --dir DIR   cluster folder (default $DEFAULT_CLUSTER_DIR)
  --nodes N   fake nodes that up creates (default 3)
USAGE
  exit 2
}

(($# > 0)) || usage
command=$1
shift
CLUSTER_DIR=$DEFAULT_CLUSTER_DIR
nodes=3
while (($# > 0)); do
  case $1 in
    --dir) CLUSTER_DIR=${2:?--dir needs a folder}; shift 2 ;;
    --nodes) nodes=${2:?--nodes needs a number}; shift 2 ;;
    *) [[ $command == kubectl ]] && break; usage ;;
  esac
done
# Processes are recognised by this path on their command line, so it must be canonical.
CLUSTER_DIR=$(realpath -m "$CLUSTER_DIR")

case $command in
  build) cmd_build ;;
  up) cmd_up "$nodes" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  stop-apiserver) cmd_stop_apiserver ;;
  start-apiserver) cmd_start_apiserver ;;
  kubectl) exec "$BIN_DIR/kubectl" --kubeconfig "$CLUSTER_DIR/kubeconfig" "$@" ;;
  *) usage ;;
esac
