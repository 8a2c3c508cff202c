#!/bin/sh
# Usage: join-audit.sh CREDENTIAL_ID CLEARANCE_LOG APISERVER_LOG
#
# For one credential id (JTI=<jti>, as the API server's audit events name it in
# user.extra["authentication.kubernetes.io/credential-id"]), prints clearance's decisions about it and the API
# requests it made, joined by decision id and audit ID: see join-audit.jq next to this file. Needs jq 1.6 or later.
set -eu
if [ "$#" -ne 3 ]; then
  echo "usage: $0 CREDENTIAL_ID CLEARANCE_LOG APISERVER_LOG   (CREDENTIAL_ID as JTI=<jti>)" >&2
  exit 2
fi
exec jq -n -c --arg cred "$1" --rawfile clearance "$2" --rawfile api "$3" -f "$(dirname "$0")/join-audit.jq"
