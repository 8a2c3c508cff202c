#!/usr/bin/env bash
# Makes what an API server needs to call clearance over TLS, with openssl only:
#   ca.crt/ca.key              a CA (kept out of the cluster; re-run with --ca-dir to reuse one)
#   tls.crt/tls.key            clearance's serving certificate: the Service DNS names plus --dns/--ip extras
#   apiserver-client.crt/.key  with --client: a client certificate for the API server (mTLS)
#   authn-webhook.kubeconfig   for --authentication-token-webhook-config-file (server <url>/authenticate)
#   authz-webhook.kubeconfig   for --authorization-webhook-config-file or the AuthorizationConfiguration
#   authorization-config.yaml  an AuthorizationConfiguration (apiserver.config.k8s.io/v1) for --authorization-config
#   ca-bundle.b64              the CA, base64, for the ValidatingWebhookConfiguration's caBundle
#   validating-webhook.yaml    deploy/base/validating-webhook.yaml with that caBundle filled in
#
#   certs/make-certs.sh --out certs/out --namespace clearance --service clearance \
#       [--dns clearance.example.com] [--ip 10.0.0.5] [--client] [--url https://10.0.0.5:8443] [--days 365]
set -euo pipefail

OUT=certs/out
NAMESPACE=clearance
SERVICE=clearance
DAYS=365
CLIENT=false
URL=
CA_DIR=
KUBECONFIG_DIR=/etc/kubernetes/clearance
DNS=()
IPS=()

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT=$2; shift 2 ;;
    --namespace) NAMESPACE=$2; shift 2 ;;
    --service) SERVICE=$2; shift 2 ;;
    --dns) DNS+=("$2"); shift 2 ;;
    --ip) IPS+=("$2"); shift 2 ;;
    --client) CLIENT=true; shift ;;
    --url) URL=$2; shift 2 ;;
    --days) DAYS=$2; shift 2 ;;
    --ca-dir) CA_DIR=$2; shift 2 ;;
    --kubeconfig-dir) KUBECONFIG_DIR=$2; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown argument $1" >&2; usage 2 ;;
  esac
done

command -v openssl >/dev/null || { echo "openssl is required" >&2; exit 1; }
TEMPLATE="$(cd "$(dirname "$0")" && pwd)/../deploy/base/validating-webhook.yaml"
mkdir -p "$OUT"
cd "$OUT"
umask 077
URL=${URL:-https://$SERVICE.$NAMESPACE.svc:443}

# --- CA -----------------------------------------------------------------------------------------------
if [ -n "$CA_DIR" ]; then
  cp "$CA_DIR/ca.crt" "$CA_DIR/ca.key" .
elif [ ! -f ca.key ]; then
  openssl req -x509 -newkey rsa:3072 -nodes -sha256 -days "$((DAYS * 5))" -keyout ca.key -out ca.crt \
    -subj "/CN=clearance webhook CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
fi

# --- serving certificate ---------------------------------------------------------------------------------
sans="DNS:$SERVICE,DNS:$SERVICE.$NAMESPACE,DNS:$SERVICE.$NAMESPACE.svc,DNS:$SERVICE.$NAMESPACE.svc.cluster.local"
for d in "${DNS[@]}"; do sans="$sans,DNS:$d"; done
for i in "${IPS[@]}"; do sans="$sans,IP:$i"; done
openssl req -newkey rsa:2048 -nodes -keyout tls.key -out tls.csr -subj "/CN=$SERVICE.$NAMESPACE.svc" 2>/dev/null
printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\nbasicConstraints=critical,CA:FALSE\n' \
  "$sans" > tls.ext
openssl x509 -req -sha256 -days "$DAYS" -in tls.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out tls.crt \
  -extfile tls.ext 2>/dev/null
rm -f tls.csr tls.ext

# --- API server client certificate (mTLS) ---------------------------------------------------------------
if [ "$CLIENT" = true ]; then
  openssl req -newkey rsa:2048 -nodes -keyout apiserver-client.key -out client.csr -subj "/CN=kube-apiserver" 2>/dev/null
  printf 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\nbasicConstraints=critical,CA:FALSE\n' > client.ext
  openssl x509 -req -sha256 -days "$DAYS" -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
    -out apiserver-client.crt -extfile client.ext 2>/dev/null
  rm -f client.csr client.ext
fi
rm -f ca.srl

b64() { base64 < "$1" | tr -d '\n'; }

kubeconfig() { # $1 = file, $2 = path on clearance
  {
    echo "apiVersion: v1"
    echo "kind: Config"
    echo "clusters:"
    echo "  - name: clearance"
    echo "    cluster:"
    echo "      server: ${URL%/}$2"
    echo "      certificate-authority-data: $(b64 ca.crt)"
    echo "users:"
    echo "  - name: kube-apiserver"
    if [ "$CLIENT" = true ]; then
      echo "    user:"
      echo "      client-certificate-data: $(b64 apiserver-client.crt)"
      echo "      client-key-data: $(b64 apiserver-client.key)"
    else
      echo "    user: {}"
    fi
    echo "contexts:"
    echo "  - name: webhook"
    echo "    context:"
    echo "      cluster: clearance"
    echo "      user: kube-apiserver"
    echo "current-context: webhook"
  } > "$1"
}
kubeconfig authn-webhook.kubeconfig /authenticate
kubeconfig authz-webhook.kubeconfig /authorize

cat > authorization-config.yaml <<YAML
# --authorization-config for kube-apiserver: Node first, then clearance, then RBAC for everything clearance
# has no opinion on. system: users (controllers, nodes, service accounts) never pay a webhook call.
apiVersion: apiserver.config.k8s.io/v1
kind: AuthorizationConfiguration
authorizers:
  - type: Node
    name: node
  - type: Webhook
    name: clearance
    webhook:
      timeout: 3s
      subjectAccessReviewVersion: v1
      matchConditionSubjectAccessReviewVersion: v1
      failurePolicy: NoOpinion
      authorizedTTL: 5m
      unauthorizedTTL: 30s
      connectionInfo:
        type: KubeConfigFile
        kubeConfigFile: $KUBECONFIG_DIR/authz-webhook.kubeconfig
      matchConditions:
        - expression: "!request.user.startsWith('system:')"
  - type: RBAC
    name: rbac
YAML

b64 ca.crt > ca-bundle.b64
if [ -f "$TEMPLATE" ]; then
  sed "s|caBundle: \"\"|caBundle: $(cat ca-bundle.b64)|" "$TEMPLATE" > validating-webhook.yaml
fi
chmod 600 ./*.key
chmod 644 ./*.crt ./*.kubeconfig ./*.yaml ca-bundle.b64 2>/dev/null || true
echo "wrote $(pwd): $(ls | tr '\n' ' ')"
