# Smoke: the binary runs and the built-in profiles plan against the host.
test_version() {
	tt --version
	assert_rc 0
	assert_contains "$TMP/out" "tcptune "
}

test_plan_web_frontend_host_json() {
	tt plan web-frontend --format json
	assert_rc 0
	assert_eq "$(json "$TMP/out" "d['schema_version']")" 1
	assert_eq "$(json "$TMP/out" "d['profile']['name']")" web-frontend
}

test_sandbox_plan() {
	require_sandbox
	sandbox "$TCPTUNE plan web-frontend --format json" >"$TMP/out" 2>"$TMP/err" || fail "$(cat "$TMP/err")"
	assert_eq "$(json "$TMP/out" "d['kernel']['child_netns']")" true
}
