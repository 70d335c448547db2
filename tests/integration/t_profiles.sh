# tcptune profiles / profile show / profile validate / selfcheck, and
# CONFIG_DIR overrides of the knob catalog.

T() {
	tt --config-dir "$TMP/no-etc" "$@"
}

py() {
	local out
	out=$(/usr/bin/python3 -c "$1" "${@:2}" 2>&1) || fail "$out"
	[ -z "$out" ] || echo "$out"
}

# The built-in profiles are the files in $REPO/profiles.
builtin_names() {
	local f
	for f in "$REPO"/profiles/*.yaml; do
		basename "$f" .yaml
	done | sort
}

test_profiles_lists_builtins_json() {
	local names
	names=$(builtin_names | tr '\n' ' ')
	assert_eq "$(builtin_names | wc -l)" 4 "built-in profile files"
	T profiles --format json
	assert_rc 0 profiles --format json
	assert_eq "$(json "$TMP/out" "d['schema_version']")" 1 schema_version
	assert_eq "$(json "$TMP/out" "' '.join(sorted(p['name'] for p in d['profiles'])) + ' '")" "$names" names
	assert_eq "$(json "$TMP/out" "sorted(set(p['origin'] for p in d['profiles']))")" '["built-in"]' origins
	assert_eq "$(json "$TMP/out" "all(p['valid'] and not p['shadowed'] for p in d['profiles'])")" true "valid, not shadowed"
	assert_eq "$(json "$TMP/out" "all(p['path'] == 'profiles/%s.yaml' % p['name'] for p in d['profiles'])")" true paths
	cp "$TMP/out" "$TMP/list.json"
	# each description is the profile's own
	for n in $names; do
		T profile show "$n" --format json
		assert_eq "$(json "$TMP/list.json" "[p['description'] for p in d['profiles'] if p['name'] == '$n'][0]")" \
			"$(json "$TMP/out" "d['profile']['description']")" "$n description"
	done
}

test_profiles_lists_builtins_text() {
	local n desc
	T profiles
	assert_rc 0 profiles
	grep -qE '^NAME +SOURCE +DESCRIPTION$' "$TMP/out" || fail "no header: $(cat "$TMP/out")"
	for n in $(builtin_names); do
		T profile show "$n" --format json
		desc=$(json "$TMP/out" "d['profile']['description']")
		T profiles
		grep -qE "^$n +built-in +" "$TMP/out" || fail "no built-in line for $n: $(cat "$TMP/out")"
		grep -E "^$n " "$TMP/out" | grep -qF "$desc" || fail "$n line lacks its description"
	done
	assert_eq "$(grep -cE '^[a-z0-9-]+ +(built-in|user) ' "$TMP/out")" 4 "profile lines"
	! grep -q '\[shadowed\]$' "$TMP/out" || fail "a built-in is shadowed without a user profile"
}

test_profiles_user_dir_shadows_builtin() {
	mkdir "$TMP/pd"
	sed 's/^description: .*/description: local copy/' "$REPO/profiles/web-frontend.yaml" >"$TMP/pd/web-frontend.yaml"
	T profiles --profile-dir "$TMP/pd" --format json
	assert_rc 0
	assert_eq "$(json "$TMP/out" "len(d['profiles'])")" 5 "entries"
	assert_eq "$(json "$TMP/out" "[(p['origin'], p['shadowed'], p['description']) for p in d['profiles'] if p['name'] == 'web-frontend']")" \
		"[[\"$TMP/pd\", false, \"local copy\"], [\"built-in\", true, \"HTTP(S) servers such as nginx that accept many client connections and proxy them to upstreams on other hosts\"]]" \
		"web-frontend entries"
	assert_eq "$(json "$TMP/out" "d['profiles'][0]['path']")" "$TMP/pd/web-frontend.yaml" "first entry path"
	assert_eq "$(json "$TMP/out" "[p['name'] for p in d['profiles'] if p['shadowed']]")" '["web-frontend"]' "shadowed"
	T profiles --profile-dir "$TMP/pd"
	assert_rc 0
	grep -qE '^web-frontend +user +local copy$' "$TMP/out" || fail "no user line: $(cat "$TMP/out")"
	grep -qE '^web-frontend +built-in +.*  \[shadowed\]$' "$TMP/out" || fail "built-in not marked shadowed: $(cat "$TMP/out")"
	assert_contains "$TMP/out" "$TMP/pd/web-frontend.yaml"
	assert_eq "$(grep -c '\[shadowed\]$' "$TMP/out")" 1 "shadowed lines"
}

test_profiles_invalid_user_profile_listed_invalid() {
	mkdir "$TMP/pd"
	printf 'name: broken\ndescription: d\nsettings:\n  net.core.somaxconn: {value: 1}\n' >"$TMP/pd/broken.yaml"
	T profiles --profile-dir "$TMP/pd" --format json
	assert_rc 0
	assert_eq "$(json "$TMP/out" "[(p['valid'], p['description']) for p in d['profiles'] if p['name'] == 'broken']")" '[[false, null]]' broken
}

# round trip: `profile show NAME` is YAML that `profile validate` accepts and
# that resolves to the same settings
test_profile_show_yaml_round_trip() {
	local n
	mkdir "$TMP/rt"
	for n in $(builtin_names); do
		T profile show "$n"
		assert_rc 0 profile show "$n"
		cp "$TMP/out" "$TMP/rt/$n.yaml"
		/usr/bin/python3 -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); assert "extends" not in d and d["settings"], d' "$TMP/rt/$n.yaml" 2>/dev/null ||
			{ /usr/bin/python3 -c 'import yaml' 2>/dev/null && fail "$n: show output is not a flat YAML profile"; }
		T profile validate "$TMP/rt/$n.yaml"
		assert_rc 0 profile validate "$n.yaml"
		assert_contains "$TMP/out" "1 file checked: 0 errors, 0 warnings."
		T profile show "$n" --format json
		cp "$TMP/out" "$TMP/a.json"
		T profile show "$TMP/rt/$n.yaml" --format json
		assert_rc 0
		py '
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
strip = lambda d: [(s["key"], s["value"], s["at_least"], s["at_most"], s["why"]) for s in d["settings"]]
assert strip(a) == strip(b), (strip(a), strip(b))
assert a["profile"]["name"] == b["profile"]["name"]
assert a["profile"]["description"] == b["profile"]["description"]
assert a["profile"]["context"] == b["profile"]["context"], (a["profile"]["context"], b["profile"]["context"])
' "$TMP/a.json" "$TMP/out"
	done
	# nat-gateway in particular
	assert_contains "$TMP/rt/nat-gateway.yaml" "name: nat-gateway"
	assert_contains "$TMP/rt/nat-gateway.yaml" "net.ipv4.ip_forward:"
}

test_profile_show_json_from_profile() {
	T profile show nat-gateway --format json
	assert_rc 0
	assert_eq "$(json "$TMP/out" "d['schema_version']")" 1 schema_version
	assert_eq "$(json "$TMP/out" "d['profile']['name']")" nat-gateway name
	assert_eq "$(json "$TMP/out" "d['profile']['extends_chain']")" '["nat-gateway"]' chain
	assert_eq "$(json "$TMP/out" "sorted(set(s['from_profile'] for s in d['settings']))")" '["nat-gateway"]' from_profile
	assert_eq "$(json "$TMP/out" "[s['value'] for s in d['settings'] if s['key'] == 'net.ipv4.ip_forward']")" '["1"]' ip_forward
	assert_eq "$(json "$TMP/out" "all(s['file'] == 'profiles/nat-gateway.yaml' and s['line'] > 0 and s['why'] for s in d['settings'])")" true "file/line/why"
}

test_profile_show_child_includes_parent() {
	local p parent_keys
	T profile show web-frontend --format json
	parent_keys=$(json "$TMP/out" "' '.join(s['key'] for s in d['settings'])")
	for p in load-balancer squid-proxy; do
		T profile show "$p" --format json
		assert_rc 0
		assert_eq "$(json "$TMP/out" "d['profile']['extends_chain']")" "[\"web-frontend\", \"$p\"]" "$p chain"
		py '
import json, sys
d = json.load(open(sys.argv[1])); child = sys.argv[2]; parent = sys.argv[3].split()
keys = [s["key"] for s in d["settings"]]
assert keys[:len(parent)] == parent, (keys, parent)
own = {"net.core.somaxconn"} | {k for k in keys if k not in parent}
for s in d["settings"]:
    want = child if s["key"] in own else "web-frontend"
    assert s["from_profile"] == want, (s["key"], s["from_profile"], want)
som = [s for s in d["settings"] if s["key"] == "net.core.somaxconn"][0]
assert som["at_least"] == "16384", som
' "$TMP/out" "$p" "$parent_keys"
		T profile show "$p"
		assert_rc 0
		head -n1 "$TMP/out" >"$TMP/head"
		assert_contains "$TMP/head" "from web-frontend -> $p"
		for k in $parent_keys; do
			assert_contains "$TMP/out" "  $k:"
		done
		assert_not_contains "$TMP/out" "extends:"
	done
}

test_profile_validate_builtin_files() {
	T profile validate "$REPO"/profiles/*.yaml
	assert_rc 0 profile validate profiles/*.yaml
	assert_contains "$TMP/out" "4 files checked: 0 errors, 0 warnings."
	T profile validate "$REPO"/profiles/*.yaml --format json
	assert_rc 0
	assert_eq "$(json "$TMP/out" "[d['valid'], d['problems']]")" '[true, []]' "json"
}

test_profile_validate_bad_file_every_problem() {
	cat >"$TMP/multi.yaml" <<'EOF'
name: multi
description: several problems at once
settings:
  net.ipv4.tcp_fin_timout:
    value: 30
    why: typo in the key
  net.ipv4.tcp_tw_reuse:
    value: 7
    why: outside the kernel's bounds
  net.core.somaxconn:
    at_least: 4096
  net.ipv4.tcp_syncookies:
    value: 1
    why: fine
    reason: unknown field
EOF
	T profile validate "$TMP/multi.yaml"
	assert_rc 1 profile validate multi.yaml
	assert_contains "$TMP/out" "$TMP/multi.yaml:4:3: error: unknown key 'net.ipv4.tcp_fin_timout' (did you mean 'net.ipv4.tcp_fin_timeout'?)"
	assert_contains "$TMP/out" "$TMP/multi.yaml:8:12: error: net.ipv4.tcp_tw_reuse: value '7' is invalid"
	assert_contains "$TMP/out" "$TMP/multi.yaml:11:5: error: net.core.somaxconn: every setting needs 'why'"
	assert_contains "$TMP/out" "$TMP/multi.yaml:15:5: error: unknown field 'reason'"
	assert_contains "$TMP/out" "1 file checked: 4 errors, 0 warnings."
	# every problem line is file:line:col
	assert_eq "$(grep -c ': error: ' "$TMP/out")" 4 "problem lines"
	assert_eq "$(grep ': error: ' "$TMP/out" | grep -cvE "^$TMP/multi.yaml:[1-9][0-9]*:[1-9][0-9]*: error: ")" 0 "lines without file:line:col"
	T profile validate "$TMP/multi.yaml" --format json
	assert_rc 1 profile validate --format json
	assert_eq "$(json "$TMP/out" "d['valid']")" false valid
	assert_eq "$(json "$TMP/out" "[(p['file'] == '$TMP/multi.yaml', p['line'], p['column'], p['severity']) for p in d['problems']]")" \
		'[[true, 4, 3, "error"], [true, 8, 12, "error"], [true, 11, 5, "error"], [true, 15, 5, "error"]]' problems
	# a good and a bad file together: still 1, only the bad one reported
	T profile validate "$REPO/profiles/web-frontend.yaml" "$TMP/multi.yaml"
	assert_rc 1
	assert_contains "$TMP/out" "2 files checked: 4 errors, 0 warnings."
}

test_profile_validate_rejects_every_bad_fixture() {
	local f bad=""
	for f in "$REPO"/tests/fixtures/profiles-bad/*.yaml; do
		T profile validate "$f"
		if [ "$rc" -ne 1 ]; then
			bad="$bad $(basename "$f")(exit $rc)"
			continue
		fi
		grep -qE "^$f:[1-9][0-9]*:[1-9][0-9]*: error: " "$TMP/out" || bad="$bad $(basename "$f")(no file:line:col)"
	done
	[ -z "$bad" ] || fail "profile validate accepted or misreported:$bad"
}

test_profile_validate_missing_file() {
	T profile validate "$TMP/nowhere.yaml"
	assert_rc 1 profile validate missing
	assert_contains "$TMP/out" "$TMP/nowhere.yaml"
	assert_contains "$TMP/out" "No such file or directory"
	T profile validate "$TMP/nowhere.yaml" --format json
	assert_rc 1
	assert_eq "$(json "$TMP/out" "d['valid']")" false valid
	assert_eq "$(json "$TMP/out" "[p['file'] for p in d['problems']]")" "[\"$TMP/nowhere.yaml\"]" "problem file"
	# a bare name is a file in the current directory, not a built-in profile
	T profile validate web-frontend
	assert_rc 1 profile validate web-frontend
	assert_contains "$TMP/out" "./web-frontend"
	T profile validate
	assert_rc 2 profile validate without files
}

test_profile_usage_errors() {
	T profile
	assert_rc 2 profile
	T profile frobnicate
	assert_rc 2 profile frobnicate
	assert_contains "$TMP/err" "unknown subcommand 'frobnicate'"
	T profile show
	assert_rc 2 profile show
	T profile show no-such-profile
	assert_rc 2 profile show no-such-profile
	assert_contains "$TMP/err" "no profile named 'no-such-profile'"
	T profile show web-frontend --format text
	assert_rc 2 profile show --format text
	T profiles extra
	assert_rc 2 profiles extra
}

test_selfcheck_passes() {
	T selfcheck
	assert_rc 0 selfcheck
	grep -qE '^selfcheck: [1-9][0-9]* knobs, [1-9][0-9]* rules, 4 profiles: 0 errors, 0 warnings$' "$TMP/out" ||
		fail "selfcheck summary: $(cat "$TMP/out")"
	assert_eq "$(wc -c <"$TMP/err")" 0 "selfcheck stderr"
}

test_selfcheck_broken_catalog_file() {
	mkdir -p "$TMP/etc/knobs"
	printf 'knobs:\n  - key: net.ipv4.tcp_ecn\n    type: [oops\n' >"$TMP/etc/knobs/broken.yaml"
	tt --config-dir "$TMP/etc" selfcheck
	assert_rc 1 selfcheck with a broken knobs file
	grep -qE "^$TMP/etc/knobs/broken.yaml:[0-9]+:[0-9]+: error: " "$TMP/err" || fail "broken file not named: $(cat "$TMP/err")"
	# every command that needs the catalog refuses to run on it
	tt --config-dir "$TMP/etc" explain net.ipv4.tcp_fin_timeout
	assert_rc 1 explain with a broken knobs file
	assert_contains "$TMP/err" "$TMP/etc/knobs/broken.yaml"
	tt --config-dir "$TMP/etc" plan web-frontend
	assert_rc 1 plan with a broken knobs file
	# a well-formed entry with a schema problem is reported too
	printf 'knobs:\n  - key: net.ipv4.tcp_ecn\n    type: integer\n    netns: own\n    summary: s\n    explanation: e\n    sources: [x]\n' >"$TMP/etc/knobs/broken.yaml"
	tt --config-dir "$TMP/etc" selfcheck
	assert_rc 1 selfcheck with an unknown type
	grep -qE "^$TMP/etc/knobs/broken.yaml:3:[0-9]+: error: unknown type 'integer'" "$TMP/err" || fail "unknown type not reported: $(cat "$TMP/err")"
}

test_selfcheck_broken_config_profile() {
	mkdir -p "$TMP/etc/profiles"
	printf 'name: broken\ndescription: d\nsettings:\n  net.core.somaxconn: {value: 1}\n' >"$TMP/etc/profiles/broken.yaml"
	tt --config-dir "$TMP/etc" selfcheck
	assert_rc 1 selfcheck with a broken profile
	assert_contains "$TMP/err" "$TMP/etc/profiles/broken.yaml:4:"
	assert_contains "$TMP/out" "5 profiles: 1 error"
}

test_config_dir_knob_override_changes_explain() {
	mkdir -p "$TMP/etc/knobs"
	{
		echo "knobs:"
		awk '/^  - key: /{p=($3=="net.ipv4.tcp_fin_timeout")} /^[^ ]/{p=0} p' "$REPO"/schema/knobs/*.yaml |
			sed 's/^    summary: .*/    summary: LOCAL OVERRIDE of the fin_timeout summary./'
	} >"$TMP/etc/knobs/local.yaml"
	assert_eq "$(grep -c 'LOCAL OVERRIDE' "$TMP/etc/knobs/local.yaml")" 1 "override file has the new summary"
	T explain net.ipv4.tcp_fin_timeout
	assert_rc 0
	assert_not_contains "$TMP/out" "LOCAL OVERRIDE"
	tt --config-dir "$TMP/etc" explain net.ipv4.tcp_fin_timeout
	assert_rc 0 explain with the override
	assert_eq "$(sed -n 2p "$TMP/out")" "  LOCAL OVERRIDE of the fin_timeout summary." "summary line"
	tt --config-dir "$TMP/etc" explain net.ipv4.tcp_fin_timeout --format json
	assert_rc 0
	assert_eq "$(json "$TMP/out" "d['knob']['summary']")" "LOCAL OVERRIDE of the fin_timeout summary." "json summary"
	assert_eq "$(json "$TMP/out" "d['knob']['default']")" 60 "the rest of the entry is kept"
	# the override is a replacement, not an extra knob
	T selfcheck
	cp "$TMP/out" "$TMP/before"
	tt --config-dir "$TMP/etc" selfcheck
	assert_rc 0 selfcheck with the override
	assert_eq "$(cat "$TMP/out")" "$(cat "$TMP/before")" "selfcheck summary with the override"
}
