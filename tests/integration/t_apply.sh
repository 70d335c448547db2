# tcptune apply, rollback, verify and history, for real.
#
# THE HOST IS NEVER CHANGED: everything that applies, rolls back or writes
# runs inside `sandbox` (private user, network and mount namespaces with
# tmpfs over /etc/sysctl.d, /run and /var/lib), where only that network
# namespace's net.* keys are writable. Each sandbox call is a new namespace,
# so a test does all its steps in one call and checks the results here:
#
#   sb SCRIPT [NAME=VALUE...]
#
# runs SCRIPT (POSIX sh) in the sandbox after a prelude, and unpacks what it
# recorded under /run/r into $TMP/r. The prelude gives SCRIPT:
#   T NAME ARGS...   run tcptune ARGS; NAME.out, NAME.err, NAME.rc
#   vals NAME        every key of $KEYS as key=value (tabs as spaces,
#                    empty when absent) in NAME.vals
#   lsd NAME         `ls -A /etc/sysctl.d` in NAME.ls
#   txs NAME         `ls -A` of the transactions directory in NAME.txs
#   keep NAME FILE   a copy of FILE in NAME (nothing when FILE is absent)
#   st NAME FILE     inode, mtime and mode of FILE in NAME.stat
#   $R               the results directory, $TCPTUNE, $DROPIN, $STATE

# The sandbox scripts are single-quoted on purpose: they expand inside it.
# shellcheck disable=SC2016
BUILTINS="web-frontend nat-gateway squid-proxy load-balancer"
DROPIN=/etc/sysctl.d/90-tcptune.conf

# py CODE ARGS...: run Python code (argv in sys.argv); its output on failure.
py() {
	local out
	out=$(/usr/bin/python3 -c "$1" "${@:2}" 2>&1) || fail "$out"
	[ -z "$out" ] || echo "$out"
}

# profile_keys PROFILE: the keys of a built-in profile, in order (read-only).
profile_keys() {
	tt --config-dir "$TMP/no-etc" profile show "$1" --format json
	assert_rc 0 profile show "$1"
	json "$TMP/out" "' '.join(s['key'] for s in d['settings'])"
}

# every key any test here looks at
all_keys() {
	local p
	{
		for p in $BUILTINS; do profile_keys "$p"; done
		echo net.ipv4.ip_unprivileged_port_start net.ipv4.ip_forward
	} | tr ' ' '\n' | awk 'NF && !seen[$0]++' | tr '\n' ' '
}

SB_PRELUDE='
R=/run/r
STATE=/var/lib/tcptune
mkdir -p "$R"
T() {
	_n=$1
	shift
	"$TCPTUNE" --config-dir /nonexistent "$@" >"$R/$_n.out" 2>"$R/$_n.err"
	echo $? >"$R/$_n.rc"
}
vals() {
	: >"$R/$1.vals"
	for _k in $KEYS; do
		_p=/proc/sys/$(echo "$_k" | tr . /)
		if [ -r "$_p" ]; then
			printf "%s=%s\n" "$_k" "$(tr "\t" " " <"$_p")"
		else
			printf "%s=\n" "$_k"
		fi >>"$R/$1.vals"
	done
}
lsd() { ls -A /etc/sysctl.d >"$R/$1.ls"; }
txs() { ls -A "$STATE/transactions" >"$R/$1.txs" 2>/dev/null; }
keep() { if [ -e "$2" ]; then cp -p "$2" "$R/$1"; fi; }
st() { stat -c "%i %.9Y %a" "$2" >"$R/$1.stat" 2>/dev/null; }
'

sb() {
	local script=$1 kv
	shift
	require_sandbox
	[ -n "${KEYS:-}" ] || KEYS=$(all_keys)
	rm -rf "$TMP/r" "$TMP/r.tar"
	mkdir "$TMP/r"
	{
		printf "TCPTUNE='%s'\nKEYS='%s'\nDROPIN='%s'\n" "$TCPTUNE" "$KEYS" "$DROPIN"
		for kv in "$@"; do printf "%s='%s'\n" "${kv%%=*}" "${kv#*=}"; done
		printf '%s\n' "$SB_PRELUDE"
		printf '{\n%s\n} >"$R/_stdout" 2>"$R/_stderr" </dev/null\n' "$script"
		printf 'cd "$R" && tar cf - .\n'
	} >"$TMP/s.sh"
	chmod 644 "$TMP/s.sh"
	sandbox "sh $TMP/s.sh" >"$TMP/r.tar" 2>"$TMP/sb.err" || fail "sandbox failed: $(cat "$TMP/sb.err")"
	tar xf "$TMP/r.tar" --no-same-owner -C "$TMP/r" || fail "no results from the sandbox: $(cat "$TMP/sb.err")"
}

# rc_is NAME WANT [WHAT]: tcptune run NAME exited WANT
rc_is() {
	local got
	got=$(cat "$TMP/r/$1.rc" 2>/dev/null) || fail "no run named $1 in the sandbox: $(cat "$TMP/r/_stderr" 2>/dev/null)"
	[ "$got" = "$2" ] || fail "${3:-$1}: exit status $got, expected $2; stdout: $(head -c 1500 "$TMP/r/$1.out"); stderr: $(head -c 1500 "$TMP/r/$1.err")"
}

# same_vals A B WHAT: the values recorded as A and B are identical
same_vals() {
	[ -s "$TMP/r/$1.vals" ] || fail "no values recorded as $1"
	cmp -s "$TMP/r/$1.vals" "$TMP/r/$2.vals" ||
		fail "$3: values differ ($1 -> $2): $(diff "$TMP/r/$1.vals" "$TMP/r/$2.vals" | grep '^[<>]' | tr '\n' ' ')"
}

# val NAME KEY: KEY's value in NAME.vals
val() {
	grep "^$2=" "$TMP/r/$1.vals" | head -n1 | cut -d= -f2-
}

# empty NAME.ls|NAME.txs WHAT: that listing is empty
listing_empty() {
	[ -f "$TMP/r/$1" ] || fail "no listing $1"
	[ ! -s "$TMP/r/$1" ] || fail "$2: $(tr '\n' ' ' <"$TMP/r/$1")"
}

# hist_states NAME: "kind:state kind:state ..." of a `history --format json`, newest first
hist_states() {
	json "$TMP/r/$1.out" "' '.join('%s:%s' % (t['kind'], t['state']) for t in d['transactions'])"
}

# The web-frontend values the sandbox's fresh namespace differs in (so an
# apply there really changes something), written by hand before a test.
PRE_DROPIN='printf "# an older hand-written drop-in\nnet.ipv4.tcp_tw_reuse = 2\nnet.core.somaxconn=1024\n" >"$DROPIN"; chmod 640 "$DROPIN"'

# --- every built-in profile ------------------------------------------------

# argv: PLAN-JSON BEFORE-VALS AFTER-VALS APPLY-JSON DROPIN; prints keys checked
CHECK_APPLIED='
import json, sys
plan = json.load(open(sys.argv[1]))
before = dict(l.rstrip("\n").split("=", 1) for l in open(sys.argv[2]))
after = dict(l.rstrip("\n").split("=", 1) for l in open(sys.argv[3]))
ap = json.load(open(sys.argv[4]))
lines = open(sys.argv[5]).read().splitlines()
assigns = {}
for l in lines:
    if l.strip() and not l.lstrip().startswith("#"):
        k, v = l.split("=", 1)
        assert k.strip() not in assigns, "drop-in sets %s twice" % k
        assigns[k.strip()] = v.strip()
want, keys, n = [], set(), 0
for c in plan["changes"]:
    k = c["key"]
    if c["action"] == "skip":
        assert k not in assigns, "skipped %s is set in the drop-in" % k
        assert "#   %s: %s" % (k, c["reason"]) in lines, "drop-in does not list skipped %s with its reason %r" % (k, c["reason"])
        assert after[k] == before[k], "skipped %s changed: %r -> %r" % (k, before[k], after[k])
        continue
    keys.add(k)
    assert before[k] == c["current"], "%s: plan current %r, /proc/sys had %r" % (k, c["current"], before[k])
    assert after[k] == c["desired"], "%s reads back %r from /proc/sys, desired %r" % (k, after[k], c["desired"])
    assert assigns.get(k) == c["desired"], "drop-in sets %s = %r, desired %r" % (k, assigns.get(k), c["desired"])
    if c["action"] == "change":
        want.append({"key": k, "before": c["current"], "after": c["desired"]})
    n += 1
assert set(assigns) == keys, "drop-in sets %r, plan has %r" % (sorted(assigns), sorted(keys))
assert ap["changes"] == want, "apply changes %r, plan says %r" % (ap["changes"], want)
for k in after:
    if k not in keys:
        assert after[k] == before[k], "%s is not in the profile but changed: %r -> %r" % (k, before[k], after[k])
print(n)
'

test_apply_each_builtin_profile() {
	local p n
	for p in $BUILTINS; do
		sb '
T plan plan "$P" --format json
vals before
T ap apply "$P" --format json
vals after
keep dropin "$DROPIN"
sysctl -p "$DROPIN" >"$R/sysctl.out" 2>&1; echo $? >"$R/sysctl.rc"
vals after_sysctl
T verify verify --format json
T lint lint --fail-on error --format json "$DROPIN"
T hist history --format json
st d1 "$DROPIN"; txs t1; lsd l1
T again apply "$P" --format json
T again_text apply "$P"
st d2 "$DROPIN"; txs t2; lsd l2
vals again
' P="$p"
		rc_is plan 0 "plan $p"
		rc_is ap 0 "apply $p"
		n=$(py "$CHECK_APPLIED" "$TMP/r/plan.out" "$TMP/r/before.vals" "$TMP/r/after.vals" "$TMP/r/ap.out" "$TMP/r/dropin")
		[ "$n" -gt 0 ] || fail "$p: no key compared"
		assert_eq "$(json "$TMP/r/ap.out" "d['changed']")" true "$p: changed"
		assert_eq "$(json "$TMP/r/ap.out" "d['error']")" null "$p: error"
		# boot tools load the drop-in as it is, and it changes nothing then
		assert_eq "$(cat "$TMP/r/sysctl.rc")" 0 "$p: sysctl -p $DROPIN exit status ($(cat "$TMP/r/sysctl.out"))"
		same_vals after after_sysctl "$p: sysctl -p of the drop-in"
		rc_is verify 0 "verify after apply $p"
		assert_eq "$(json "$TMP/r/verify.out" "d['ok']")" true "$p: verify ok"
		assert_eq "$(json "$TMP/r/verify.out" "d['transaction']")" "$(json "$TMP/r/ap.out" "d['transaction']")" "$p: verify's transaction"
		assert_eq "$(json "$TMP/r/verify.out" "[k['key'] for k in d['keys'] if not k['ok']]")" "[]" "$p: keys verify finds drifted"
		assert_eq "$(json "$TMP/r/verify.out" "len(d['keys'])")" "$n" "$p: keys verified"
		rc_is lint 0 "lint $DROPIN after apply $p"
		assert_eq "$(json "$TMP/r/lint.out" "d['summary']['errors']")" 0 "$p: lint errors in the drop-in"
		assert_eq "$(hist_states hist)" "apply:committed" "$p: history"
		# applying again changes nothing and writes nothing
		rc_is again 0 "apply $p again"
		assert_eq "$(json "$TMP/r/again.out" "[d['changed'], d['changes'], d['dropin']['changed'], d['transaction']]")" \
			'[false, [], false, null]' "$p: second apply"
		rc_is again_text 0 "apply $p again (text)"
		assert_contains "$TMP/r/again_text.out" "Nothing to change"
		[ -s "$TMP/r/d1.stat" ] || fail "$p: no drop-in after apply"
		assert_eq "$(cat "$TMP/r/d2.stat")" "$(cat "$TMP/r/d1.stat")" "$p: drop-in inode, mtime and mode after the second apply"
		assert_eq "$(cat "$TMP/r/t2.txs")" "$(cat "$TMP/r/t1.txs")" "$p: transactions after the second apply"
		assert_eq "$(cat "$TMP/r/l2.ls")" "$(cat "$TMP/r/l1.ls")" "$p: /etc/sysctl.d after the second apply"
		same_vals after again "$p: values after the second apply"
	done
}

# Keys the namespace cannot take are skipped with a reason: in the drop-in
# (checked above) and in what apply tells its user, never as a failure.
test_apply_reports_skipped_keys_with_reason() {
	local p
	for p in nat-gateway load-balancer; do
		sb '
T plan plan "$P" --format json
vals before
T ap apply "$P"
vals after
' P="$p"
		rc_is ap 0 "apply $p with keys the namespace cannot set"
		json "$TMP/r/plan.out" "'\n'.join('%s\t%s' % (c['key'], c['reason']) for c in d['changes'] if c['action'] == 'skip')" >"$TMP/skips"
		[ -s "$TMP/skips" ] || fail "$p: the plan in a child namespace skips nothing"
		cat "$TMP/r/ap.out" "$TMP/r/ap.err" >"$TMP/said"
		while IFS=$'\t' read -r key reason; do
			grep -F -- "$key" "$TMP/said" | grep -qF -- "$reason" ||
				fail "$p: apply does not report skipped $key with its reason '$reason'; it said: $(cat "$TMP/said")"
			assert_eq "$(val after "$key")" "$(val before "$key")" "$p: skipped $key"
		done <"$TMP/skips"
		assert_not_contains "$TMP/r/ap.err" "error"
	done
}

# --- the JSON contract -----------------------------------------------------

APPLY_CONTRACT='
import json, re, sys
d = json.load(open(sys.argv[1]))
before = dict(l.rstrip("\n").split("=", 1) for l in open(sys.argv[2]))
after = dict(l.rstrip("\n").split("=", 1) for l in open(sys.argv[3]))
dropin = sys.argv[4]
assert type(d["schema_version"]) is int and d["schema_version"] == 1, d
assert d["changed"] is True, d
assert isinstance(d["transaction"], str) and re.fullmatch(r"\d{8}T\d{6}Z-\d+", d["transaction"]), d["transaction"]
assert isinstance(d["changes"], list) and d["changes"], d
for c in d["changes"]:
    assert set(c) == {"key", "before", "after"}, c
    assert all(isinstance(c[f], str) for f in c), c
    assert c["before"] == before[c["key"]], "%s before %r, /proc/sys had %r" % (c["key"], c["before"], before[c["key"]])
    assert c["after"] == after[c["key"]], "%s after %r, /proc/sys has %r" % (c["key"], c["after"], after[c["key"]])
    assert c["before"] != c["after"], c
changed = {k for k in before if before[k] != after[k]}
assert changed == {c["key"] for c in d["changes"]}, "changed in /proc/sys %r, reported %r" % (sorted(changed), d["changes"])
assert d["dropin"] == {"path": dropin, "changed": True}, d["dropin"]
assert isinstance(d["warnings"], list) and all(isinstance(w, str) for w in d["warnings"]), d["warnings"]
assert d["error"] is None, d
'

test_apply_json_contract() {
	sb '
vals before
T ap apply web-frontend --format json
vals after
T hist history --format json
'
	rc_is ap 0 "apply --format json"
	py "$APPLY_CONTRACT" "$TMP/r/ap.out" "$TMP/r/before.vals" "$TMP/r/after.vals" "$DROPIN"
	assert_eq "$(json "$TMP/r/ap.out" "d['dry_run']")" false dry_run
	assert_eq "$(json "$TMP/r/hist.out" "[t['id'] for t in d['transactions']]")" \
		"[\"$(json "$TMP/r/ap.out" "d['transaction']")\"]" "the transaction id in the history"
	# the history keeps the kernel's exact bytes (a TAB in vectors)
	assert_eq "$(json "$TMP/r/hist.out" "[{k: v.replace(chr(9), ' ') for k, v in c.items()} for c in d['transactions'][0]['changes']]")" \
		"$(json "$TMP/r/ap.out" "d['changes']")" "history's changes"
	# stdout is exactly one JSON document
	assert_eq "$(wc -c <"$TMP/r/ap.err")" 0 "stderr of a clean JSON apply"
}

# --- plan, then apply the recorded plan -------------------------------------

test_plan_then_apply_recorded_plan() {
	sb '
T plan plan web-frontend --format json
keep plan.json "$STATE/plan.json"
vals before
T ap apply --format json
vals after
keep dropin "$DROPIN"
T hist history --format json
'
	rc_is plan 0 plan
	[ -s "$TMP/r/plan.json" ] || fail "plan as root recorded no /var/lib/tcptune/plan.json"
	rc_is ap 0 "apply without a profile (the recorded plan)"
	py "$CHECK_APPLIED" "$TMP/r/plan.out" "$TMP/r/before.vals" "$TMP/r/after.vals" "$TMP/r/ap.out" "$TMP/r/dropin" >/dev/null
	assert_eq "$(json "$TMP/r/hist.out" "[(t['profile'], t['kind'], t['state']) for t in d['transactions']]")" \
		'[["web-frontend", "apply", "committed"]]' history
	assert_contains "$TMP/r/dropin" "# Generated by tcptune from profile web-frontend"
}

test_apply_stale_recorded_plan_refused() {
	sb '
T plan plan web-frontend
echo 0 >/proc/sys/net/ipv4/tcp_tw_reuse
vals before
T ap apply
vals after
lsd d
txs t
'
	rc_is plan 0 plan
	rc_is ap 1 "apply of a stale plan"
	assert_contains "$TMP/r/ap.err" "stale"
	assert_contains "$TMP/r/ap.err" "net.ipv4.tcp_tw_reuse"
	assert_contains "$TMP/r/ap.err" "now 0"
	same_vals before after "a refused stale plan"
	assert_eq "$(val after net.ipv4.tcp_tw_reuse)" 0 "tcp_tw_reuse written by hand"
	listing_empty d.ls "a refused stale plan wrote in /etc/sysctl.d"
	listing_empty t.txs "a refused stale plan made a transaction"
}

# --- rollback and history --------------------------------------------------

test_rollback_restores_previous_dropin_bytes() {
	sb "$PRE_DROPIN"'
keep orig.conf "$DROPIN"; st orig "$DROPIN"
vals before
T ap apply web-frontend --format json
vals applied
T rb rollback --format json
vals rolled
keep rolled.conf "$DROPIN"; st rolled "$DROPIN"
T rb2 rollback
vals rolled2
keep rolled2.conf "$DROPIN"
txs t2
T hist history --format json
T hist_text history
'
	rc_is ap 0 apply
	[ "$(val applied net.ipv4.tcp_tw_reuse)" = 1 ] || fail "apply did not change tcp_tw_reuse: $(cat "$TMP/r/applied.vals")"
	rc_is rb 0 rollback
	same_vals before rolled "rollback"
	cmp "$TMP/r/orig.conf" "$TMP/r/rolled.conf" || fail "rollback did not restore the previous drop-in bytes"
	assert_eq "$(cut -d' ' -f3 "$TMP/r/rolled.stat")" "$(cut -d' ' -f3 "$TMP/r/orig.stat")" "drop-in mode after rollback"
	assert_eq "$(json "$TMP/r/rb.out" "d['changed']")" true "rollback JSON changed"
	assert_eq "$(json "$TMP/r/rb.out" "sorted(c['key'] for c in d['changes'])")" \
		"$(json "$TMP/r/ap.out" "sorted(c['key'] for c in d['changes'])")" "keys the rollback restored"
	# twice: a no-op that succeeds
	rc_is rb2 0 "second rollback"
	same_vals rolled rolled2 "second rollback"
	cmp "$TMP/r/orig.conf" "$TMP/r/rolled2.conf" || fail "the second rollback changed the drop-in"
	assert_eq "$(wc -l <"$TMP/r/t2.txs")" 2 "transactions after apply, rollback, rollback ($(tr '\n' ' ' <"$TMP/r/t2.txs"))"
	# history: the rollback committed, then the apply it undid, newest first
	rc_is hist 0 history
	assert_eq "$(hist_states hist)" "rollback:committed apply:undone" history
	py '
import json, sys
d = json.load(open(sys.argv[1]))
ap = json.load(open(sys.argv[2]))
rb = json.load(open(sys.argv[3]))
t = d["transactions"]
assert t[1]["id"] == ap["transaction"], (t[1], ap["transaction"])
assert t[0]["id"] == rb["transaction"], (t[0], rb["transaction"])
assert t[0]["undoes"] == t[1]["id"], t[0]
assert t[1]["undone_by"] == t[0]["id"], t[1]
assert t[0]["profile"] == t[1]["profile"] == "web-frontend", t
' "$TMP/r/hist.out" "$TMP/r/ap.out" "$TMP/r/rb.out"
	rc_is hist_text 0 "history (text)"
	sed -n '2p' "$TMP/r/hist_text.out" | grep -qE "^$(json "$TMP/r/rb.out" "d['transaction']") .* rollback +web-frontend +[0-9]+ +committed$" ||
		fail "first history row is not the rollback: $(cat "$TMP/r/hist_text.out")"
	sed -n '3p' "$TMP/r/hist_text.out" | grep -qE "^$(json "$TMP/r/ap.out" "d['transaction']") .* apply +web-frontend +3 +undone$" ||
		fail "second history row is not the undone apply: $(cat "$TMP/r/hist_text.out")"
}

test_rollback_removes_dropin_that_did_not_exist() {
	sb '
vals before
lsd l0
T ap apply web-frontend
lsd l1
T rb rollback
vals rolled
lsd l2
T rb2 rollback
vals rolled2
lsd l3
'
	rc_is ap 0 apply
	assert_eq "$(cat "$TMP/r/l1.ls")" "90-tcptune.conf" "/etc/sysctl.d after apply"
	rc_is rb 0 rollback
	same_vals before rolled rollback
	listing_empty l2.ls "rollback left files in /etc/sysctl.d, which was empty before the apply"
	rc_is rb2 0 "second rollback"
	same_vals before rolled2 "second rollback"
	listing_empty l3.ls "second rollback wrote in /etc/sysctl.d"
	assert_contains "$TMP/r/rb2.out" "nothing to do"
}

test_history_keep_prunes() {
	sb '
T a1 apply web-frontend
T r1 rollback
T a2 apply load-balancer
T r2 rollback
T h4 history --format json
T prune history --keep 2 --format json
txs t2
T a3 apply squid-proxy --keep 1
txs t1
T h1 history --format json
'
	local r
	for r in a1 r1 a2 r2 prune a3; do rc_is "$r" 0; done
	assert_eq "$(hist_states h4)" "rollback:committed apply:undone rollback:committed apply:undone" "history of 4"
	assert_eq "$(json "$TMP/r/prune.out" "[t['id'] for t in d['transactions']]")" \
		"$(json "$TMP/r/h4.out" "[t['id'] for t in d['transactions']][:2]")" "history --keep 2 lists the newest two"
	assert_eq "$(wc -l <"$TMP/r/t2.txs")" 2 "transaction files after history --keep 2 ($(tr '\n' ' ' <"$TMP/r/t2.txs"))"
	assert_eq "$(wc -l <"$TMP/r/t1.txs")" 1 "transaction files after apply --keep 1 ($(tr '\n' ' ' <"$TMP/r/t1.txs"))"
	assert_eq "$(json "$TMP/r/h1.out" "[(t['profile'], t['state']) for t in d['transactions']]")" \
		'[["squid-proxy", "committed"]]' "history after apply --keep 1"
}

# --- failures in the middle of an apply ------------------------------------

# A user profile whose two port settings the kernel refuses together, in
# either order: the second write gets EINVAL after the first succeeded.
write_port_profiles() {
	mkdir -p "$TMP/pd"
	cat >"$TMP/pd/ports-a.yaml" <<'EOF'
name: ports-a
description: privileged ports up to 20000, then an ephemeral range below that
settings:
  net.ipv4.tcp_tw_reuse:
    value: 1
    why: a write that succeeds first
  net.ipv4.ip_unprivileged_port_start:
    value: 20000
    why: accepted while the range starts at 32768
  net.ipv4.ip_local_port_range:
    value: 10001 60000
    why: refused, it starts below ip_unprivileged_port_start
EOF
	cat >"$TMP/pd/ports-b.yaml" <<'EOF'
name: ports-b
description: an ephemeral range from 10001, then privileged ports up to 20000
settings:
  net.ipv4.tcp_tw_reuse:
    value: 1
    why: a write that succeeds first
  net.ipv4.ip_local_port_range:
    value: 10001 60000
    why: accepted while ip_unprivileged_port_start is 1024
  net.ipv4.ip_unprivileged_port_start:
    value: 20000
    why: refused, it is above the start of the range
EOF
	chmod -R a+rX "$TMP/pd"
}

# The rules predict this EINVAL (TT403: the range would start below
# ip_unprivileged_port_start), in either order: apply refuses before it starts.
test_apply_refuses_a_plan_the_rules_call_wrong() {
	local p
	write_port_profiles
	for p in ports-a ports-b; do
		sb "$PRE_DROPIN"'
keep orig.conf "$DROPIN"
vals before
T ap apply --profile-dir "$PD" "$P"
vals after
keep after.conf "$DROPIN"
T hist history --format json
' P="$p" PD="$TMP/pd"
		rc_is ap 1 "apply $p (its plan has TT403)"
		same_vals before after "$p: a refused apply"
		cmp "$TMP/r/orig.conf" "$TMP/r/after.conf" || fail "$p: the drop-in changed"
		assert_contains "$TMP/r/ap.err" "TT403"
		assert_contains "$TMP/r/ap.err" "nothing was changed"
		assert_eq "$(hist_states hist)" "" "$p: no transaction is started"
	done
}

# A write the kernel refuses that no rule can predict: an algorithm this
# kernel does not have (ENOENT). The write before it is undone.
test_apply_kernel_rejects_a_write_everything_restored() {
	mkdir -p "$TMP/pd"
	cat >"$TMP/pd/cc.yaml" <<'EOF'
name: cc
description: a congestion control module that does not exist
settings:
  net.ipv4.tcp_tw_reuse:
    value: 1
    why: a write that succeeds first
  net.ipv4.tcp_congestion_control:
    value: nosuchcc
    why: refused by the kernel with ENOENT
EOF
	sb "$PRE_DROPIN"'
keep orig.conf "$DROPIN"
vals before
cat /proc/sys/net/ipv4/tcp_congestion_control >"$R/cc.before"
T ap apply --profile-dir "$PD" cc
vals after
cat /proc/sys/net/ipv4/tcp_congestion_control >"$R/cc.after"
keep after.conf "$DROPIN"
T apj apply --profile-dir "$PD" cc --format json
vals after2
T hist history --format json
' PD="$TMP/pd"
	rc_is ap 1 "apply cc (the kernel refuses nosuchcc)"
	same_vals before after "a failed apply"
	cmp -s "$TMP/r/cc.before" "$TMP/r/cc.after" || fail "tcp_congestion_control changed"
	cmp "$TMP/r/orig.conf" "$TMP/r/after.conf" || fail "the drop-in changed"
	grep -F "error:" "$TMP/r/ap.err" | grep -F net.ipv4.tcp_congestion_control | grep -qF "No such file or directory" ||
		fail "the error does not name the key and the errno text: $(cat "$TMP/r/ap.err")"
	assert_contains "$TMP/r/ap.err" "restored"
	rc_is apj 1 "apply cc --format json"
	same_vals before after2 "a failed JSON apply"
	py '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema_version"] == 1 and d["restored"] is True, d
assert "net.ipv4.tcp_congestion_control" in d["error"], d["error"]
' "$TMP/r/apj.out"
	assert_eq "$(hist_states hist)" "apply:rolled-back apply:rolled-back" "history"
	json "$TMP/r/hist.out" "d['transactions'][0]['failure']" >"$TMP/failure"
	assert_contains "$TMP/failure" net.ipv4.tcp_congestion_control
}

test_apply_injected_eio_everything_restored() {
	command -v strace >/dev/null || skip "strace is not installed"
	sb "$PRE_DROPIN"'
keep orig.conf "$DROPIN"; st orig "$DROPIN"
vals before
strace -f -o /dev/null -P /proc/sys/net/ipv4/ip_local_port_range -e trace=write -e inject=write:error=EIO \
	"$TCPTUNE" --config-dir /nonexistent apply web-frontend >"$R/ap.out" 2>"$R/ap.err"; echo $? >"$R/ap.rc"
vals after
keep after.conf "$DROPIN"; st after "$DROPIN"
T hist history --format json
T v verify
'
	rc_is ap 1 "apply with EIO on ip_local_port_range"
	same_vals before after "apply with an injected EIO"
	cmp "$TMP/r/orig.conf" "$TMP/r/after.conf" || fail "the drop-in changed"
	assert_eq "$(cat "$TMP/r/after.stat")" "$(cat "$TMP/r/orig.stat")" "drop-in inode, mtime, mode"
	grep -F "error:" "$TMP/r/ap.err" | grep -F net.ipv4.ip_local_port_range | grep -qF "Input/output error" ||
		fail "the error does not name the key and EIO: $(cat "$TMP/r/ap.err")"
	assert_eq "$(hist_states hist)" "apply:rolled-back" history
	# nothing was applied, so there is nothing to verify
	rc_is v 0 "verify after a rolled-back apply"
}

test_apply_dropin_write_failure_restores_values_and_file() {
	command -v strace >/dev/null || skip "strace is not installed"
	# rename #1 makes the snapshot durable, rename #2 installs the drop-in
	sb "$PRE_DROPIN"'
keep orig.conf "$DROPIN"
vals before
strace -f -o "$R/trace" -e trace=rename,renameat,renameat2 -e inject=rename,renameat,renameat2:error=EIO:when=2 \
	"$TCPTUNE" --config-dir /nonexistent apply web-frontend >"$R/ap.out" 2>"$R/ap.err"; echo $? >"$R/ap.rc"
vals after
keep after.conf "$DROPIN"
lsd l
T hist history --format json
'
	grep 'INJECTED' "$TMP/r/trace" | grep -q 90-tcptune.conf ||
		fail "the injected failure did not hit the drop-in: $(cat "$TMP/r/trace")"
	rc_is ap 1 "apply whose drop-in rename fails"
	same_vals before after "apply whose drop-in could not be written"
	cmp "$TMP/r/orig.conf" "$TMP/r/after.conf" || fail "the drop-in changed"
	grep -q '^90-tcptune\.conf$' "$TMP/r/l.ls" || fail "the drop-in is gone: $(cat "$TMP/r/l.ls")"
	grep -F "error:" "$TMP/r/ap.err" | grep -F "$DROPIN" | grep -qF "Input/output error" ||
		fail "the error does not name the drop-in and EIO: $(cat "$TMP/r/ap.err")"
	assert_eq "$(hist_states hist)" "apply:rolled-back" history
}

# Restoring fails too: exit 3, the snapshot stays pending, and a later
# `tcptune rollback` puts everything back.
test_apply_restore_failure_exit_3_then_rollback() {
	command -v strace >/dev/null || skip "strace is not installed"
	# traced writes: #1 tcp_tw_reuse (apply), #2 tcp_slow_start_after_idle
	# (apply, fails), #3 tcp_tw_reuse (restore, fails)
	sb '
vals before
strace -f -o /dev/null -P /proc/sys/net/ipv4/tcp_tw_reuse -P /proc/sys/net/ipv4/tcp_slow_start_after_idle \
	-e trace=write -e inject=write:error=EIO:when=2+ \
	"$TCPTUNE" --config-dir /nonexistent apply web-frontend >"$R/ap.out" 2>"$R/ap.err"; echo $? >"$R/ap.rc"
vals half
T hist history --format json
T rb rollback
vals rolled
lsd l
T hist2 history --format json
'
	rc_is ap 3 "apply whose restore fails too"
	assert_contains "$TMP/r/ap.err" "tcptune rollback"
	[ "$(val half net.ipv4.tcp_tw_reuse)" = 1 ] || fail "the failing restore of tcp_tw_reuse was not injected: $(cat "$TMP/r/half.vals")"
	assert_eq "$(hist_states hist)" "apply:pending" "history after exit 3"
	assert_contains "$TMP/r/hist.err" "did not finish"
	rc_is rb 0 "rollback of the pending apply"
	same_vals before rolled "rollback after exit 3"
	listing_empty l.ls "a drop-in after rolling back an apply that never wrote one"
	assert_eq "$(hist_states hist2)" "rollback:committed apply:undone" "history after the rollback"
	assert_not_contains "$TMP/r/hist2.err" "did not finish"
}

# kill -9 at the Nth write(2): snapshot, each /proc/sys value, the drop-in,
# the commit. Whatever N, `tcptune rollback` puts back the values and
# removes the drop-in that did not exist, and while a snapshot is pending
# every command says so.
test_apply_kill9_then_rollback_restores() {
	command -v strace >/dev/null || skip "strace is not installed"
	local n id pending=0
	for n in 1 2 3 4 5 6 7; do
		sb '
vals before
strace -f -o /dev/null -e trace=write -e inject=write:signal=SIGKILL:when=$N \
	"$TCPTUNE" --config-dir /nonexistent apply web-frontend >"$R/kill.out" 2>"$R/kill.err"; echo $? >"$R/kill.rc"
vals killed
(cd "$STATE/transactions" && grep -l "\"state\": \"pending\"" -- *.json) >"$R/pending" 2>/dev/null
(cd "$STATE/transactions" && grep -h "^  \"state\":" -- *.json) >"$R/states" 2>/dev/null
T hist history
T plan plan web-frontend --no-record
T again apply web-frontend
T rb rollback
vals rolled
ls /etc/sysctl.d >"$R/conf.ls"
T hist2 history --format json
' N="$n"
		[ "$n" -le 6 ] && { rc_is kill 137 "apply killed at write $n"; }
		if [ -s "$TMP/r/pending" ]; then
			pending=$((pending + 1))
			id=$(basename "$(head -n1 "$TMP/r/pending")" .json)
			# every command notices the interrupted transaction
			grep -F "$id" "$TMP/r/hist.err" | grep -qF "did not finish" ||
				fail "N=$n: history does not warn about pending $id: $(cat "$TMP/r/hist.err")"
			grep -F "$id" "$TMP/r/plan.err" | grep -qF "did not finish" ||
				fail "N=$n: plan does not warn about pending $id: $(cat "$TMP/r/plan.err")"
			rc_is again 1 "N=$n: apply while $id is pending"
			assert_contains "$TMP/r/again.err" "pending"
			rc_is rb 0 "N=$n: rollback of the pending $id"
			json "$TMP/r/hist2.out" "[t['state'] for t in d['transactions'] if t['id'] == '$id']" >"$TMP/st"
			assert_eq "$(cat "$TMP/st")" '["undone"]' "N=$n: state of $id after rollback"
		elif [ -s "$TMP/r/states" ]; then
			# killed after the commit: a finished apply
			assert_eq "$(tr -d ' ' <"$TMP/r/states")" '"state":"committed",' "N=$n: the transaction after the kill"
			assert_not_contains "$TMP/r/hist.err" "did not finish"
			rc_is rb 0 "N=$n: rollback of the committed apply"
		else
			assert_not_contains "$TMP/r/hist.err" "did not finish"
			same_vals before killed "N=$n: killed before any snapshot"
		fi
		same_vals before rolled "N=$n: values after rollback"
		assert_not_contains "$TMP/r/hist2.err" "did not finish"
		grep -q '\.conf$' "$TMP/r/conf.ls" && fail "N=$n: a drop-in that did not exist is left: $(cat "$TMP/r/conf.ls")"
	done
	[ "$pending" -ge 4 ] || fail "only $pending kill points left a pending snapshot: the test did not exercise the interruption"
}

# --- locking, privileges, unsafe paths --------------------------------------

test_concurrent_apply_refused_while_locked() {
	sb '
vals before
flock "$STATE/lock" sh -c "touch /run/held; exec sleep 3" &
i=0; while [ ! -e /run/held ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
t0=$(date +%s%N)
T ap apply web-frontend --wait 1
t1=$(date +%s%N)
echo $(((t1 - t0) / 1000000)) >"$R/ms"
vals after
lsd l
txs t
wait
'
	rc_is ap 1 "apply while another process holds the lock"
	assert_contains "$TMP/r/ap.err" "another tcptune"
	assert_contains "$TMP/r/ap.err" "/var/lib/tcptune/lock"
	assert_contains "$TMP/r/ap.err" "--wait"
	[ "$(cat "$TMP/r/ms")" -ge 900 ] || fail "--wait 1 gave up after $(cat "$TMP/r/ms") ms"
	same_vals before after "a refused concurrent apply"
	listing_empty l.ls "a refused concurrent apply wrote in /etc/sysctl.d"
	listing_empty t.txs "a refused concurrent apply made a transaction"
}

test_concurrent_apply_names_the_holder() {
	command -v strace >/dev/null || skip "strace is not installed"
	# the first apply holds the lock 3 s before its first write (the snapshot)
	sb '
strace -f -o /dev/null -e trace=write -e inject=write:delay_enter=3000000:when=1 \
	"$TCPTUNE" --config-dir /nonexistent apply web-frontend >"$R/first.out" 2>"$R/first.err" &
bg=$!
i=0; while [ ! -s "$STATE/lock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
pid=$(cat "$STATE/lock"); echo "$pid" >"$R/pid"; cat "/proc/$pid/comm" >"$R/comm" 2>/dev/null
T second apply web-frontend --wait 1
wait $bg; echo $? >"$R/first.rc"
T hist history --format json
'
	assert_eq "$(cat "$TMP/r/comm")" tcptune "the lock holder"
	rc_is second 1 "apply while another apply runs"
	assert_contains "$TMP/r/second.err" "another tcptune apply or rollback (pid $(cat "$TMP/r/pid"))"
	rc_is first 0 "the first apply"
	assert_eq "$(hist_states hist)" "apply:committed" "history: only the first apply"
}

# The lock can be held by something that is not tcptune (flock(1), an older
# version): the message must not invent a pid.
test_lock_message_has_no_bogus_pid() {
	sb '
flock "$STATE/lock" sh -c "touch /run/held; exec sleep 2" &
i=0; while [ ! -e /run/held ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
T ap apply web-frontend --wait 0.5
wait
'
	rc_is ap 1 "apply while flock(1) holds the lock"
	assert_not_contains "$TMP/r/ap.err" "(pid 0)"
}

test_apply_without_capabilities() {
	sb '
vals before
setpriv --inh-caps=-all --bounding-set=-all "$TCPTUNE" --config-dir /nonexistent apply web-frontend >"$R/ap.out" 2>"$R/ap.err"; echo $? >"$R/ap.rc"
vals after
lsd l
txs t
setpriv --inh-caps=-all --bounding-set=-all "$TCPTUNE" --config-dir /nonexistent apply web-frontend --dry-run --detailed-exitcode >"$R/dry.out" 2>"$R/dry.err"; echo $? >"$R/dry.rc"
T real apply web-frontend
vals applied
setpriv --inh-caps=-all --bounding-set=-all "$TCPTUNE" --config-dir /nonexistent rollback >"$R/rb.out" 2>"$R/rb.err"; echo $? >"$R/rb.rc"
vals after_rb
T hist history --format json
'
	local rc_ap
	rc_ap=$(cat "$TMP/r/ap.rc")
	[ "$rc_ap" -ne 0 ] || fail "apply without capabilities exited 0"
	assert_contains "$TMP/r/ap.err" "cap_net_admin"
	assert_contains "$TMP/r/ap.err" "setcap"
	assert_contains "$TMP/r/ap.err" "root"
	same_vals before after "apply without capabilities"
	listing_empty l.ls "apply without capabilities wrote in /etc/sysctl.d"
	listing_empty t.txs "apply without capabilities made a transaction"
	# a dry run needs no privileges
	rc_is dry 2 "apply --dry-run --detailed-exitcode without capabilities"
	# neither does rollback get through without them
	rc_is real 0 "apply as root"
	[ "$(cat "$TMP/r/rb.rc")" -ne 0 ] || fail "rollback without capabilities exited 0"
	assert_contains "$TMP/r/rb.err" "cap_net_admin"
	same_vals applied after_rb "rollback without capabilities"
	assert_eq "$(hist_states hist)" "apply:committed" "history after a refused rollback"
}

test_symlinked_state_dir_refused() {
	sb '
vals before
mkdir -m 700 /run/real
ln -s /run/real /run/link
T ap apply web-frontend --state-dir /run/link
T rb rollback --state-dir /run/link
vals after
ls -A /run/real >"$R/real.ls"
lsd l
rm -rf "$STATE" && ln -s /run/real "$STATE"
T ap2 apply web-frontend
vals after2
ls -A /run/real >"$R/real2.ls"
lsd l2
'
	rc_is ap 1 "apply --state-dir SYMLINK"
	assert_contains "$TMP/r/ap.err" "/run/link is a symlink"
	rc_is rb 1 "rollback --state-dir SYMLINK"
	assert_contains "$TMP/r/rb.err" "symlink"
	same_vals before after "apply with a symlinked state directory"
	listing_empty real.ls "the symlink's target was written"
	listing_empty l.ls "/etc/sysctl.d was written"
	rc_is ap2 1 "apply with /var/lib/tcptune a symlink"
	assert_contains "$TMP/r/ap2.err" "symlink"
	same_vals before after2 "apply with /var/lib/tcptune a symlink"
	listing_empty real2.ls "the target of /var/lib/tcptune was written"
	listing_empty l2.ls "/etc/sysctl.d was written"
}

test_symlinked_dropin_refused() {
	sb '
printf "# somebody else s file\nnet.ipv4.tcp_tw_reuse = 2\n" >/run/target.conf
keep target.orig /run/target.conf
ln -s /run/target.conf /etc/sysctl.d/90-x.conf
vals before
T ap apply web-frontend --dropin /etc/sysctl.d/90-x.conf
vals after
keep target.after /run/target.conf
readlink /etc/sysctl.d/90-x.conf >"$R/link"
ln -s /run/target.conf "$DROPIN"
T ap2 apply web-frontend
vals after2
keep target.after2 /run/target.conf
ln -s /run/new.conf /etc/sysctl.d/90-dangling.conf
T ap3 apply web-frontend --dropin /etc/sysctl.d/90-dangling.conf
vals after3
ls -A /run >"$R/run.ls"
txs t
'
	rc_is ap 1 "apply --dropin SYMLINK"
	assert_contains "$TMP/r/ap.err" "/etc/sysctl.d/90-x.conf"
	assert_contains "$TMP/r/ap.err" "symlink"
	same_vals before after "apply --dropin SYMLINK"
	cmp "$TMP/r/target.orig" "$TMP/r/target.after" || fail "the symlink's target changed"
	assert_eq "$(cat "$TMP/r/link")" /run/target.conf "the symlink"
	rc_is ap2 1 "apply with $DROPIN a symlink"
	same_vals before after2 "apply with $DROPIN a symlink"
	cmp "$TMP/r/target.orig" "$TMP/r/target.after2" || fail "the target of $DROPIN changed"
	rc_is ap3 1 "apply --dropin DANGLING-SYMLINK"
	same_vals before after3 "apply --dropin DANGLING-SYMLINK"
	assert_not_contains "$TMP/r/run.ls" "new.conf"
	listing_empty t.txs "a refused drop-in made a transaction"
}

test_group_writable_state_dir_refused() {
	sb '
vals before
chmod 770 "$STATE"
T g apply web-frontend
chmod 702 "$STATE"
T o apply web-frontend
chmod 700 "$STATE"
mkdir -m 700 "$STATE/transactions" && chmod 770 "$STATE/transactions"
T tx apply web-frontend
vals after
lsd l
ls -A "$STATE/transactions" >"$R/t.txs"
'
	rc_is g 1 "apply with a group-writable state directory"
	assert_contains "$TMP/r/g.err" "writable by group or others"
	assert_contains "$TMP/r/g.err" "0770"
	rc_is o 1 "apply with an other-writable state directory"
	assert_contains "$TMP/r/o.err" "writable by group or others"
	rc_is tx 1 "apply with a group-writable transactions directory"
	assert_contains "$TMP/r/tx.err" "transactions directory is writable by group or others"
	same_vals before after "refused state directories"
	listing_empty l.ls "/etc/sysctl.d was written"
	listing_empty t.txs "a transaction was recorded"
}

# --- verify, rollback after drift ------------------------------------------

test_verify_detects_drift() {
	sb '
T v0 verify
T ap apply web-frontend
T v1 verify
echo 0 >/proc/sys/net/ipv4/tcp_tw_reuse
echo "20000 60001" >/proc/sys/net/ipv4/ip_local_port_range
T v2 verify
T vj verify --format json
'
	rc_is v0 0 "verify with nothing applied"
	rc_is ap 0 apply
	rc_is v1 0 "verify right after apply"
	rc_is v2 1 "verify after a manual write"
	grep -qE '^ +DRIFT +net\.ipv4\.tcp_tw_reuse = 1$' "$TMP/r/v2.out" ||
		fail "no DRIFT line with the applied value for tcp_tw_reuse: $(cat "$TMP/r/v2.out")"
	grep -qE '^ +DRIFT +net\.ipv4\.ip_local_port_range = 10000 65535$' "$TMP/r/v2.out" ||
		fail "no DRIFT line for ip_local_port_range: $(cat "$TMP/r/v2.out")"
	py '
import sys
lines = open(sys.argv[1]).read().splitlines()
def after(key):
    i = [n for n, l in enumerate(lines) if "DRIFT" in l and key + " =" in l][0]
    return lines[i + 1]
assert "running kernel: 0" in after("net.ipv4.tcp_tw_reuse"), after("net.ipv4.tcp_tw_reuse")
assert "running kernel: 20000 60001" in after("net.ipv4.ip_local_port_range"), after("net.ipv4.ip_local_port_range")
assert sum(1 for l in lines if "DRIFT" in l) == 2, lines
' "$TMP/r/v2.out"
	assert_contains "$TMP/r/v2.out" "2 of 6 keys drifted."
	rc_is vj 1 "verify --format json after a manual write"
	py '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema_version"] == 1 and d["ok"] is False, d
k = {e["key"]: e for e in d["keys"]}
assert k["net.ipv4.tcp_tw_reuse"]["ok"] is False and k["net.ipv4.tcp_tw_reuse"]["running"] == "0", k["net.ipv4.tcp_tw_reuse"]
assert k["net.ipv4.tcp_tw_reuse"]["applied"] == "1", k["net.ipv4.tcp_tw_reuse"]
assert k["net.ipv4.ip_local_port_range"]["running"] == "20000 60001", k["net.ipv4.ip_local_port_range"]
assert k["net.ipv4.ip_local_port_range"]["applied"] == "10000 65535", k["net.ipv4.ip_local_port_range"]
bad = sorted(e["key"] for e in d["keys"] if not e["ok"])
assert bad == ["net.ipv4.ip_local_port_range", "net.ipv4.tcp_tw_reuse"], bad
' "$TMP/r/vj.out"
}

test_rollback_refuses_after_manual_change_force_restores() {
	sb '
vals before
T ap apply web-frontend
echo 0 >/proc/sys/net/ipv4/tcp_tw_reuse
vals changed
keep dropin.changed "$DROPIN"
T rb rollback
vals refused
keep dropin.refused "$DROPIN"
T hist history --format json
T rbf rollback --force
vals forced
lsd l
T hist2 history --format json
'
	rc_is ap 0 apply
	rc_is rb 1 "rollback after a manual change"
	assert_contains "$TMP/r/rb.err" "net.ipv4.tcp_tw_reuse: tcptune set 1, it is now 0"
	assert_contains "$TMP/r/rb.err" "--force"
	same_vals changed refused "a refused rollback"
	cmp "$TMP/r/dropin.changed" "$TMP/r/dropin.refused" || fail "a refused rollback changed the drop-in"
	assert_eq "$(hist_states hist)" "apply:committed" "history after a refused rollback"
	rc_is rbf 0 "rollback --force"
	same_vals before forced "rollback --force"
	listing_empty l.ls "rollback --force left a drop-in"
	assert_eq "$(hist_states hist2)" "rollback:committed apply:undone" "history after rollback --force"
}

# --- dry run, --detailed-exitcode ------------------------------------------

test_apply_dry_run_detailed_exitcode() {
	sb '
vals before
T d1 apply web-frontend --dry-run --detailed-exitcode
T d1j apply web-frontend --dry-run --format json
vals after_dry
lsd l1
ls -A "$STATE" | grep -vx transactions >"$R/state.ls"
txs t0
T ap apply web-frontend --detailed-exitcode
vals applied
st s1 "$DROPIN"; txs t1
T d2 apply web-frontend --dry-run --detailed-exitcode
T ap2 apply web-frontend --detailed-exitcode
st s2 "$DROPIN"; txs t2
'
	rc_is d1 2 "apply --dry-run --detailed-exitcode with changes to make"
	assert_contains "$TMP/r/d1.out" "dry run"
	assert_contains "$TMP/r/d1.out" "net.ipv4.tcp_tw_reuse"
	rc_is d1j 0 "apply --dry-run --format json"
	assert_eq "$(json "$TMP/r/d1j.out" "[d['dry_run'], d['changed'], d['transaction']]")" '[true, true, null]' "dry-run JSON"
	same_vals before after_dry "a dry run"
	listing_empty l1.ls "a dry run wrote in /etc/sysctl.d"
	listing_empty state.ls "a dry run wrote in the state directory"
	listing_empty t0.txs "a dry run made a transaction"
	rc_is ap 2 "apply --detailed-exitcode that changes things"
	[ "$(val applied net.ipv4.tcp_tw_reuse)" = 1 ] || fail "apply did not apply"
	rc_is d2 0 "apply --dry-run --detailed-exitcode after applying"
	rc_is ap2 0 "apply --detailed-exitcode with nothing to change"
	assert_eq "$(cat "$TMP/r/s2.stat")" "$(cat "$TMP/r/s1.stat")" "drop-in after applying again"
	assert_eq "$(cat "$TMP/r/t2.txs")" "$(cat "$TMP/r/t1.txs")" "transactions after applying again"
}

# --- a later file overrides a key at boot ----------------------------------

OVERRIDE='printf "# local policy\nnet.ipv4.tcp_tw_reuse = 0\n" >/etc/sysctl.d/99-override.conf'

test_apply_boot_override_warns() {
	sb "$OVERRIDE"'
keep override.orig /etc/sysctl.d/99-override.conf
T ap apply web-frontend
T apj apply web-frontend --format json
vals after
T hist history --format json
'
	rc_is ap 0 "apply under a later override without --strict"
	grep -F "warning:" "$TMP/r/ap.err" | grep -F "/etc/sysctl.d/99-override.conf:2" | grep -qF "net.ipv4.tcp_tw_reuse = 0" ||
		fail "no warning naming 99-override.conf:2 and the line: $(cat "$TMP/r/ap.err")"
	assert_eq "$(val after net.ipv4.tcp_tw_reuse)" 1 "tcp_tw_reuse at runtime"
	assert_eq "$(hist_states hist)" "apply:committed" history
}

test_apply_strict_boot_override_fails_and_restores() {
	sb "$OVERRIDE"'
keep override.orig /etc/sysctl.d/99-override.conf
vals before
T ap apply web-frontend --strict
vals after
lsd l
keep override.after /etc/sysctl.d/99-override.conf
'"$PRE_DROPIN"'
keep orig.conf "$DROPIN"
T apj apply web-frontend --strict --format json
vals after2
keep after2.conf "$DROPIN"
T hist history --format json
'
	rc_is ap 1 "apply --strict under a later override"
	assert_contains "$TMP/r/ap.err" "--strict"
	assert_contains "$TMP/r/ap.err" "/etc/sysctl.d/99-override.conf:2"
	same_vals before after "apply --strict that failed"
	assert_eq "$(cat "$TMP/r/l.ls")" 99-override.conf "/etc/sysctl.d after a failed --strict apply"
	cmp "$TMP/r/override.orig" "$TMP/r/override.after" || fail "99-override.conf changed"
	rc_is apj 1 "apply --strict --format json with an older drop-in"
	assert_eq "$(json "$TMP/r/apj.out" "d['restored']")" true restored
	same_vals before after2 "apply --strict with an older drop-in"
	cmp "$TMP/r/orig.conf" "$TMP/r/after2.conf" || fail "the older drop-in was not restored byte for byte"
	assert_eq "$(hist_states hist)" "apply:rolled-back apply:rolled-back" history
}

# A dry run (like every read-only command) writes nothing at all, not even
# an empty transactions directory in an existing state directory.
test_dry_run_creates_nothing_in_state_dir() {
	sb '
T d apply web-frontend --dry-run
ls -A "$STATE" >"$R/state.ls"
T e explain net.ipv4.tcp_tw_reuse
ls -A "$STATE" >"$R/state2.ls"
'
	rc_is d 0 "apply --dry-run"
	listing_empty state.ls "apply --dry-run created in /var/lib/tcptune"
	rc_is e 0 explain
	listing_empty state2.ls "explain created in /var/lib/tcptune"
}

# The drop-in loads cleanly with systemd-sysctl too (sysctl -p is checked above):
# after a value is changed by hand, systemd-sysctl FILE puts it back.
test_dropin_loads_with_systemd_sysctl() {
	local sd="" p
	for p in /lib/systemd/systemd-sysctl /usr/lib/systemd/systemd-sysctl; do
		[ -x "$p" ] && sd=$p && break
	done
	[ -n "$sd" ] || skip "systemd-sysctl is not installed"
	require_sandbox
	for p in web-frontend nat-gateway squid-proxy load-balancer; do
		sandbox '
			'"$TCPTUNE"' apply '"$p"' >/dev/null 2>&1 || echo "apply failed"
			want=$(cat /proc/sys/net/ipv4/ip_local_port_range /proc/sys/net/ipv4/ip_forward | tr -s "\t\n" "  ")
			echo 32768 60999 > /proc/sys/net/ipv4/ip_local_port_range
			'"$sd"' /etc/sysctl.d/90-tcptune.conf 2>&1; echo "rc=$?"
			got=$(cat /proc/sys/net/ipv4/ip_local_port_range /proc/sys/net/ipv4/ip_forward | tr -s "\t\n" "  ")
			[ "$want" = "$got" ] && echo same || echo "differs: $want / $got"' >"$TMP/sd.out" 2>&1
		assert_not_contains "$TMP/sd.out" "apply failed"
		assert_contains "$TMP/sd.out" "rc=0"
		assert_contains "$TMP/sd.out" "same"
		assert_eq "$(grep -cv '^rc=0$\|^same$' "$TMP/sd.out")" 0 "$p: systemd-sysctl printed warnings: $(cat "$TMP/sd.out")"
	done
}

# A previous value that is empty (ip_local_reserved_ports' default) is
# restored by rollback: an empty write would be a no-op in the kernel.
test_rollback_restores_an_empty_value() {
	require_sandbox
	mkdir -p "$TMP/pd"
	cat >"$TMP/pd/rsv.yaml" <<'EOF'
name: rsv
description: reserve a port
settings:
  net.ipv4.ip_local_reserved_ports:
    value: "8080"
    why: a listener on 8080 must not be taken by an outgoing connection
EOF
	sandbox '
		printf "before=[%s]\n" "$(cat /proc/sys/net/ipv4/ip_local_reserved_ports)"
		'"$TCPTUNE"' apply --profile-dir '"$TMP/pd"' rsv >/dev/null 2>&1; echo "apply=$?"
		printf "applied=[%s]\n" "$(cat /proc/sys/net/ipv4/ip_local_reserved_ports)"
		'"$TCPTUNE"' rollback >/dev/null 2>&1; echo "rollback=$?"
		printf "after=[%s]\n" "$(cat /proc/sys/net/ipv4/ip_local_reserved_ports)"' >"$TMP/o" 2>&1
	assert_contains "$TMP/o" "before=[]"
	assert_contains "$TMP/o" "apply=0"
	assert_contains "$TMP/o" "applied=[8080]"
	assert_contains "$TMP/o" "rollback=0"
	assert_contains "$TMP/o" "after=[]"
}

# A snapshot is read back from disk: rollback checks it like untrusted input.
test_rollback_refuses_a_tampered_snapshot() {
	require_sandbox
	sandbox '
		'"$TCPTUNE"' apply web-frontend >/dev/null 2>&1; echo "apply=$?"
		f=$(ls /var/lib/tcptune/transactions/*.json | head -n1)
		cp "$f" /run/orig.json
		before=$(cat /proc/sys/net/ipv4/tcp_tw_reuse)
		/usr/bin/python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
d[\"changes\"][0][\"key\"] = \"kernel.core_pattern\"
json.dump(d, open(sys.argv[1], \"w\"))" "$f"
		'"$TCPTUNE"' rollback >/run/out1 2>&1; echo "key=$?"
		cp /run/orig.json "$f"
		/usr/bin/python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
d[\"dropin\"][\"existed\"] = True
d[\"dropin\"][\"previous_base64\"] = \"eA==\"
d[\"dropin\"][\"previous_mode\"] = 2559
json.dump(d, open(sys.argv[1], \"w\"))" "$f"
		'"$TCPTUNE"' rollback >/run/out2 2>&1; echo "mode=$?"
		echo "unchanged=$([ "$(cat /proc/sys/net/ipv4/tcp_tw_reuse)" = "$before" ] && echo yes)"
		echo "dropin=$(stat -c %a /etc/sysctl.d/90-tcptune.conf)"
		cat /run/out1 /run/out2' >"$TMP/o" 2>&1
	assert_contains "$TMP/o" "apply=0"
	assert_contains "$TMP/o" "key=1"
	assert_contains "$TMP/o" "mode=1"
	assert_contains "$TMP/o" "unchanged=yes"
	assert_contains "$TMP/o" "dropin=644"
	assert_contains "$TMP/o" "cannot be trusted"
	assert_contains "$TMP/o" "kernel.core_pattern"
}

# The drop-in is part of what was applied: changed since is drift for rollback,
# and a profile that replaces it says which keys no boot file sets any more.
test_dropin_drift_and_unpersisted_keys() {
	require_sandbox
	sandbox '
		T='"$TCPTUNE"'
		$T apply web-frontend >/dev/null 2>&1; echo "a=$?"
		$T apply nat-gateway >/dev/null 2>/run/nat.err; echo "b=$?"
		grep -c "keep their current values only until the next boot" /run/nat.err | sed "s/^/warned=/"
		grep -o "tcp_slow_start_after_idle" /run/nat.err | head -n1 | sed "s/^/names=/"
		echo "# edited by hand" >>/etc/sysctl.d/90-tcptune.conf
		$T rollback >/run/rb.out 2>&1; echo "rb=$?"
		grep -c "90-tcptune.conf: changed since" /run/rb.out | sed "s/^/drift=/"
		$T rollback --force >/dev/null 2>&1; echo "force=$?"' >"$TMP/o" 2>&1
	assert_contains "$TMP/o" "a=0"
	assert_contains "$TMP/o" "b=0"
	assert_contains "$TMP/o" "warned=1"
	assert_contains "$TMP/o" "names=tcp_slow_start_after_idle"
	assert_contains "$TMP/o" "rb=1"
	assert_contains "$TMP/o" "drift=1"
	assert_contains "$TMP/o" "force=0"
}

# A sysctl.d directory reached through a symlink is still one boot loads:
# the boot check compares files, not spellings, so --strict accepts it.
test_strict_accepts_a_symlinked_sysctl_d() {
	require_sandbox
	sandbox '
		mkdir -p /run/real && ln -s /run/real /run/sysctl.d
		'"$TCPTUNE"' apply web-frontend --dropin /run/sysctl.d/90-tcptune.conf --strict >/dev/null 2>/run/err
		echo "rc=$?"
		cat /run/err' >"$TMP/o" 2>&1
	assert_contains "$TMP/o" "rc=0"
	assert_not_contains "$TMP/o" "not in a sysctl.d directory"
}

# Rollback with nothing applied is a no-op, and --format json still gives JSON.
test_rollback_noop_json() {
	tt --state-dir "$TMP/none" rollback --format json
	assert_rc 0
	assert_eq "$(json "$TMP/out" "d['changed']")" false
	assert_eq "$(json "$TMP/out" "d['schema_version']")" 1
	[ ! -e "$TMP/none" ] || fail "rollback created the state directory"
}
