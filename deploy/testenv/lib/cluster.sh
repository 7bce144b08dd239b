# Sourced by k8s.sh: variables set here are read by the other lib files.
# shellcheck shell=bash disable=SC2034
# Starts, stops and reports one cluster whose whole state lives in one folder:
#   pki/  certificates          logs/  one log per component     run/  pid files, ports
#   etcd/ etcd's data           kubeconfig (admin)               *.kubeconfig (components)
# Components are started in this order and stopped in the reverse one.

COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)
POD_CIDR=10.244.0.0/16
NODE_ANNOTATION=kwok.x-k8s.io/node=fake

# A process counts as ours only while it runs the binary recorded at start and names
# the cluster folder on its command line: a pid reused by another process is left alone.
component_pid() {
  local file=$CLUSTER_DIR/run/$1.pid pid exe state
  [[ -f $file ]] || return 1
  read -r pid exe <"$file"
  [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == "$exe" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$CLUSTER_DIR/" || return 1
  # A process that exited but was not yet reaped (a zombie) no longer runs.
  state=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)
  [[ -n $state && $state != Z ]] || return 1
  echo "$pid"
}

kubectl_admin() { "$BIN_DIR/kubectl" --kubeconfig "$CLUSTER_DIR/kubeconfig" "$@"; }

# start NAME ARGS...: the process gets its own session, so that neither a terminal's
# Ctrl-C nor a test runner killing its process group takes the cluster down with it, and
# no descriptor of the caller, so a caller reading our output is not kept waiting.
start() {
  local name=$1 exe=$BIN_DIR/$1
  shift
  setsid "$exe" "$@" >"$CLUSTER_DIR/logs/$name.log" 2>&1 </dev/null &
  echo "$! $exe" >"$CLUSTER_DIR/run/$name.pid"
}

# wait_until NAME SECONDS DESCRIPTION COMMAND...: polls COMMAND until it succeeds, and
# gives up early with NAME's log when NAME has exited.
wait_until() {
  local name=$1 deadline=$((SECONDS + $2)) what=$3
  shift 3
  until "$@" >/dev/null 2>&1; do
    if ! component_pid "$name" >/dev/null; then
      tail -n 20 "$CLUSTER_DIR/logs/$name.log" >&2
      die "$name exited while waiting for $what; log: $CLUSTER_DIR/logs/$name.log"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 20 "$CLUSTER_DIR/logs/$name.log" >&2
      die "timed out waiting for $what; log: $CLUSTER_DIR/logs/$name.log"
    fi
    sleep 0.2
  done
}

# Ports the kernel hands out as free on 127.0.0.1 now; a test's cluster and a user's
# cluster never share one.
free_ports() {
  node -e '
    const net = require("net");
    const servers = Array.from({ length: Number(process.argv[1]) }, () => net.createServer());
    Promise.all(servers.map((s) => new Promise((ok) => s.listen(0, "127.0.0.1", ok)))).then(() => {
      console.log(servers.map((s) => s.address().port).join(" "));
      servers.forEach((s) => s.close());
    });' "$1"
}

create_nodes() {
  local count=$1 i
  for ((i = 0; i < count; i++)); do
    cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations:
    ${NODE_ANNOTATION%%=*}: ${NODE_ANNOTATION#*=}
  labels:
    kubernetes.io/hostname: kwok-node-$i
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    topology.kubernetes.io/zone: zone-$((i % 3))
    type: kwok
status:
  allocatable: {cpu: "8", memory: 32Gi, pods: "110"}
  capacity: {cpu: "8", memory: 32Gi, pods: "110"}
EOF
  done | kubectl_admin apply -f - >/dev/null
}

nodes_ready() {
  local want=$1
  [[ $(kubectl_admin get nodes -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c '^True$') -ge $want ]]
}

# start_apiserver PKI ETCD_PORT API_PORT: also used to bring it back alone, on the same
# port and certificates, so clients and the other components reconnect as after a restart.
start_apiserver() {
  local pki=$1 etcd_port=$2 api_port=$3
  say "starting kube-apiserver on https://127.0.0.1:$api_port"
  # The kubernetes Service cannot get a loopback endpoint (validation forbids it), so its
  # endpoint reconciler is off; nothing in a kwok cluster connects to it.
  start kube-apiserver --etcd-servers="http://127.0.0.1:$etcd_port" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$api_port" \
    --endpoint-reconciler-type=none \
    --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
    --client-ca-file="$pki/ca.crt" \
    --authorization-mode=Node,RBAC \
    --enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,ResourceQuota,NodeRestriction \
    --service-account-issuer="$SERVICE_ACCOUNT_ISSUER" \
    --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" --allow-privileged=true \
    --profiling=false
  wait_until kube-apiserver 60 "kube-apiserver /readyz" kubectl_admin get --raw /readyz
}

cmd_up() {
  local nodes=$1 start_ms running=() name
  start_ms=$(now_ms)
  if [[ -n $(missing_binaries) ]]; then
    say "binaries missing from $BIN_DIR: $(missing_binaries | tr '\n' ' ')"
    cmd_build
  fi
  mkdir -p "$CLUSTER_DIR"/{logs,run}
  mkdir -p "$CLUSTER_DIR/etcd" && chmod 700 "$CLUSTER_DIR/etcd"
  for name in "${COMPONENTS[@]}"; do
    component_pid "$name" >/dev/null && running+=("$name")
  done
  if ((${#running[@]} == ${#COMPONENTS[@]})); then
    say "already running in $CLUSTER_DIR"
    echo "export KUBECONFIG=$CLUSTER_DIR/kubeconfig"
    return
  fi
  ((${#running[@]} == 0)) || die "partly running (${running[*]}); run: $0 down --dir $CLUSTER_DIR"
  # A failed start stops whatever it had started: no half cluster is left behind.
  trap 'say "start failed; stopping what was started"; cmd_down' EXIT

  local pki=$CLUSTER_DIR/pki etcd_port etcd_peer_port api_port
  ensure_pki "$pki"
  read -r etcd_port etcd_peer_port api_port < <(free_ports 3)
  printf 'ETCD_PORT=%s\nETCD_PEER_PORT=%s\nAPISERVER_PORT=%s\n' "$etcd_port" "$etcd_peer_port" "$api_port" >"$CLUSTER_DIR/run/ports"
  write_kubeconfig "$CLUSTER_DIR/kubeconfig" "$pki" admin "$api_port"
  write_kubeconfig "$CLUSTER_DIR/controller-manager.kubeconfig" "$pki" controller-manager "$api_port"
  write_kubeconfig "$CLUSTER_DIR/scheduler.kubeconfig" "$pki" scheduler "$api_port"

  say "starting etcd on 127.0.0.1:$etcd_port"
  # A throwaway cluster trades durability for speed: no fsync on every write.
  start etcd --name=testenv --data-dir="$CLUSTER_DIR/etcd" \
    --listen-client-urls="http://127.0.0.1:$etcd_port" --advertise-client-urls="http://127.0.0.1:$etcd_port" \
    --listen-peer-urls="http://127.0.0.1:$etcd_peer_port" --initial-advertise-peer-urls="http://127.0.0.1:$etcd_peer_port" \
    --initial-cluster="testenv=http://127.0.0.1:$etcd_peer_port" \
    --unsafe-no-fsync --auto-compaction-retention=1 --log-level=warn
  wait_until etcd 30 "etcd health" curl -fsS "http://127.0.0.1:$etcd_port/health"

  start_apiserver "$pki" "$etcd_port" "$api_port"

  say "starting kube-controller-manager, kube-scheduler and kwok"
  # Leader election is off: a restarted cluster would otherwise wait for the old lease.
  start kube-controller-manager --kubeconfig="$CLUSTER_DIR/controller-manager.kubeconfig" \
    --leader-elect=false --secure-port=0 --use-service-account-credentials=true \
    --service-account-private-key-file="$pki/sa.key" --root-ca-file="$pki/ca.crt" \
    --service-cluster-ip-range="$SERVICE_CIDR"
  start kube-scheduler --kubeconfig="$CLUSTER_DIR/scheduler.kubeconfig" \
    --leader-elect=false --secure-port=0
  local stage_args=() stage
  for stage in "$TESTENV_DIR"/stages/*.yaml; do stage_args+=(--config="$stage"); done
  # kwok reads ~/.kwok/kwok.yaml when it exists; its own HOME keeps a user's file out.
  HOME=$CLUSTER_DIR/run start kwok --kubeconfig="$CLUSTER_DIR/kubeconfig" \
    "${stage_args[@]}" --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector="$NODE_ANNOTATION" \
    --cidr="$POD_CIDR" --node-lease-duration-seconds=40

  create_nodes "$nodes"
  wait_until kwok 60 "$nodes Ready nodes" nodes_ready "$nodes"
  # Pods can be admitted in a namespace only once its default ServiceAccount exists.
  wait_until kube-controller-manager 60 "the default ServiceAccount" \
    kubectl_admin get serviceaccount default --namespace default

  trap - EXIT
  local took=$(($(now_ms) - start_ms))
  say "ready in $((took / 1000)).$(((took % 1000) / 100))s: /readyz $(kubectl_admin get --raw /readyz), $nodes nodes Ready"
  kubectl_admin get nodes >&2
  echo "export KUBECONFIG=$CLUSTER_DIR/kubeconfig"
}

# stop_component NAME [GRACE]: SIGTERM, SIGKILL after GRACE seconds (default 15).
stop_component() {
  local name=$1 grace=${2:-15} pid deadline
  if pid=$(component_pid "$name"); then
    kill -TERM "$pid"
    deadline=$((SECONDS + grace))
    while component_pid "$name" >/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    if component_pid "$name" >/dev/null; then
      say "$name (pid $pid) still runs ${grace} s after SIGTERM; killing it"
      kill -KILL "$pid"
    fi
    say "stopped $name (pid $pid)"
  fi
  rm -f "$CLUSTER_DIR/run/$name.pid"
}

cmd_down() {
  local i
  for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do stop_component "${COMPONENTS[i]}"; done
}

# An API server outage for fault tests: etcd, the controllers and kwok keep running and
# reconnect once it is back. On SIGTERM it stops listening at once but then waits for the
# watches of the still running controllers, so it is killed after 2 s rather than 15.
cmd_stop_apiserver() {
  component_pid kube-apiserver >/dev/null || die "kube-apiserver is not running in $CLUSTER_DIR"
  stop_component kube-apiserver 2
}

cmd_start_apiserver() {
  component_pid kube-apiserver >/dev/null && die "kube-apiserver already runs in $CLUSTER_DIR"
  component_pid etcd >/dev/null || die "etcd is not running in $CLUSTER_DIR; run: $0 up --dir $CLUSTER_DIR"
  local ETCD_PORT APISERVER_PORT
  # shellcheck disable=SC1091
  source "$CLUSTER_DIR/run/ports"
  start_apiserver "$CLUSTER_DIR/pki" "$ETCD_PORT" "$APISERVER_PORT"
}

cmd_status() {
  local name pid down=0
  say "cluster folder $CLUSTER_DIR"
  for name in "${COMPONENTS[@]}"; do
    if pid=$(component_pid "$name"); then
      say "  $name: running (pid $pid)"
    else
      say "  $name: stopped"
      down=1
    fi
  done
  if component_pid kube-apiserver >/dev/null; then
    say "  kube-apiserver /readyz: $(kubectl_admin get --raw /readyz 2>&1)"
    kubectl_admin get nodes >&2 || true
    say "  export KUBECONFIG=$CLUSTER_DIR/kubeconfig"
  fi
  return "$down"
}

cmd_env() {
  [[ -f $CLUSTER_DIR/kubeconfig ]] || die "no cluster in $CLUSTER_DIR; run: $0 up"
  echo "export KUBECONFIG=$CLUSTER_DIR/kubeconfig"
}
