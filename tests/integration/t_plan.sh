# tcptune plan: the JSON contract, the text view, --detailed-exitcode, the
# sandbox (a child network namespace), bad inputs, user profiles and colour.
# Expectations that depend on the machine are read from /proc/sys at run time.

BUILTINS="web-frontend load-balancer squid-proxy nat-gateway"

# T ARGS...: tt with an empty configuration directory, so that a host's
# /etc/tcptune cannot change what is tested.
T() {
	tt --config-dir "$TMP/no-etc" "$@"
}

# py CODE ARGS...: run Python code (argv in sys.argv); its output on failure.
py() {
	local out
	out=$(/usr/bin/python3 -c "$1" "${@:2}" 2>&1) || fail "$out"
	[ -z "$out" ] || echo "$out"
}

# The JSON contract of `plan --format json` (docs: cmd_plan.c plan_json).
# argv: FILE PROFILE-NAME KERNEL-RELEASE
PLAN_CONTRACT='
import json, sys
d = json.load(open(sys.argv[1]))
name, release = sys.argv[2], sys.argv[3]
assert type(d["schema_version"]) is int and d["schema_version"] == 1, d["schema_version"]
assert d["profile"]["name"] == name, d["profile"]
assert d["kernel"]["release"] == release, d["kernel"]
assert isinstance(d["kernel"]["child_netns"], bool), d["kernel"]
assert isinstance(d["changes"], list) and d["changes"], "no changes[]"
keys = [c["key"] for c in d["changes"]]
assert len(keys) == len(set(keys)), "duplicate keys: %r" % keys
for c in d["changes"]:
    for f in ("key", "current", "desired", "action", "reason"):
        assert f in c, "%s lacks %s" % (c.get("key"), f)
    assert c["action"] in ("change", "keep", "skip"), c
    assert isinstance(c["reason"], str) and c["reason"], c
    if c["action"] == "skip":
        assert c["desired"] is None, c
    else:
        assert isinstance(c["current"], str) and isinstance(c["desired"], str), c
    if c["action"] == "change":
        assert c["current"] != c["desired"], "change with current == desired: %r" % c
    if c["action"] == "keep":
        assert c["current"] == c["desired"], "keep with current != desired: %r" % c
assert isinstance(d["findings"], list)
for f in d["findings"]:
    for k in ("id", "severity", "key", "message"):
        assert k in f, "finding lacks %s: %r" % (k, f)
    assert f["severity"] in ("error", "warning", "note"), f
    assert isinstance(f["id"], str) and len(f["id"]) == 5 and f["id"].startswith("TT"), f
    assert isinstance(f["message"], str) and f["message"], f
s = d["summary"]
assert set(s) == {"change", "keep", "skip"}, s
for a in ("change", "keep", "skip"):
    n = sum(1 for c in d["changes"] if c["action"] == a)
    assert s[a] == n, "summary %s=%r but %d counted" % (a, s[a], n)
'

# Every change/keep shows what ROOT (default /proc/sys) holds for the key,
# tabs as single spaces. argv: FILE ROOT
CURRENT_MATCHES_ROOT='
import json, os, sys
d = json.load(open(sys.argv[1]))
root = sys.argv[2]
checked = 0
for c in d["changes"]:
    path = os.path.join(root, c["key"].translate(str.maketrans("./", "/.")))
    if c["action"] == "skip":
        continue
    raw = open(path).read().rstrip("\n").replace("\t", " ")
    assert c["current"] == raw, "%s: current %r but %s holds %r" % (c["key"], c["current"], path, raw)
    checked += 1
print(checked)
'

# Keys, in order, of a resolved profile. argv: FILE (profile show --format json)
SHOW_KEYS='
import json, sys
print(" ".join(s["key"] for s in json.load(open(sys.argv[1]))["settings"]))
'

# fake_tree DIR PROFILE: a --proc-sys tree holding PROFILE's keys at exactly
# the values it asks for (value, else at_least, else at_most; vector fields
# separated by a TAB as the kernel prints them), plus netdev_max_backlog so
# the tree looks like an initial network namespace.
fake_tree() {
	T profile show "$2" --format json
	assert_rc 0
	py '
import json, os, sys
d = json.load(open(sys.argv[1]))
root = sys.argv[2]
for s in d["settings"]:
    v = s["value"] or s["at_least"] or s["at_most"]
    path = os.path.join(root, s["key"].replace(".", "/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "w").write("\t".join(v.split()) + "\n")
os.makedirs(os.path.join(root, "net/core"), exist_ok=True)
open(os.path.join(root, "net/core/netdev_max_backlog"), "w").write("1000\n")
' "$TMP/out" "$1"
}

# kver_ge X Y: the running kernel is at least X.Y
kver_ge() {
	local maj min
	IFS=. read -r maj min _ <<<"$(uname -r)"
	min=${min%%[!0-9]*}
	[ "$maj" -gt "$1" ] || { [ "$maj" -eq "$1" ] && [ "$min" -ge "$2" ]; }
}

# action_of FILE KEY: the action of KEY in a plan JSON
action_of() {
	json "$1" "[c['action'] for c in d['changes'] if c['key'] == '$2'][0]"
}

field_of() {
	json "$1" "[c['$3'] for c in d['changes'] if c['key'] == '$2'][0]"
}

# --- the host, read-only --------------------------------------------------

test_plan_every_builtin_json_contract_on_host() {
	local p n
	for p in $BUILTINS; do
		T plan "$p" --format json
		assert_rc 0 plan "$p" --format json
		cp "$TMP/out" "$TMP/$p.json"
		py "$PLAN_CONTRACT" "$TMP/$p.json" "$p" "$(uname -r)"
		assert_eq "$(json "$TMP/$p.json" "d['profile']['origin']")" built-in "$p origin"
		assert_eq "$(json "$TMP/$p.json" "d['kernel']['netns']")" "$(readlink /proc/self/ns/net)" "$p kernel.netns"
		# the plan covers exactly the resolved profile's keys, in its order
		T profile show "$p" --format json
		assert_rc 0
		assert_eq "$(json "$TMP/$p.json" "' '.join(c['key'] for c in d['changes'])")" \
			"$(py "$SHOW_KEYS" "$TMP/out")" "$p keys"
		# current is what /proc/sys holds; a key absent there is skipped
		n=$(py "$CURRENT_MATCHES_ROOT" "$TMP/$p.json" /proc/sys)
		assert_eq "$(json "$TMP/$p.json" "d['summary']['change'] + d['summary']['keep']")" "$n" "$p keys compared"
		json "$TMP/$p.json" "[c['key'] for c in d['changes'] if c['current'] is None and c['action'] != 'skip']" >"$TMP/bad"
		assert_eq "$(cat "$TMP/bad")" "[]" "$p: unreadable keys not skipped"
	done
}

test_plan_host_child_netns_follows_netdev_max_backlog() {
	# kernel-knobs.md fact 9: netdev_max_backlog is absent in every child netns
	local expect=true
	[ -e /proc/sys/net/core/netdev_max_backlog ] && expect=false
	T plan web-frontend --format json
	assert_rc 0
	assert_eq "$(json "$TMP/out" "d['kernel']['child_netns']")" "$expect" child_netns
}

test_plan_every_builtin_text_matches_json() {
	local p
	for p in $BUILTINS; do
		T plan "$p" --format json
		assert_rc 0
		cp "$TMP/out" "$TMP/plan.json"
		T plan "$p"
		assert_rc 0 plan "$p"
		assert_eq "$(head -n1 "$TMP/out" | cut -d: -f1)" "Profile $p" "$p first line"
		assert_contains "$TMP/out" "kernel $(uname -r), network namespace "
		py '
import json, re, sys
d = json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read()
lines = text.splitlines()
for c in d["changes"]:
    pat = re.compile(r"^%s\s+%s(\s|$)" % (c["action"], re.escape(c["key"])))
    hits = [l for l in lines if pat.match(l)]
    assert len(hits) == 1, "no single line %r for %s in the text" % (pat.pattern, c["key"])
    if c["action"] == "change":
        assert "%s -> %s" % (c["current"], c["desired"]) in hits[0], hits[0]
    elif c["action"] == "keep":
        assert hits[0].split(None, 2)[2].startswith(c["current"]), hits[0]
    else:
        assert c["reason"] in hits[0] or c["reason"] in text, c["reason"]
s = d["summary"]
want = "%d to change, %d already as desired, %d skipped." % (s["change"], s["keep"], s["skip"])
assert want in lines, "no summary line %r" % want
' "$TMP/plan.json" "$TMP/out"
		assert_not_contains "$TMP/out" $'\t'
	done
}

test_plan_host_detailed_exitcode_matches_summary() {
	local p want
	for p in $BUILTINS; do
		T plan "$p" --format json
		assert_rc 0
		want=0
		[ "$(json "$TMP/out" "d['summary']['change']")" -gt 0 ] && want=2
		T plan "$p" --detailed-exitcode
		assert_rc "$want" plan "$p" --detailed-exitcode
		T plan "$p" --detailed-exitcode --format json
		assert_rc "$want" plan "$p" --detailed-exitcode --format json
		json "$TMP/out" "d['schema_version']" >/dev/null
	done
}

# --- --detailed-exitcode on a fake /proc/sys --------------------------------

test_plan_detailed_exitcode_fake_tree_all_desired_is_0() {
	local n
	fake_tree "$TMP/sys" web-frontend
	n=$(json "$TMP/out" "len(d['settings'])")
	T --proc-sys "$TMP/sys" plan web-frontend --detailed-exitcode
	assert_rc 0 plan web-frontend --detailed-exitcode on a tree with every desired value
	assert_contains "$TMP/out" "0 to change, $n already as desired, 0 skipped."
	T plan web-frontend --proc-sys "$TMP/sys" --detailed-exitcode --format json
	assert_rc 0
	py "$PLAN_CONTRACT" "$TMP/out" web-frontend "$(uname -r)"
	assert_eq "$(json "$TMP/out" "sorted(set(c['action'] for c in d['changes']))")" '["keep"]' actions
	assert_eq "$(json "$TMP/out" "d['kernel']['child_netns']")" false "child_netns of a tree with netdev_max_backlog"
	assert_eq "$(py "$CURRENT_MATCHES_ROOT" "$TMP/out" "$TMP/sys")" "$n" "keys compared with the tree"
	assert_eq "$(field_of "$TMP/out" net.ipv4.ip_local_port_range current)" "10000 65535" "vector current"
}

test_plan_detailed_exitcode_fake_tree_one_differs_is_2() {
	fake_tree "$TMP/sys" web-frontend
	echo 2 >"$TMP/sys/net/ipv4/tcp_tw_reuse"
	T --proc-sys "$TMP/sys" plan web-frontend --detailed-exitcode
	assert_rc 2 plan --detailed-exitcode with tcp_tw_reuse=2
	T --proc-sys "$TMP/sys" plan web-frontend --detailed-exitcode --format json
	assert_rc 2
	assert_eq "$(json "$TMP/out" "d['summary']")" '{"change": 1, "keep": 5, "skip": 0}' summary
	assert_eq "$(action_of "$TMP/out" net.ipv4.tcp_tw_reuse)" change action
	assert_eq "$(field_of "$TMP/out" net.ipv4.tcp_tw_reuse current)" 2 current
	assert_eq "$(field_of "$TMP/out" net.ipv4.tcp_tw_reuse desired)" 1 desired
	# without the flag the same plan exits 0
	T --proc-sys "$TMP/sys" plan web-frontend
	assert_rc 0
}

test_plan_at_least_keeps_higher_and_raises_lower() {
	fake_tree "$TMP/sys" web-frontend
	echo 8192 >"$TMP/sys/net/core/somaxconn"
	T --proc-sys "$TMP/sys" plan web-frontend --detailed-exitcode --format json
	assert_rc 0 "somaxconn 8192 satisfies at_least 4096"
	assert_eq "$(action_of "$TMP/out" net.core.somaxconn)" keep action
	assert_eq "$(field_of "$TMP/out" net.core.somaxconn desired)" 8192 desired
	assert_eq "$(field_of "$TMP/out" net.core.somaxconn requested)" ">= 4096" requested
	echo 128 >"$TMP/sys/net/core/somaxconn"
	T --proc-sys "$TMP/sys" plan web-frontend --detailed-exitcode --format json
	assert_rc 2
	assert_eq "$(action_of "$TMP/out" net.core.somaxconn)" change action
	assert_eq "$(field_of "$TMP/out" net.core.somaxconn current)" 128 current
	assert_eq "$(field_of "$TMP/out" net.core.somaxconn desired)" 4096 desired
}

test_plan_detailed_exitcode_invalid_profile_is_1() {
	fake_tree "$TMP/sys" web-frontend
	printf 'name: broken\ndescription: d\nsettings:\n  net.ipv4.tcp_fin_timout:\n    value: 30\n    why: typo\n' >"$TMP/broken.yaml"
	T --proc-sys "$TMP/sys" plan "$TMP/broken.yaml" --detailed-exitcode
	assert_rc 1 plan --detailed-exitcode broken.yaml
	assert_eq "$(wc -c <"$TMP/out")" 0 "stdout of an invalid plan"
	# an unknown profile name is an error too, not "changes pending"
	T --proc-sys "$TMP/sys" plan no-such-profile --detailed-exitcode
	assert_rc 1 plan --detailed-exitcode no-such-profile
	T --proc-sys "$TMP/sys" plan --detailed-exitcode
	assert_rc 1 plan --detailed-exitcode without a profile
}

test_plan_detailed_exitcode_usage_errors_are_1() {
	# "with --detailed-exitcode: 0 no changes, 1 error, 2 changes"
	T plan --detailed-exitcode web-frontend extra
	assert_rc 1 plan --detailed-exitcode web-frontend extra
	T plan --detailed-exitcode --format yaml web-frontend
	assert_rc 1 plan --detailed-exitcode --format yaml web-frontend
	T plan --detailed-exitcode --no-such-option web-frontend
	assert_rc 1 plan --detailed-exitcode --no-such-option web-frontend
}

test_plan_fake_tree_absent_key_is_skipped() {
	fake_tree "$TMP/sys" web-frontend
	rm "$TMP/sys/net/ipv4/tcp_slow_start_after_idle"
	T --proc-sys "$TMP/sys" plan web-frontend --format json --detailed-exitcode
	assert_rc 0 "an absent key is skipped, not a change"
	py "$PLAN_CONTRACT" "$TMP/out" web-frontend "$(uname -r)"
	assert_eq "$(action_of "$TMP/out" net.ipv4.tcp_slow_start_after_idle)" skip action
	assert_eq "$(field_of "$TMP/out" net.ipv4.tcp_slow_start_after_idle reason)" "absent on this kernel" reason
	assert_eq "$(field_of "$TMP/out" net.ipv4.tcp_slow_start_after_idle current)" null current
	assert_eq "$(json "$TMP/out" "d['summary']")" '{"change": 0, "keep": 5, "skip": 1}' summary
	T --proc-sys "$TMP/sys" plan web-frontend
	assert_rc 0
	grep -qE '^skip +net\.ipv4\.tcp_slow_start_after_idle +absent on this kernel$' "$TMP/out" ||
		fail "no skip line for tcp_slow_start_after_idle: $(cat "$TMP/out")"
}

test_plan_missing_proc_sys_root_is_an_error() {
	# a --proc-sys directory that does not exist is unreadable kernel state
	# (exit 1), not a kernel on which every key is absent
	T --proc-sys "$TMP/does-not-exist" plan web-frontend --detailed-exitcode
	assert_rc 1 plan --proc-sys MISSING --detailed-exitcode
	T --proc-sys "$TMP/does-not-exist" plan web-frontend
	assert_rc 1 plan --proc-sys MISSING
}

# --- the sandbox: a child network namespace --------------------------------

test_sandbox_plan_child_namespace_defaults() {
	require_sandbox
	local want_somaxconn=128
	kver_ge 5 4 && want_somaxconn=4096
	sandbox "$TCPTUNE --config-dir /nonexistent plan web-frontend --format json" >"$TMP/out" 2>"$TMP/err" ||
		fail "sandbox plan failed: $(cat "$TMP/err")"
	py "$PLAN_CONTRACT" "$TMP/out" web-frontend "$(uname -r)"
	assert_eq "$(json "$TMP/out" "d['kernel']['child_netns']")" true child_netns
	assert_eq "$(field_of "$TMP/out" net.core.somaxconn current)" "$want_somaxconn" "somaxconn in a new netns"
	[ "$(json "$TMP/out" "d['kernel']['netns']")" != "$(readlink /proc/self/ns/net)" ] ||
		fail "the sandbox plan reports the host's network namespace"
}

test_sandbox_plan_global_knobs_skipped() {
	require_sandbox
	local p n
	for p in load-balancer nat-gateway; do
		T profile show "$p" --format json
		assert_rc 0
		n=$(json "$TMP/out" "sum(1 for s in d['settings'] if s['key'] == 'net.core.netdev_max_backlog')")
		sandbox "$TCPTUNE --config-dir /nonexistent plan $p --format json" >"$TMP/out" 2>"$TMP/err" ||
			fail "sandbox plan $p failed: $(cat "$TMP/err")"
		py "$PLAN_CONTRACT" "$TMP/out" "$p" "$(uname -r)"
		[ "$n" = 1 ] || continue
		assert_eq "$(action_of "$TMP/out" net.core.netdev_max_backlog)" skip "$p netdev_max_backlog"
		field_of "$TMP/out" net.core.netdev_max_backlog reason >"$TMP/reason"
		assert_contains "$TMP/reason" "network namespace"
		assert_eq "$(field_of "$TMP/out" net.core.netdev_max_backlog current)" null "$p netdev_max_backlog current"
	done
	# nf_conntrack_max is read-only in a child netns since 5.13 (fact 9)
	if [ -e /proc/sys/net/netfilter/nf_conntrack_max ] && kver_ge 5 13; then
		assert_eq "$(action_of "$TMP/out" net.netfilter.nf_conntrack_max)" skip "nf_conntrack_max"
		field_of "$TMP/out" net.netfilter.nf_conntrack_max reason >"$TMP/reason"
		assert_contains "$TMP/reason" "read-only"
	fi
}

test_sandbox_plan_sees_writes() {
	require_sandbox
	sandbox "echo 1 > /proc/sys/net/ipv4/tcp_tw_reuse
		echo 100 > /proc/sys/net/core/somaxconn
		$TCPTUNE --config-dir /nonexistent plan web-frontend --format json" >"$TMP/out" 2>"$TMP/err" ||
		fail "sandbox failed: $(cat "$TMP/err")"
	py "$PLAN_CONTRACT" "$TMP/out" web-frontend "$(uname -r)"
	assert_eq "$(action_of "$TMP/out" net.ipv4.tcp_tw_reuse)" keep "tcp_tw_reuse after writing 1"
	assert_eq "$(field_of "$TMP/out" net.ipv4.tcp_tw_reuse current)" 1 "tcp_tw_reuse current"
	assert_eq "$(action_of "$TMP/out" net.core.somaxconn)" change "somaxconn after writing 100"
	assert_eq "$(field_of "$TMP/out" net.core.somaxconn current)" 100 "somaxconn current"
	assert_eq "$(field_of "$TMP/out" net.core.somaxconn desired)" 4096 "somaxconn desired"
}

test_sandbox_current_matches_namespace_proc_sys() {
	require_sandbox
	local keys k script
	T profile show web-frontend --format json
	assert_rc 0
	keys=$(py "$SHOW_KEYS" "$TMP/out")
	script="$TCPTUNE --config-dir /nonexistent plan web-frontend --format json >/run/plan.json || exit 1
		cat /run/plan.json; echo '@@'"
	for k in $keys; do
		script="$script
		printf '%s=' $k; tr '\\t' ' ' 2>/dev/null </proc/sys/$(echo "$k" | tr . /) || echo"
	done
	sandbox "$script" >"$TMP/all" 2>"$TMP/err" || fail "sandbox failed: $(cat "$TMP/err")"
	sed '/^@@$/,$d' "$TMP/all" >"$TMP/plan.json"
	sed '1,/^@@$/d' "$TMP/all" >"$TMP/values"
	py '
import json, sys
d = json.load(open(sys.argv[1]))
vals = dict(l.rstrip("\n").split("=", 1) for l in open(sys.argv[2]) if "=" in l)
n = 0
for c in d["changes"]:
    if c["action"] == "skip":
        assert vals.get(c["key"], "") == "", "%s skipped but present: %r" % (c["key"], c)
        continue
    assert c["current"] == vals[c["key"]], "%s: current %r, namespace has %r" % (c["key"], c["current"], vals[c["key"]])
    n += 1
assert n > 0, "nothing compared"
' "$TMP/plan.json" "$TMP/values"
}

test_sandbox_detailed_exitcode_after_applying_by_hand() {
	require_sandbox
	sandbox "echo 4096 > /proc/sys/net/core/somaxconn
		echo 1 > /proc/sys/net/ipv4/tcp_syncookies
		echo 1 > /proc/sys/net/ipv4/tcp_timestamps
		echo 1 > /proc/sys/net/ipv4/tcp_tw_reuse
		echo '10000 65535' > /proc/sys/net/ipv4/ip_local_port_range
		echo 0 > /proc/sys/net/ipv4/tcp_slow_start_after_idle
		$TCPTUNE --config-dir /nonexistent plan web-frontend --detailed-exitcode >/dev/null; echo rc=\$?
		echo 2 > /proc/sys/net/ipv4/tcp_tw_reuse
		$TCPTUNE --config-dir /nonexistent plan web-frontend --detailed-exitcode >/dev/null; echo rc=\$?" \
		>"$TMP/out" 2>"$TMP/err"
	assert_eq "$(tr '\n' ' ' <"$TMP/out")" "rc=0 rc=2 " "exit codes after sysctl -w of every desired value, then one undone"
}

# --- bad inputs -------------------------------------------------------------

test_plan_unknown_profile_suggests() {
	T plan web-frontned
	assert_rc 2 plan web-frontned
	assert_contains "$TMP/err" "no profile named 'web-frontned'"
	assert_contains "$TMP/err" "did you mean 'web-frontend'?"
	assert_eq "$(wc -c <"$TMP/out")" 0 stdout
	T plan zzzzzzzzzzzzzzzzzzzz
	assert_rc 2
	assert_contains "$TMP/err" "no profile named 'zzzzzzzzzzzzzzzzzzzz'"
	assert_not_contains "$TMP/err" "did you mean"
}

test_plan_missing_profile_path() {
	T plan "$TMP/nowhere/edge.yaml"
	[ "$rc" -ne 0 ] || fail "plan of a missing file exited 0"
	assert_contains "$TMP/err" "$TMP/nowhere/edge.yaml"
	assert_contains "$TMP/err" "No such file or directory"
	assert_eq "$(wc -c <"$TMP/out")" 0 stdout
	T plan edge.yaml
	[ "$rc" -ne 0 ] || fail "plan of a missing edge.yaml exited 0"
	assert_contains "$TMP/err" "edge.yaml"
}

test_plan_unknown_key_in_profile_file_line_col() {
	cat >"$TMP/typo.yaml" <<'EOF'
name: typo
description: a profile with a misspelt key
settings:
  net.ipv4.tcp_syncookies:
    value: 1
    why: keep cookies on
  net.ipv4.tcp_fin_timout:
    value: 30
    why: misspelt
EOF
	T plan "$TMP/typo.yaml"
	assert_rc 1 plan typo.yaml
	assert_contains "$TMP/err" "$TMP/typo.yaml:7:3: error: unknown key 'net.ipv4.tcp_fin_timout'"
	assert_contains "$TMP/err" "did you mean 'net.ipv4.tcp_fin_timeout'"
	assert_eq "$(wc -c <"$TMP/out")" 0 stdout
	T plan "$TMP/typo.yaml" --format json
	assert_rc 1
	assert_eq "$(wc -c <"$TMP/out")" 0 "stdout (json)"
}

test_plan_refuses_tcp_tw_recycle() {
	local v
	for v in 0 1; do
		printf 'name: recycle\ndescription: d\nsettings:\n  net.ipv4.tcp_tw_recycle:\n    value: %s\n    why: folklore\n' "$v" >"$TMP/recycle.yaml"
		T plan "$TMP/recycle.yaml"
		assert_rc 1 plan recycle.yaml with value "$v"
		assert_contains "$TMP/err" "$TMP/recycle.yaml:4:3: error: net.ipv4.tcp_tw_recycle is refused"
		assert_eq "$(wc -c <"$TMP/out")" 0 stdout
	done
	# also under --profile-dir, by name
	mkdir "$TMP/pd"
	cp "$TMP/recycle.yaml" "$TMP/pd/recycle.yaml"
	T plan --profile-dir "$TMP/pd" recycle
	assert_rc 1
	assert_contains "$TMP/err" "tcp_tw_recycle is refused"
}

test_plan_usage_errors() {
	T plan
	assert_rc 2 plan
	assert_contains "$TMP/err" "which profile?"
	assert_eq "$(wc -c <"$TMP/out")" 0 stdout
	T plan web-frontend load-balancer
	assert_rc 2 plan two profiles
	assert_contains "$TMP/err" "one profile at a time"
	T plan --no-such-option web-frontend
	assert_rc 2 plan --no-such-option
	assert_contains "$TMP/err" "Try 'tcptune plan --help'."
	T plan --format yaml web-frontend
	assert_rc 2 plan --format yaml
	assert_contains "$TMP/err" "unknown format 'yaml'"
	assert_eq "$(wc -c <"$TMP/out")" 0 stdout
	T plan web-frontend --format
	assert_rc 2 plan --format without a value
	T --no-such-global plan web-frontend
	assert_rc 2 --no-such-global
	T plan web-frontend --color sometimes
	assert_rc 2 --color sometimes
	T plan --help
	assert_rc 0 plan --help
	assert_contains "$TMP/out" "Usage: tcptune plan"
}

# --- user profiles ----------------------------------------------------------

test_plan_user_profile_shadows_builtin() {
	mkdir "$TMP/pd"
	cat >"$TMP/pd/web-frontend.yaml" <<'EOF'
name: web-frontend
description: a local web-frontend that replaces the built-in one
settings:
  net.ipv4.tcp_fin_timeout:
    value: 30
    why: local policy
EOF
	T plan --profile-dir "$TMP/pd" web-frontend --format json
	assert_rc 0
	py "$PLAN_CONTRACT" "$TMP/out" web-frontend "$(uname -r)"
	assert_eq "$(json "$TMP/out" "d['profile']['file']")" "$TMP/pd/web-frontend.yaml" file
	assert_eq "$(json "$TMP/out" "d['profile']['origin']")" "$TMP/pd" origin
	assert_eq "$(json "$TMP/out" "d['profile']['description']")" "a local web-frontend that replaces the built-in one" description
	assert_eq "$(json "$TMP/out" "[c['key'] for c in d['changes']]")" '["net.ipv4.tcp_fin_timeout"]' keys
	assert_eq "$(field_of "$TMP/out" net.ipv4.tcp_fin_timeout desired)" 30 desired
	# CONFIG_DIR/profiles shadows the built-in too
	mkdir -p "$TMP/etc/profiles"
	cp "$TMP/pd/web-frontend.yaml" "$TMP/etc/profiles/"
	tt --config-dir "$TMP/etc" plan web-frontend --format json
	assert_rc 0
	assert_eq "$(json "$TMP/out" "d['profile']['file']")" "$TMP/etc/profiles/web-frontend.yaml" "file from CONFIG_DIR"
	# without either, the built-in
	T plan web-frontend --format json
	assert_eq "$(json "$TMP/out" "d['profile']['origin']")" built-in origin
}

test_plan_user_profile_extends_builtin() {
	local base
	mkdir "$TMP/pd"
	cat >"$TMP/pd/edge.yaml" <<'EOF'
name: edge
description: TLS edge servers
extends: web-frontend
context:
  forwards_traffic: false
settings:
  net.core.somaxconn:
    at_least: 8192
    why: nginx listens with backlog 8192
  net.ipv4.tcp_fin_timeout:
    value: 30
    why: local policy
EOF
	T profile show web-frontend --format json
	base=$(py "$SHOW_KEYS" "$TMP/out")
	T plan --profile-dir "$TMP/pd" edge --format json
	assert_rc 0 plan edge
	py "$PLAN_CONTRACT" "$TMP/out" edge "$(uname -r)"
	assert_eq "$(json "$TMP/out" "d['profile']['extends_chain']")" '["web-frontend", "edge"]' extends_chain
	assert_eq "$(json "$TMP/out" "' '.join(c['key'] for c in d['changes'])")" "$base net.ipv4.tcp_fin_timeout" keys
	assert_eq "$(field_of "$TMP/out" net.core.somaxconn requested)" ">= 8192" "somaxconn overridden"
	assert_eq "$(field_of "$TMP/out" net.core.somaxconn from_profile)" edge "somaxconn from"
	assert_eq "$(field_of "$TMP/out" net.ipv4.tcp_tw_reuse from_profile)" web-frontend "tcp_tw_reuse from"
	assert_eq "$(field_of "$TMP/out" net.ipv4.tcp_fin_timeout from_profile)" edge "tcp_fin_timeout from"
	assert_eq "$(json "$TMP/out" "d['profile']['context']")" '{"clients_behind_nat": true, "forwards_traffic": false}' context
	# the same file by path
	T plan "$TMP/pd/edge.yaml" --format json
	assert_rc 0 plan edge.yaml by path
	assert_eq "$(json "$TMP/out" "len(d['changes'])")" 7 "changes by path"
	T plan --profile-dir "$TMP/pd" edge
	assert_rc 0
	assert_contains "$TMP/out" "(extends: web-frontend -> edge)"
}

test_plan_extends_missing_or_cycle() {
	mkdir "$TMP/pd"
	printf 'name: a\ndescription: d\nextends: b\nsettings:\n' >"$TMP/pd/a.yaml"
	printf 'name: b\ndescription: d\nextends: a\nsettings:\n' >"$TMP/pd/b.yaml"
	printf 'name: c\ndescription: d\nextends: nothing-here\nsettings:\n' >"$TMP/pd/c.yaml"
	T plan --profile-dir "$TMP/pd" a
	assert_rc 1 plan a with a cycle
	assert_contains "$TMP/err" "extends cycle: a -> b -> a"
	T plan --profile-dir "$TMP/pd" c
	assert_rc 1 plan c extending a missing profile
	assert_contains "$TMP/err" "extends 'nothing-here', which does not exist"
}

# --- colour -----------------------------------------------------------------

test_plan_color() {
	T --color=always plan web-frontend
	assert_rc 0
	grep -q $'\e\\[' "$TMP/out" || fail "--color=always: no ESC[ in the output"
	T plan web-frontend --color always
	assert_rc 0
	grep -q $'\e\\[' "$TMP/out" || fail "plan --color always: no ESC[ in the output"
	T plan web-frontend
	assert_rc 0
	! grep -q $'\e' "$TMP/out" || fail "default colour on a pipe has escape sequences"
	T --color=never plan web-frontend
	! grep -q $'\e' "$TMP/out" || fail "--color=never has escape sequences"
	# JSON is never coloured
	T --color=always plan web-frontend --format json
	assert_rc 0
	! grep -q $'\e' "$TMP/out" || fail "JSON with --color=always has escape sequences"
	assert_eq "$(json "$TMP/out" "d['profile']['name']")" web-frontend
}

# getopt accepts --detailed for --detailed-exitcode: its exit codes apply too.
test_plan_detailed_abbreviation_maps_usage_errors() {
	tt plan --detailed --format yaml web-frontend
	assert_rc 1
	tt plan --detailed web-frontned
	assert_rc 1
}
