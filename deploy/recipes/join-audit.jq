# For one credential id (JTI=<jti>, the API server's authentication.kubernetes.io/credential-id), clearance's
# decisions and the API requests made with that credential, joined by decision id and audit ID.
#
#   jq -n -c --arg cred 'JTI=7c0e-11' --rawfile clearance clearance-audit.log --rawfile api apiserver-audit.log \
#     -f join-audit.jq
#
# Both logs are read as lines; a line that is not JSON (a log line between clearance's stdout events) is skipped.
# Output, one JSON object a line: first {"decision": ...} for each clearance decision about the credential (its token's
# jti, or named by one of its requests), in decision-id order, which is time order; then {"request": ...} for each
# API request (stage ResponseComplete) in the order the API server received them, naming the clearance decisions
# it links to:
#   authenticatedBy  webhook mode: user.extra["clearance.dev/decision-id"], the TokenReview that admitted the token
#   authorizedBy     webhook mode: the id at the end of the authorization.k8s.io/reason annotation
#   proxiedBy        proxy mode: the auditID, which is the proxy's decision id (the proxy sets Audit-ID)

def records($text): $text | split("\n") | map(select(length > 0) | (fromjson? // empty) | select(type == "object"));
def credentials: (.["authentication.kubernetes.io/credential-id"] // []);
def reasonId: (.annotations["authorization.k8s.io/reason"] // "")
  | (capture("clearance decision (?<id>[0-9a-f-]{36})$") | .id) // null;
def compact: with_entries(select(.value != null));

records($clearance) as $decisions
| ($decisions | map(.decisionId)) as $known
| (if ($cred | startswith("JTI=")) then $cred[4:] else null end) as $jti
| [records($api)[]
    | select(.kind == "Event" and .stage == "ResponseComplete")
    | select((.impersonatedUser // .user).extra // {} | credentials | index([$cred]) != null)
    | {auditID, time: .requestReceivedTimestamp, user: (.impersonatedUser // .user).username,
       via: (if .impersonatedUser then .user.username else null end), verb, uri: .requestURI, code: .responseStatus.code,
       authorization: .annotations["authorization.k8s.io/decision"],
       authenticatedBy: (if .impersonatedUser then null else (.user.extra["clearance.dev/decision-id"] // [])[0] end),
       authorizedBy: reasonId,
       proxiedBy: (.auditID as $id | if $known | index([$id]) != null then $id else null end)}
    | compact] as $requests
| ($requests | map(.authenticatedBy, .authorizedBy, .proxiedBy | select(. != null))) as $named
| ($decisions
    | map(select(($jti != null and .token.jti == $jti) or (.decisionId as $id | $named | index([$id]) != null)))
    | sort_by(.decisionId)
    | .[]
    | {decision: ({decisionId, time, kind, decision, reason, user: .user.username, cached, admittedBy} | compact)}),
  ($requests | sort_by(.time) | .[] | {request: .})
