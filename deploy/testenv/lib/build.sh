# Sourced by k8s.sh: variables set here are read by the other lib files.
# shellcheck shell=bash disable=SC2034
# Builds the control plane with the machine's Go from the Go module proxy, once per set of
# versions. Each binary is linked under a temporary name and then renamed, so an
# interrupted build never leaves a half-written binary that `up` would trust.

BINARIES=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok kwokctl)
K8S_COMMANDS=(kube-apiserver kube-controller-manager kube-scheduler kubectl)

missing_binaries() {
  local name
  for name in "${BINARIES[@]}"; do
    [[ -x $BIN_DIR/$name ]] || echo "$name"
  done
}

go_build_env() {
  command -v go >/dev/null || die "go is not installed; the control plane is built from source with it"
  export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-trimpath -buildvcs=false"
  # Compile jobs and the threads of each job: by default every core, as Go would choose.
  export GOMAXPROCS=${CUTOVER_BUILD_JOBS:-$(nproc)}
}

# Without these stamps every binary reports v0.0.0, and clients refuse or misjudge it.
k8s_ldflags() {
  local numbers=${K8S_VERSION#v} pkg flags="-s -w"
  local major=${numbers%%.*} minor=${numbers#*.}
  minor=${minor%%.*}
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
    flags+=" -X $pkg.gitTreeState=clean"
  done
  echo "$flags"
}

# k8s.io/kubernetes replaces its staging modules (k8s.io/api, ...) with local paths, which
# only work inside its own repository. The wrapper requires it and points every staging
# module at its published v0.X.Y release instead.
prepare_kubernetes_module() {
  local dir=$SRC_DIR/kubernetes staging=v0.${K8S_VERSION#v*.} gomod mod cmd
  [[ -f $dir/.resolved ]] && return
  say "resolving k8s.io/kubernetes $K8S_VERSION and its staging modules $staging..."
  rm -rf "$dir" && mkdir -p "$dir"
  (
    cd "$dir" || exit
    go mod init cutover.local/testenv/kubernetes 2>/dev/null
    gomod=$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/^\s*"GoMod": "\(.*\)",*$/\1/p')
    [[ -f $gomod ]] || die "could not download k8s.io/kubernetes@$K8S_VERSION"
    local args=(-require="k8s.io/kubernetes@$K8S_VERSION")
    while read -r mod; do
      args+=(-replace="$mod=$mod@$staging")
    done < <(sed -n 's#^\s*\(replace\s\+\)\?\(k8s\.io/[^ ]*\) => \./staging/.*#\2#p' "$gomod")
    ((${#args[@]} > 20)) || die "found too few staging replaces in $gomod"
    for cmd in "${K8S_COMMANDS[@]}"; do args+=(-tool="k8s.io/kubernetes/cmd/$cmd"); done
    go mod edit "${args[@]}"
    go mod tidy
  )
  touch "$dir/.resolved"
}

prepare_etcd_module() {
  local dir=$SRC_DIR/etcd
  [[ -f $dir/.resolved ]] && return
  say "resolving go.etcd.io/etcd/server/v3 $ETCD_VERSION..."
  rm -rf "$dir" && mkdir -p "$dir"
  cp "$TESTENV_DIR/etcd/main.go" "$dir/"
  (
    cd "$dir" || exit
    go mod init cutover.local/testenv/etcd 2>/dev/null
    go mod edit -require="go.etcd.io/etcd/server/v3@$ETCD_VERSION"
    go mod tidy
  )
  touch "$dir/.resolved"
}

# Prints a line every minute while a long step runs, so a cold build never looks hung.
with_heartbeat() {
  local what=$1 start=$SECONDS rc=0 beat
  shift
  (
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    while :; do
      sleep 60 >/dev/null 2>&1 &
      sleeper=$!
      wait "$sleeper"
      say "  ... still $what ($(human_secs $((SECONDS - start))))"
    done
  ) &
  beat=$!
  "$@" || rc=$?
  kill "$beat" 2>/dev/null
  wait "$beat" 2>/dev/null || true
  return "$rc"
}

# build_one NAME INDEX: compiles NAME into the cache unless it is already there.
build_one() {
  local name=$1 index=$2 total=${#BINARIES[@]} start=$SECONDS tmp
  if [[ -x $BIN_DIR/$name ]]; then
    say "cached $name ($index/$total)"
    return
  fi
  say "building $name ($index/$total)..."
  tmp=$BIN_DIR/.$name.partial
  case $name in
    kube-*|kubectl)
      prepare_kubernetes_module
      (cd "$SRC_DIR/kubernetes" && with_heartbeat "building $name" \
        go build -ldflags "$(k8s_ldflags)" -o "$tmp" "k8s.io/kubernetes/cmd/$name")
      ;;
    etcd)
      prepare_etcd_module
      (cd "$SRC_DIR/etcd" && with_heartbeat "building etcd" go build -ldflags "-s -w" -o "$tmp" .)
      ;;
    kwok|kwokctl)
      # kwok has no replaces, so `go install pkg@version` builds it as published.
      rm -rf "$SRC_DIR/gobin" && mkdir -p "$SRC_DIR/gobin"
      with_heartbeat "building $name" env GOBIN="$SRC_DIR/gobin" go install \
        -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=${K8S_VERSION#v}" \
        "sigs.k8s.io/kwok/cmd/$name@$KWOK_VERSION"
      mv "$SRC_DIR/gobin/$name" "$tmp"
      ;;
  esac
  mv "$tmp" "$BIN_DIR/$name"
  say "built $name in $(human_secs $((SECONDS - start)))"
}

cmd_build() {
  local start=$SECONDS index=0 name
  if [[ -z $(missing_binaries) ]]; then
    say "all binaries cached in $BIN_DIR"
    return
  fi
  go_build_env
  say "building Kubernetes $K8S_VERSION, etcd $ETCD_VERSION, kwok $KWOK_VERSION with $(go env GOVERSION) into $BIN_DIR"
  say "a cold build of all seven takes about 11 minutes on 2 cores; GOMAXPROCS=$GOMAXPROCS (CUTOVER_BUILD_JOBS sets it)"
  mkdir -p "$BIN_DIR" "$SRC_DIR"
  for name in "${BINARIES[@]}"; do
    index=$((index + 1))
    build_one "$name" "$index"
  done
  printf 'kubernetes %s\netcd %s\nkwok %s\ngo %s\n' \
    "$K8S_VERSION" "$ETCD_VERSION" "$KWOK_VERSION" "$(go env GOVERSION)" >"$BIN_DIR/VERSIONS"
  say "build done in $(human_secs $((SECONDS - start)))"
}
