// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests for the lint output formats (src/lintout.c): the escaping and
 * URI helpers, GitLab fingerprints, and every format written to a file and
 * read back (JSON, SARIF 2.1.0, GitHub annotations, GitLab Code Quality).
 */
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "diag.h"
#include "lintout.h"
#include "rules.h"
#include "util.h"

static struct catalog cat;
static struct ruleset rules;

static int group_setup(void **state)
{
	(void)state;
	tu_load_catalog(&cat);
	tu_load_rules(&rules, &cat);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	rules_free(&rules);
	catalog_free(&cat);
	return 0;
}

/* Per test: the findings, freed in teardown even when an assertion fails. */
struct fx {
	struct diags dg;
	FILE *f;
	char *text;
	json_t *json;
};

static int fx_setup(void **state)
{
	*state = xcalloc(1, sizeof(struct fx));
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *x = *state;

	diags_free(&x->dg);
	if (x->f)
		fclose(x->f);
	free(x->text);
	if (x->json)
		json_decref(x->json);
	free(x);
	return 0;
}

static struct diag *add(struct diags *dg, enum severity sev, const char *file, int line, int col, const char *id,
			const char *key, const char *msg)
{
	struct diag *d = diag_add(dg, sev, file, line, col, "%s", msg);

	if (id || key)
		diag_set_id(d, id, key);
	return d;
}

static const struct lint_summary default_sum = { .files = 2, .assignments = 7, .fail_on = SEV_WARNING, .failed = true };

/* Write fmt to a tmpfile and keep the text in x->text. */
static void render(struct fx *x, enum lint_format fmt, const struct lint_summary *sum)
{
	long n;

	if (x->f)
		fclose(x->f);
	free(x->text);
	x->f = tmpfile();
	assert_non_null(x->f);
	assert_int_equal(lint_output(x->f, fmt, &x->dg, &rules, sum ? sum : &default_sum), 0);
	assert_int_equal(fflush(x->f), 0);
	n = ftell(x->f);
	assert_true(n >= 0);
	x->text = xcalloc(1, (size_t)n + 1);
	rewind(x->f);
	assert_int_equal(fread(x->text, 1, (size_t)n, x->f), (size_t)n);
}

/* Write fmt and parse it back as JSON from the file. */
static json_t *render_json(struct fx *x, enum lint_format fmt, const struct lint_summary *sum)
{
	json_error_t err;

	render(x, fmt, sum);
	rewind(x->f);
	if (x->json)
		json_decref(x->json);
	x->json = json_loadf(x->f, 0, &err);
	if (!x->json)
		fail_msg("invalid JSON at line %d: %s\n%s", err.line, err.text, x->text);
	return x->json;
}

static const char *jget_str(json_t *o, const char *field)
{
	json_t *v = json_object_get(o, field);

	if (!json_is_string(v))
		fail_msg("field %s is not a string", field);
	return json_string_value(v);
}

static json_int_t jget_int(json_t *o, const char *field)
{
	json_t *v = json_object_get(o, field);

	if (!json_is_integer(v))
		fail_msg("field %s is not an integer", field);
	return json_integer_value(v);
}

/* o.a.b... by a path of object fields and array indexes ("runs", "0", "tool") */
static json_t *jpath(json_t *o, const char *path)
{
	char *copy = xstrdup(path), *tok, *save = NULL;

	for (tok = strtok_r(copy, ".", &save); tok && o; tok = strtok_r(NULL, ".", &save)) {
		if (json_is_array(o))
			o = json_array_get(o, strtoul(tok, NULL, 10));
		else
			o = json_object_get(o, tok);
	}
	free(copy);
	return o;
}

static const char *jpath_str(json_t *o, const char *path)
{
	json_t *v = jpath(o, path);

	if (!json_is_string(v))
		fail_msg("%s is not a string", path);
	return json_string_value(v);
}

/* A sample: an error, a warning, a note at line 0, out of severity order. */
static void sample(struct fx *x)
{
	add(&x->dg, SEV_NOTE, "etc/sysctl.d/10-a.conf", 0, 0, "TT104", NULL, "suppression names 'TT999'");
	add(&x->dg, SEV_ERROR, "etc/sysctl.d/10-a.conf", 3, 28, "TT301", "net.ipv4.tcp_fin_timeout",
	    "net.ipv4.tcp_fin_timeout = 30abc: not a number");
	add(&x->dg, SEV_WARNING, "etc/sysctl.d/20-b.conf", 1, 22, "TT302", "net.core.somaxconn",
	    "net.core.somaxconn = 010: octal, sets 8");
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */
/* ------------------------------------------------------------------------ */

static void test_gh_escape_data(void **state)
{
	char *s;

	(void)state;
	s = gh_escape_data("50% done\r\nnext: a,b");
	assert_string_equal(s, "50%25 done%0D%0Anext: a,b");
	free(s);
	s = gh_escape_data("");
	assert_string_equal(s, "");
	free(s);
	s = gh_escape_data("%%\n");
	assert_string_equal(s, "%25%25%0A");
	free(s);
}

static void test_gh_escape_property(void **state)
{
	char *s;

	(void)state;
	s = gh_escape_property("50% done\r\nnext: a,b");
	assert_string_equal(s, "50%25 done%0D%0Anext%3A a%2Cb");
	free(s);
	s = gh_escape_property("etc/sysctl.d/a,b:c.conf");
	assert_string_equal(s, "etc/sysctl.d/a%2Cb%3Ac.conf");
	free(s);
}

static void test_sarif_uri(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "etc/sysctl.d/10-a.conf", "etc/sysctl.d/10-a.conf" },
		{ "./sysctl.conf", "sysctl.conf" },
		{ "././x/y.conf", "x/y.conf" },
		{ "/etc/sysctl.conf", "file:///etc/sysctl.conf" },
		{ "my conf#1.conf", "my%20conf%231.conf" },
		{ "/srv/a b/c#d.conf", "file:///srv/a%20b/c%23d.conf" },
		{ "a_b-c~d.conf", "a_b-c~d.conf" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char *s = sarif_uri(cases[i].in);

		if (strcmp(s, cases[i].out) != 0) {
			fprintf(stderr, "sarif_uri(\"%s\") = \"%s\", expected \"%s\"\n", cases[i].in, s, cases[i].out);
			free(s);
			fail();
		}
		free(s);
	}
}

static void assert_hex32(const char *s)
{
	size_t i;

	assert_int_equal(strlen(s), 32);
	for (i = 0; i < 32; i++)
		assert_non_null(strchr("0123456789abcdef", s[i]));
}

static void test_gitlab_fingerprint(void **state)
{
	char id[] = "TT302", id2[] = "TT303", file[] = "a.conf", file2[] = "b.conf";
	char key[] = "net.core.somaxconn", key2[] = "net.core.netdev_max_backlog";
	char msg[] = "octal", msg2[] = "octal!";
	struct diag d = { .file = file, .line = 3, .col = 22, .sev = SEV_WARNING, .id = id, .key = key, .msg = msg };
	struct diag e;
	char *base = gitlab_fingerprint(&d, 0), *again = gitlab_fingerprint(&d, 0), *fp;
	size_t i;

	(void)state;
	assert_hex32(base);
	assert_string_equal(base, again);
	free(again);

	/* only the line (or column) moved: the same finding */
	e = d;
	e.line = 40;
	e.col = 1;
	fp = gitlab_fingerprint(&e, 0);
	assert_string_equal(fp, base);
	free(fp);

	/* any identity field or the occurrence changes it */
	for (i = 0; i < 5; i++) {
		unsigned occ = 0;

		e = d;
		switch (i) {
		case 0: e.id = id2; break;
		case 1: e.file = file2; break;
		case 2: e.key = key2; break;
		case 3: e.msg = msg2; break;
		default: occ = 1; break;
		}
		fp = gitlab_fingerprint(&e, occ);
		assert_hex32(fp);
		if (strcmp(fp, base) == 0)
			fail_msg("fingerprint unchanged when field %zu changed", i);
		free(fp);
	}

	/* no id, no file, no key */
	e = d;
	e.id = NULL;
	e.file = NULL;
	e.key = NULL;
	fp = gitlab_fingerprint(&e, 0);
	assert_hex32(fp);
	assert_string_not_equal(fp, base);
	free(fp);
	free(base);
}

static void test_lint_format_parse(void **state)
{
	enum lint_format f;

	(void)state;
	assert_int_equal(lint_format_parse("text", &f), 0);
	assert_int_equal(f, LF_TEXT);
	assert_int_equal(lint_format_parse("json", &f), 0);
	assert_int_equal(f, LF_JSON);
	assert_int_equal(lint_format_parse("sarif", &f), 0);
	assert_int_equal(f, LF_SARIF);
	assert_int_equal(lint_format_parse("github", &f), 0);
	assert_int_equal(f, LF_GITHUB);
	assert_int_equal(lint_format_parse("gitlab", &f), 0);
	assert_int_equal(f, LF_GITLAB);
	assert_true(lint_format_parse("checkstyle", &f) < 0);
	assert_true(lint_format_parse("JSON", &f) < 0);
}

/* ------------------------------------------------------------------------ */
/* text                                                                      */
/* ------------------------------------------------------------------------ */

static void test_text_output(void **state)
{
	struct fx *x = *state;
	const struct lint_summary one = { .files = 1, .assignments = 1, .fail_on = SEV_WARNING };

	render(x, LF_TEXT, &one);
	assert_non_null(strstr(x->text, "no problems"));
	assert_non_null(strstr(x->text, "1 file (1 assignment)"));
	sample(x);
	render(x, LF_TEXT, NULL);
	assert_non_null(strstr(x->text, "etc/sysctl.d/10-a.conf:3:28: error: "));
	assert_non_null(strstr(x->text, "[TT301]"));
	assert_non_null(strstr(x->text, "1 error, 1 warning, 1 note in 2 files (7 assignments)"));
}

/* ------------------------------------------------------------------------ */
/* JSON                                                                      */
/* ------------------------------------------------------------------------ */

static void test_json_output(void **state)
{
	struct fx *x = *state;
	json_t *root, *arr, *o, *s;
	size_t i;

	sample(x);
	root = render_json(x, LF_JSON, NULL);
	assert_true(json_is_object(root));
	assert_int_equal(jget_int(root, "schema_version"), 1);
	assert_string_equal(jpath_str(root, "tool.name"), "tcptune");
	arr = json_object_get(root, "findings");
	assert_true(json_is_array(arr));
	assert_int_equal(json_array_size(arr), 3);
	for (i = 0; i < json_array_size(arr); i++) {
		const struct diag *d = &x->dg.v[i];

		o = json_array_get(arr, i);
		assert_string_equal(jget_str(o, "id"), d->id);
		assert_string_equal(jget_str(o, "severity"), severity_name(d->sev));
		assert_string_equal(jget_str(o, "file"), d->file);
		assert_int_equal(jget_int(o, "line"), d->line);
		assert_int_equal(jget_int(o, "column"), d->col);
		assert_string_equal(jget_str(o, "message"), d->msg);
		if (d->key)
			assert_string_equal(jget_str(o, "key"), d->key);
		else
			assert_true(json_is_null(json_object_get(o, "key")));
	}
	o = json_array_get(arr, 1);
	assert_string_equal(jget_str(o, "severity"), "error");
	assert_string_equal(jget_str(o, "key"), "net.ipv4.tcp_fin_timeout");
	assert_int_equal(jget_int(o, "column"), 28);

	s = json_object_get(root, "summary");
	assert_true(json_is_object(s));
	assert_int_equal(jget_int(s, "files"), 2);
	assert_int_equal(jget_int(s, "assignments"), 7);
	assert_int_equal(jget_int(s, "errors"), 1);
	assert_int_equal(jget_int(s, "warnings"), 1);
	assert_int_equal(jget_int(s, "notes"), 1);
	assert_string_equal(jget_str(s, "fail_on"), "warning");
	assert_true(json_is_true(json_object_get(s, "failed")));
}

static void test_json_output_empty(void **state)
{
	struct fx *x = *state;
	const struct lint_summary none = { .files = 1, .assignments = 0, .fail_on = -1, .failed = false };
	json_t *root, *s;

	root = render_json(x, LF_JSON, &none);
	assert_int_equal(jget_int(root, "schema_version"), 1);
	assert_true(json_is_array(json_object_get(root, "findings")));
	assert_int_equal(json_array_size(json_object_get(root, "findings")), 0);
	s = json_object_get(root, "summary");
	assert_int_equal(jget_int(s, "errors"), 0);
	assert_int_equal(jget_int(s, "warnings"), 0);
	assert_int_equal(jget_int(s, "notes"), 0);
	assert_string_equal(jget_str(s, "fail_on"), "none");
	assert_true(json_is_false(json_object_get(s, "failed")));
}

/* bytes of a file that are not UTF-8 still give valid JSON and SARIF */
static void test_json_non_utf8(void **state)
{
	struct fx *x = *state;
	json_t *root;

	add(&x->dg, SEV_ERROR, "caf\xe9.conf", 1, 1, "TT201", "net.ipv4.caf\xe9", "unknown key 'net.ipv4.caf\xe9'");
	root = render_json(x, LF_JSON, NULL);
	assert_int_equal(json_array_size(json_object_get(root, "findings")), 1);
	assert_non_null(jpath_str(root, "findings.0.file"));
	root = render_json(x, LF_SARIF, NULL);
	assert_int_equal(json_array_size(jpath(root, "runs.0.results")), 1);
	root = render_json(x, LF_GITLAB, NULL);
	assert_int_equal(json_array_size(root), 1);
}

/* ------------------------------------------------------------------------ */
/* SARIF                                                                     */
/* ------------------------------------------------------------------------ */

static void assert_nonempty_str(json_t *o, const char *path)
{
	const char *s = jpath_str(o, path);

	if (!*s)
		fail_msg("%s is empty", path);
}

static void test_sarif_output(void **state)
{
	struct fx *x = *state;
	json_t *root, *run, *rarr, *res;
	size_t i, j;

	sample(x);
	root = render_json(x, LF_SARIF, NULL);
	assert_string_equal(jget_str(root, "version"), "2.1.0");
	assert_nonempty_str(root, "$schema");
	assert_true(json_is_array(json_object_get(root, "runs")));
	assert_int_equal(json_array_size(json_object_get(root, "runs")), 1);
	run = jpath(root, "runs.0");
	assert_string_equal(jpath_str(run, "tool.driver.name"), "tcptune");

	/* every rule of the ruleset, with its texts */
	rarr = jpath(run, "tool.driver.rules");
	assert_true(json_is_array(rarr));
	assert_int_equal(json_array_size(rarr), rules.n);
	for (i = 0; i < rules.n; i++) {
		json_t *r = json_array_get(rarr, i);

		assert_string_equal(jget_str(r, "id"), rules.rules[i]->id);
		assert_nonempty_str(r, "shortDescription.text");
		assert_nonempty_str(r, "fullDescription.text");
		assert_nonempty_str(r, "help.text");
		assert_nonempty_str(r, "helpUri");
		assert_string_equal(jpath_str(r, "shortDescription.text"), rules.rules[i]->summary);
		assert_true(strncmp(jget_str(r, "helpUri"), "https://", 8) == 0);
	}

	/* results: the findings with a rule id */
	res = json_object_get(run, "results");
	assert_true(json_is_array(res));
	assert_int_equal(json_array_size(res), 3);
	for (i = 0; i < json_array_size(res); i++) {
		json_t *r = json_array_get(res, i);
		const char *id = jget_str(r, "ruleId"), *level = jget_str(r, "level");
		json_t *idx = json_object_get(r, "ruleIndex");

		assert_true(strcmp(level, "error") == 0 || strcmp(level, "warning") == 0 ||
			    strcmp(level, "note") == 0);
		assert_nonempty_str(r, "message.text");
		assert_nonempty_str(r, "locations.0.physicalLocation.artifactLocation.uri");
		assert_true(json_integer_value(jpath(r, "locations.0.physicalLocation.region.startLine")) >= 1);
		/* ruleIndex, when given, points at the same rule */
		if (idx) {
			j = (size_t)json_integer_value(idx);
			assert_true(j < rules.n);
			assert_string_equal(rules.rules[j]->id, id);
		}
	}
	/* the note at line 0 points at line 1 */
	res = json_array_get(res, 0);
	assert_string_equal(jget_str(res, "ruleId"), "TT104");
	assert_string_equal(jget_str(res, "level"), "note");
	assert_int_equal(json_integer_value(jpath(res, "locations.0.physicalLocation.region.startLine")), 1);
	assert_string_equal(jpath_str(res, "locations.0.physicalLocation.artifactLocation.uri"),
			    "etc/sysctl.d/10-a.conf");
	res = jpath(run, "results.1");
	assert_string_equal(jget_str(res, "ruleId"), "TT301");
	assert_string_equal(jget_str(res, "level"), "error");
	assert_int_equal(json_integer_value(jpath(res, "locations.0.physicalLocation.region.startLine")), 3);
	assert_int_equal(json_integer_value(jpath(res, "locations.0.physicalLocation.region.startColumn")), 28);
	res = jpath(run, "results.2");
	assert_string_equal(jget_str(res, "level"), "warning");
}

/* a problem that is no rule's finding (an unreadable file in --root) is not a result */
static void test_sarif_output_without_rule_id(void **state)
{
	struct fx *x = *state;
	json_t *root, *res;

	add(&x->dg, SEV_ERROR, "etc/sysctl.d/30-c.conf", 0, 0, NULL, NULL, "cannot read: Permission denied");
	add(&x->dg, SEV_WARNING, "etc/sysctl.d/30-d.conf", 2, 1, "TT302", "net.core.somaxconn", "octal");
	root = render_json(x, LF_SARIF, NULL);
	res = jpath(root, "runs.0.results");
	assert_int_equal(json_array_size(res), 1);
	assert_string_equal(jpath_str(res, "0.ruleId"), "TT302");
}

static void test_sarif_output_empty(void **state)
{
	struct fx *x = *state;
	json_t *root;

	root = render_json(x, LF_SARIF, NULL);
	assert_string_equal(jget_str(root, "version"), "2.1.0");
	assert_true(json_is_array(jpath(root, "runs.0.results")));
	assert_int_equal(json_array_size(jpath(root, "runs.0.results")), 0);
	assert_int_equal(json_array_size(jpath(root, "runs.0.tool.driver.rules")), rules.n);
}

/* ------------------------------------------------------------------------ */
/* GitHub                                                                    */
/* ------------------------------------------------------------------------ */

static int rank(const char *line)
{
	if (strncmp(line, "::error ", 8) == 0)
		return 0;
	if (strncmp(line, "::warning ", 10) == 0)
		return 1;
	if (strncmp(line, "::notice ", 9) == 0)
		return 2;
	fail_msg("not a workflow command: %s", line);
	return -1;
}

static void test_github_output(void **state)
{
	struct fx *x = *state;
	char *copy, *line, *save = NULL;
	int n = 0, prev = 0, counts[3] = { 0 };

	sample(x);
	add(&x->dg, SEV_ERROR, "dir,x/a:b.conf", 9, 1, "TT303", "net.ipv4.tcp_tw_reuse", "50% bad\nvalue: 3, max 2");
	add(&x->dg, SEV_NOTE, "z.conf", 2, 0, "TT505", "net.ipv4.tcp_rfc1337", "note");
	render(x, LF_GITHUB, NULL);
	copy = xstrdup(x->text);
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		int r = rank(line);

		/* errors first, then warnings, then notices */
		if (r < prev) {
			free(copy);
			fail_msg("annotations out of order:\n%s", x->text);
		}
		prev = r;
		counts[r]++;
		n++;
	}
	free(copy);
	assert_int_equal(n, 5);
	assert_int_equal(counts[0], 2);
	assert_int_equal(counts[1], 1);
	assert_int_equal(counts[2], 2);
	/* properties and message escaped, line omitted when 0 */
	assert_non_null(strstr(x->text, "::error file=dir%2Cx/a%3Ab.conf,line=9,col=1,title=TT303::50%25 bad%0Avalue: 3, max 2\n"));
	assert_non_null(strstr(x->text, "::error file=etc/sysctl.d/10-a.conf,line=3,col=28,title=TT301::"));
	assert_non_null(strstr(x->text, "::notice file=etc/sysctl.d/10-a.conf,title=TT104::"));
	assert_non_null(strstr(x->text, "::notice file=z.conf,line=2,title=TT505::note\n"));
}

static void test_github_output_empty(void **state)
{
	struct fx *x = *state;

	render(x, LF_GITHUB, NULL);
	assert_string_equal(x->text, "");
}

/* ------------------------------------------------------------------------ */
/* GitLab                                                                    */
/* ------------------------------------------------------------------------ */

static void test_gitlab_output_empty(void **state)
{
	struct fx *x = *state;
	char *p, *e;

	render(x, LF_GITLAB, NULL);
	for (p = x->text; *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'; p++)
		;
	for (e = p + strlen(p); e > p && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\t' || e[-1] == '\r'); e--)
		;
	*e = '\0';
	assert_string_equal(p, "[]");
}

static void test_gitlab_output(void **state)
{
	struct fx *x = *state;
	static const char *const sevs[] = { "info", "minor", "major", "critical", "blocker" };
	json_t *root, *o;
	size_t i, j;
	char *fp;

	sample(x);
	/* the same finding twice in one file: distinct fingerprints */
	add(&x->dg, SEV_WARNING, "etc/sysctl.d/20-b.conf", 5, 22, "TT302", "net.core.somaxconn",
	    "net.core.somaxconn = 010: octal, sets 8");
	root = render_json(x, LF_GITLAB, NULL);
	assert_true(json_is_array(root));
	assert_int_equal(json_array_size(root), 4);
	for (i = 0; i < json_array_size(root); i++) {
		const char *sev;
		bool ok = false;

		o = json_array_get(root, i);
		assert_string_equal(jget_str(o, "description"), x->dg.v[i].msg);
		assert_string_equal(jget_str(o, "check_name"), x->dg.v[i].id);
		assert_hex32(jget_str(o, "fingerprint"));
		sev = jget_str(o, "severity");
		for (j = 0; j < ARRAY_SIZE(sevs); j++)
			ok |= strcmp(sev, sevs[j]) == 0;
		assert_true(ok);
		assert_string_equal(jpath_str(o, "location.path"), x->dg.v[i].file);
		assert_true(json_is_integer(jpath(o, "location.lines.begin")));
		assert_true(json_integer_value(jpath(o, "location.lines.begin")) >= 1);
		for (j = 0; j < i; j++)
			assert_string_not_equal(jget_str(o, "fingerprint"),
						jget_str(json_array_get(root, j), "fingerprint"));
	}
	assert_string_equal(jpath_str(root, "0.severity"), "info");
	assert_int_equal(json_integer_value(jpath(root, "0.location.lines.begin")), 1);
	assert_string_equal(jpath_str(root, "1.severity"), "major");
	assert_int_equal(json_integer_value(jpath(root, "1.location.lines.begin")), 3);
	assert_string_equal(jpath_str(root, "2.severity"), "minor");
	/* the fingerprint is gitlab_fingerprint's, first occurrence 0 */
	fp = gitlab_fingerprint(&x->dg.v[1], 0);
	assert_string_equal(jpath_str(root, "1.fingerprint"), fp);
	free(fp);
	fp = gitlab_fingerprint(&x->dg.v[3], 1);
	assert_string_equal(jpath_str(root, "3.fingerprint"), fp);
	free(fp);
}

/* moving a finding to another line keeps its GitLab fingerprint */
static void test_gitlab_fingerprint_survives_line_move(void **state)
{
	struct fx *x = *state;
	char *before;
	bool same;

	add(&x->dg, SEV_WARNING, "a.conf", 3, 22, "TT302", "net.core.somaxconn", "octal");
	render_json(x, LF_GITLAB, NULL);
	before = xstrdup(jpath_str(x->json, "0.fingerprint"));
	x->dg.v[0].line = 30;
	render_json(x, LF_GITLAB, NULL);
	same = strcmp(jpath_str(x->json, "0.fingerprint"), before) == 0;
	free(before);
	assert_true(same);
	assert_int_equal(json_integer_value(jpath(x->json, "0.location.lines.begin")), 30);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_gh_escape_data),
		T(test_gh_escape_property),
		T(test_sarif_uri),
		T(test_gitlab_fingerprint),
		T(test_lint_format_parse),
		T(test_text_output),
		T(test_json_output),
		T(test_json_output_empty),
		T(test_json_non_utf8),
		T(test_sarif_output),
		T(test_sarif_output_without_rule_id),
		T(test_sarif_output_empty),
		T(test_github_output),
		T(test_github_output_empty),
		T(test_gitlab_output_empty),
		T(test_gitlab_output),
		T(test_gitlab_fingerprint_survives_line_move),
	};
#undef T

	return cmocka_run_group_tests(tests, group_setup, group_teardown) != 0;
}
