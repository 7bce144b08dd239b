# Sourced by k8s.sh: variables set here are read by the other lib files.
# shellcheck shell=bash disable=SC2034
# Certificates and kubeconfigs of one cluster, made with openssl. They are made once per
# cluster folder and kept across `down`/`up`, so a kubeconfig copied by a user stays valid.

SERVICE_CIDR=10.96.0.0/16
SERVICE_ACCOUNT_ISSUER=https://kubernetes.default.svc.cluster.local

new_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# issue PKI NAME SUBJECT EXTENSIONS: a leaf certificate signed by the cluster's CA.
issue() {
  local pki=$1 name=$2 subject=$3 extensions=$4
  new_key "$pki/$name.key"
  openssl req -new -key "$pki/$name.key" -subj "$subject" -out "$pki/$name.csr" 2>/dev/null
  printf '%b\n' "$extensions" >"$pki/$name.ext"
  openssl x509 -req -in "$pki/$name.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -days 3650 -sha256 \
    -extfile "$pki/$name.ext" -out "$pki/$name.crt" 2>/dev/null
  rm -f "$pki/$name.csr" "$pki/$name.ext"
}

ensure_pki() {
  local pki=$1 client='basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth'
  [[ -f $pki/.complete ]] && return
  say "generating certificates in $pki"
  rm -rf "$pki" && mkdir -p "$pki" && chmod 700 "$pki"
  new_key "$pki/ca.key"
  openssl req -new -key "$pki/ca.key" -subj "/CN=cutover-testenv-ca" -out "$pki/ca.csr" 2>/dev/null
  printf '%b\n' 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign,digitalSignature\nsubjectKeyIdentifier=hash' >"$pki/ca.ext"
  openssl x509 -req -in "$pki/ca.csr" -signkey "$pki/ca.key" -days 3650 -sha256 \
    -extfile "$pki/ca.ext" -out "$pki/ca.crt" 2>/dev/null
  rm -f "$pki/ca.csr" "$pki/ca.ext"

  # 10.96.0.1 is the `kubernetes` Service's ClusterIP, the first address of SERVICE_CIDR.
  issue "$pki" apiserver "/CN=kube-apiserver" \
    'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local'
  # The admin is in system:masters; the two controllers get the identities that the
  # bootstrap RBAC roles are bound to, so RBAC is exercised as on a real cluster.
  issue "$pki" admin "/O=system:masters/CN=cutover-admin" "$client"
  issue "$pki" controller-manager "/CN=system:kube-controller-manager" "$client"
  issue "$pki" scheduler "/CN=system:kube-scheduler" "$client"

  new_key "$pki/sa.key"
  openssl pkey -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null
  touch "$pki/.complete"
}

# write_kubeconfig PATH PKI USER PORT: certificates are embedded so the file can be copied.
write_kubeconfig() {
  local path=$1 pki=$2 user=$3 port=$4
  cat >"$path.partial" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: cutover-testenv
  cluster:
    server: https://127.0.0.1:$port
    certificate-authority-data: $(base64 -w0 "$pki/ca.crt")
users:
- name: $user
  user:
    client-certificate-data: $(base64 -w0 "$pki/$user.crt")
    client-key-data: $(base64 -w0 "$pki/$user.key")
contexts:
- name: cutover-testenv
  context:
    cluster: cutover-testenv
    user: $user
current-context: cutover-testenv
EOF
  chmod 600 "$path.partial"
  mv "$path.partial" "$path"
}
