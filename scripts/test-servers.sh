#!/usr/bin/env bash
# test-servers.sh start|stop DIR - the S3 servers the integration tests run against, on 127.0.0.1:
#   Ceph RGW (strict: real SigV4, real errors), via scripts/ceph-s3/start.sh, in DIR/ceph, over
#     HTTP and HTTPS (a certificate for 127.0.0.1 signed by a CA made for the run, in DIR/tls)
#   s3rver 3.7.1 (quirky: stores aws-chunked bodies verbatim), in DIR/s3rver
# "start" waits until both answer and writes DIR/env (shell-sourceable):
#   FERRY_TEST_S3_ENDPOINT, FERRY_TEST_S3_ACCESS_KEY_ID, FERRY_TEST_S3_SECRET_ACCESS_KEY   (Ceph)
#   FERRY_TEST_S3_TLS_ENDPOINT, FERRY_TEST_S3_CA_FILE                                     (Ceph over HTTPS, its CA)
#   FERRY_TEST_S3RVER_ENDPOINT, FERRY_TEST_S3RVER_BUCKET                                  (s3rver)
# "stop" stops exactly what "start" started in DIR (recorded pids, never by name) and removes DIR.
# s3rver is installed from scripts/s3rver/package-lock.json (npm ci) on first use.
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
S3RVER_HOME="$HERE/s3rver"
S3RVER_BUCKET=ferry-test
READY_TIMEOUT=${READY_TIMEOUT:-60}

log() { printf '[test-servers] %s\n' "$*" >&2; }
usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }

[ $# -eq 2 ] || usage
ACTION=$1
DIR=$2

# A pid is ours only while its command line names our data folder: guards against pid reuse.
s3rver_pid_ours() { [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' < "/proc/$1/cmdline" | grep -qF -- "$DIR/s3rver/data"; }

stop_s3rver() {
  local pid
  [ -f "$DIR/s3rver/pid" ] || return 0
  pid=$(cat "$DIR/s3rver/pid")
  if s3rver_pid_ours "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do s3rver_pid_ours "$pid" || break; sleep 0.1; done
    s3rver_pid_ours "$pid" && kill -KILL "$pid" 2>/dev/null
    log "stopped s3rver (pid $pid)"
  fi
  rm -f "$DIR/s3rver/pid"
}

stop_all() {
  stop_s3rver
  [ ! -d "$DIR/ceph" ] || "$HERE/ceph-s3/stop.sh" "$DIR/ceph" >&2 || true
  if [ -f "$DIR/.test-servers-dir" ]; then rm -rf -- "$DIR"; fi
}

start_s3rver() {
  if [ ! -x "$S3RVER_HOME/node_modules/.bin/s3rver" ]; then
    log "installing s3rver (npm ci in $S3RVER_HOME)"
    (cd "$S3RVER_HOME" && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi

  mkdir -p "$DIR/s3rver/data"
  # Port 0: the kernel picks a free port, which s3rver prints once it listens.
  # The legacy OpenSSL provider: s3rver makes ListObjectsV2 continuation tokens with DES, which
  # OpenSSL 3 refuses otherwise (every listing past 1,000 keys would answer 500).
  NODE_OPTIONS=--openssl-legacy-provider setsid "$S3RVER_HOME/node_modules/.bin/s3rver" -d "$DIR/s3rver/data" -a 127.0.0.1 -p 0 \
    --configure-bucket "$S3RVER_BUCKET" </dev/null >"$DIR/s3rver/log" 2>&1 &
  echo $! > "$DIR/s3rver/pid"

  local deadline=$((SECONDS + READY_TIMEOUT)) port=""
  until [ -n "$port" ]; do
    port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$DIR/s3rver/log" | head -n 1)
    if [ -z "$port" ]; then
      kill -0 "$(cat "$DIR/s3rver/pid")" 2>/dev/null || { log "s3rver exited:"; cat "$DIR/s3rver/log" >&2; return 1; }
      [ $SECONDS -lt $deadline ] || { log "timeout waiting for s3rver"; return 1; }
      sleep 0.1
    fi
  done

  until curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$port/"; do
    [ $SECONDS -lt $deadline ] || { log "timeout waiting for s3rver to answer"; return 1; }
    sleep 0.1
  done

  S3RVER_ENDPOINT="http://127.0.0.1:$port"
  log "s3rver ready at $S3RVER_ENDPOINT (pid $(cat "$DIR/s3rver/pid"))"
}

make_certificate() {  # a CA and a certificate for 127.0.0.1 it signed, valid for two days
  local tls="$DIR/tls"
  mkdir -p "$tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tls/ca.key" -out "$tls/ca.pem" \
    -days 2 -subj "/CN=Ferry test CA" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tls/server.key" -out "$tls/server.csr" \
    -subj "/CN=127.0.0.1" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n' > "$tls/server.ext"
  openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial -days 2 \
    -extfile "$tls/server.ext" -out "$tls/server.pem" 2>/dev/null
}

start_all() {
  mkdir -p "$DIR"
  DIR=$(cd "$DIR" && pwd)
  if [ -n "$(ls -A "$DIR")" ]; then log "$DIR is not empty"; exit 2; fi
  touch "$DIR/.test-servers-dir"     # marker: stop only removes folders that carry it
  trap 'rc=$?; log "start failed (rc=$rc); stopping what was started"; stop_all; exit $rc' ERR

  log "starting Ceph RGW (HTTP and HTTPS)"
  make_certificate
  TLS_CERT="$DIR/tls/server.pem" TLS_KEY="$DIR/tls/server.key" TLS_CA="$DIR/tls/ca.pem" \
    "$HERE/ceph-s3/start.sh" "$DIR/ceph" >/dev/null
  # shellcheck disable=SC1091
  . "$DIR/ceph/env"
  start_s3rver

  cat > "$DIR/env" <<ENV
FERRY_TEST_S3_ENDPOINT=$S3_ENDPOINT
FERRY_TEST_S3_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID
FERRY_TEST_S3_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY
FERRY_TEST_S3_TLS_ENDPOINT=$S3_TLS_ENDPOINT
FERRY_TEST_S3_CA_FILE=$DIR/tls/ca.pem
FERRY_TEST_S3RVER_ENDPOINT=$S3RVER_ENDPOINT
FERRY_TEST_S3RVER_BUCKET=$S3RVER_BUCKET
ENV
  trap - ERR
  log "ready: env in $DIR/env"
}

case "$ACTION" in
  start) start_all ;;
  stop)
    if [ ! -e "$DIR" ]; then log "$DIR does not exist; nothing to stop"; exit 0; fi
    DIR=$(cd "$DIR" && pwd)
    [ -f "$DIR/.test-servers-dir" ] || { log "$DIR was not made by '$0 start'; refusing"; exit 2; }
    stop_all ;;
  *) usage ;;
esac
