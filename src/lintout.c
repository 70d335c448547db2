// SPDX-License-Identifier: GPL-2.0-or-later
#include "lintout.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "term.h"
#include "util.h"

int lint_format_parse(const char *s, enum lint_format *f)
{
	static const char *const names[] = {
		[LF_TEXT] = "text", [LF_JSON] = "json", [LF_SARIF] = "sarif",
		[LF_GITHUB] = "github", [LF_GITLAB] = "gitlab",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (strcmp(s, names[i]) == 0) {
			*f = (enum lint_format)i;
			return 0;
		}
	}
	return -EINVAL;
}

static json_t *jstr(const char *s)
{
	json_t *j;
	char *c, *p;

	if (!s)
		return json_null();
	j = json_string(s);
	if (j)
		return j;
	c = xstrdup(s);	/* bytes from a file that are not UTF-8 */
	for (p = c; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	j = json_string(c);
	free(c);
	return j;
}

static int dump(FILE *f, json_t *root)
{
	int r = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	json_decref(root);
	fputc('\n', f);
	return r ? -EIO : 0;
}

static void count(const struct diags *d, size_t n[3])
{
	size_t i;

	n[0] = n[1] = n[2] = 0;
	for (i = 0; i < d->n; i++)
		n[d->v[i].sev]++;
}

static int out_text(FILE *f, const struct diags *d, const struct lint_summary *sum)
{
	size_t n[3];

	diags_print(f, d, term_color(f));
	count(d, n);
	if (d->n == 0)
		fprintf(f, "%sno problems%s in %zu file%s (%zu assignment%s)\n", term_c(f, TERM_GREEN),
			term_c(f, TERM_RESET), sum->files, sum->files == 1 ? "" : "s", sum->assignments,
			sum->assignments == 1 ? "" : "s");
	else
		fprintf(f, "%zu error%s, %zu warning%s, %zu note%s in %zu file%s (%zu assignment%s)%s\n",
			n[SEV_ERROR], n[SEV_ERROR] == 1 ? "" : "s", n[SEV_WARNING], n[SEV_WARNING] == 1 ? "" : "s",
			n[SEV_NOTE], n[SEV_NOTE] == 1 ? "" : "s", sum->files, sum->files == 1 ? "" : "s",
			sum->assignments, sum->assignments == 1 ? "" : "s",
			d->n ? "; `tcptune rules ID` explains a rule" : "");
	return 0;
}

static int out_json(FILE *f, const struct diags *d, const struct lint_summary *sum)
{
	json_t *root = json_object(), *arr = json_array(), *s = json_object(), *tool = json_object();
	size_t i, n[3];

	json_object_set_new(root, "schema_version", json_integer(1));
	json_object_set_new(tool, "name", json_string("tcptune"));
	json_object_set_new(tool, "version", json_string(TCPTUNE_VERSION));
	json_object_set_new(root, "tool", tool);
	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		json_t *o = json_object();

		json_object_set_new(o, "id", jstr(g->id));
		json_object_set_new(o, "severity", json_string(severity_name(g->sev)));
		json_object_set_new(o, "file", jstr(g->file));
		json_object_set_new(o, "line", json_integer(g->line));
		json_object_set_new(o, "column", json_integer(g->col));
		json_object_set_new(o, "key", jstr(g->key));
		json_object_set_new(o, "message", jstr(g->msg));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "findings", arr);
	count(d, n);
	json_object_set_new(s, "files", json_integer((json_int_t)sum->files));
	json_object_set_new(s, "assignments", json_integer((json_int_t)sum->assignments));
	json_object_set_new(s, "errors", json_integer((json_int_t)n[SEV_ERROR]));
	json_object_set_new(s, "warnings", json_integer((json_int_t)n[SEV_WARNING]));
	json_object_set_new(s, "notes", json_integer((json_int_t)n[SEV_NOTE]));
	json_object_set_new(s, "fail_on", sum->fail_on < 0 ? json_string("none") :
					  json_string(severity_name((enum severity)sum->fail_on)));
	json_object_set_new(s, "failed", json_boolean(sum->failed));
	json_object_set_new(root, "summary", s);
	return dump(f, root);
}

char *sarif_uri(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = path;

	while (p[0] == '.' && p[1] == '/')
		p += 2;
	if (*p == '/')
		sb_add(&sb, "file://");
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;

		/* RFC 3986 unreserved plus '/': everything else percent-encoded */
		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
			sb_addc(&sb, (char)c);
		else
			sb_addf(&sb, "%%%02X", c);
	}
	return sb_detach(&sb);
}

static const char *sarif_level(enum severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

static int out_sarif(FILE *f, const struct diags *d, const struct ruleset *rs)
{
	json_t *root = json_object(), *runs = json_array(), *run = json_object();
	json_t *tool = json_object(), *driver = json_object(), *rules = json_array(), *results = json_array();
	size_t i;

	json_object_set_new(root, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
	json_object_set_new(root, "version", json_string("2.1.0"));
	json_object_set_new(driver, "name", json_string("tcptune"));
	json_object_set_new(driver, "version", json_string(TCPTUNE_VERSION));
	json_object_set_new(driver, "informationUri", json_string(TCPTUNE_DOCS_URL));
	for (i = 0; i < rs->n; i++) {
		const struct rule *r = rs->rules[i];
		json_t *o = json_object(), *t, *cfg = json_object(), *props = json_object(), *tags = json_array();
		char *lower = xstrdup(r->id), *p, *help;

		for (p = lower; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		json_object_set_new(o, "id", json_string(r->id));
		t = json_object();
		json_object_set_new(t, "text", jstr(r->summary));
		json_object_set_new(o, "shortDescription", t);
		t = json_object();
		json_object_set_new(t, "text", jstr(r->description));
		json_object_set_new(o, "fullDescription", t);
		help = xasprintf("%s\n\nFix: %s", r->description, r->fix);
		t = json_object();
		json_object_set_new(t, "text", jstr(help));
		json_object_set_new(o, "help", t);
		free(help);
		help = xasprintf("%s#%s", TCPTUNE_DOCS_URL, lower);
		json_object_set_new(o, "helpUri", json_string(help));
		free(help);
		free(lower);
		json_object_set_new(cfg, "level", json_string(sarif_level(r->sev)));
		json_object_set_new(o, "defaultConfiguration", cfg);
		json_array_append_new(tags, json_string(r->category));
		json_object_set_new(props, "tags", tags);
		json_object_set_new(o, "properties", props);
		json_array_append_new(rules, o);
	}
	json_object_set_new(driver, "rules", rules);
	json_object_set_new(tool, "driver", driver);
	json_object_set_new(run, "tool", tool);
	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		json_t *o, *msg, *locs, *loc, *phys, *art, *reg;
		char *uri;
		size_t idx;

		if (!g->id)
			continue;	/* not a rule's finding (e.g. an unreadable file): the text says it */
		o = json_object();
		msg = json_object();
		locs = json_array();
		loc = json_object();
		phys = json_object();
		art = json_object();
		reg = json_object();
		json_object_set_new(o, "ruleId", json_string(g->id));
		for (idx = 0; idx < rs->n; idx++)
			if (strcmp(rs->rules[idx]->id, g->id) == 0)
				json_object_set_new(o, "ruleIndex", json_integer((json_int_t)idx));
		json_object_set_new(o, "level", json_string(sarif_level(g->sev)));
		json_object_set_new(msg, "text", jstr(g->msg));
		json_object_set_new(o, "message", msg);
		uri = sarif_uri(g->file ? g->file : "-");
		json_object_set_new(art, "uri", jstr(uri));
		free(uri);
		json_object_set_new(phys, "artifactLocation", art);
		/* SARIF regions start at line 1: file-level findings point there */
		json_object_set_new(reg, "startLine", json_integer(g->line > 0 ? g->line : 1));
		if (g->col > 0)
			json_object_set_new(reg, "startColumn", json_integer(g->col));
		json_object_set_new(phys, "region", reg);
		json_object_set_new(loc, "physicalLocation", phys);
		json_array_append_new(locs, loc);
		json_object_set_new(o, "locations", locs);
		json_array_append_new(results, o);
	}
	json_object_set_new(run, "results", results);
	json_array_append_new(runs, run);
	json_object_set_new(root, "runs", runs);
	return dump(f, root);
}

static char *gh_escape(const char *s, bool property)
{
	struct strbuf sb = STRBUF_INIT;

	for (; *s; s++) {
		switch (*s) {
		case '%': sb_add(&sb, "%25"); break;
		case '\r': sb_add(&sb, "%0D"); break;
		case '\n': sb_add(&sb, "%0A"); break;
		case ':':
			if (property) {
				sb_add(&sb, "%3A");
				break;
			}
			sb_addc(&sb, *s);
			break;
		case ',':
			if (property) {
				sb_add(&sb, "%2C");
				break;
			}
			sb_addc(&sb, *s);
			break;
		default: sb_addc(&sb, *s);
		}
	}
	return sb_detach(&sb);
}

char *gh_escape_data(const char *s)
{
	return gh_escape(s, false);
}

char *gh_escape_property(const char *s)
{
	return gh_escape(s, true);
}

static int out_github(FILE *f, const struct diags *d)
{
	static const char *const cmd[] = { [SEV_NOTE] = "notice", [SEV_WARNING] = "warning", [SEV_ERROR] = "error" };
	int sev;
	size_t i;

	/* most severe first: GitHub shows only the first 10 of each kind */
	for (sev = SEV_ERROR; sev >= SEV_NOTE; sev--) {
		for (i = 0; i < d->n; i++) {
			const struct diag *g = &d->v[i];
			char *file, *title, *msg;

			if ((int)g->sev != sev)
				continue;
			file = gh_escape_property(g->file ? g->file : "-");
			title = gh_escape_property(g->id ? g->id : "tcptune");
			msg = gh_escape_data(g->msg);
			fprintf(f, "::%s file=%s", cmd[sev], file);
			if (g->line > 0)
				fprintf(f, ",line=%d", g->line);
			if (g->col > 0)
				fprintf(f, ",col=%d", g->col);
			fprintf(f, ",title=%s::%s\n", title, msg);
			free(file);
			free(title);
			free(msg);
		}
	}
	return 0;
}

static unsigned long long fnv(const char *s, unsigned long long h, bool skip_digits)
{
	for (; *s; s++)
		if (!skip_digits || *s < '0' || *s > '9')
			h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (h ^ 0xff) * 1099511628211ULL;	/* field separator */
}

char *gitlab_fingerprint(const struct diag *d, unsigned occurrence)
{
	const char *parts[] = { d->id ? d->id : "", d->file ? d->file : "", d->key ? d->key : "", d->msg };
	unsigned long long a = 1469598103934665603ULL, b = 0x84222325cbf29ce4ULL;
	char occ[16];
	size_t i;

	snprintf(occ, sizeof(occ), "%u", occurrence);
	/* the message's digits are skipped: messages quote line numbers, which move with edits */
	for (i = 0; i < ARRAY_SIZE(parts); i++) {
		a = fnv(parts[i], a, i == 3);
		b = fnv(parts[i], b ^ 0x5bd1e995, i == 3);
	}
	a = fnv(occ, a, false);
	b = fnv(occ, b, false);
	return xasprintf("%016llx%016llx", a, b);
}

static int out_gitlab(FILE *f, const struct diags *d)
{
	static const char *const sev[] = { [SEV_NOTE] = "info", [SEV_WARNING] = "minor", [SEV_ERROR] = "major" };
	json_t *arr = json_array();
	size_t i, j;

	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		json_t *o = json_object(), *loc = json_object(), *lines = json_object();
		unsigned occ = 0;
		char *fp;

		/* identical findings in one file get distinct, still stable, fingerprints */
		for (j = 0; j < i; j++)
			occ += strcmp(d->v[j].msg, g->msg) == 0 &&
			       strcmp(d->v[j].file ? d->v[j].file : "", g->file ? g->file : "") == 0 &&
			       strcmp(d->v[j].id ? d->v[j].id : "", g->id ? g->id : "") == 0;
		fp = gitlab_fingerprint(g, occ);
		json_object_set_new(o, "description", jstr(g->msg));
		json_object_set_new(o, "check_name", jstr(g->id ? g->id : "tcptune"));
		json_object_set_new(o, "fingerprint", json_string(fp));
		json_object_set_new(o, "severity", json_string(sev[g->sev]));
		json_object_set_new(loc, "path", jstr(g->file ? g->file : "-"));
		json_object_set_new(lines, "begin", json_integer(g->line > 0 ? g->line : 1));
		json_object_set_new(loc, "lines", lines);
		json_object_set_new(o, "location", loc);
		json_array_append_new(arr, o);
		free(fp);
	}
	return dump(f, arr);
}

int lint_output(FILE *f, enum lint_format fmt, const struct diags *d, const struct ruleset *rs,
		const struct lint_summary *sum)
{
	switch (fmt) {
	case LF_JSON:
		return out_json(f, d, sum);
	case LF_SARIF:
		return out_sarif(f, d, rs);
	case LF_GITHUB:
		return out_github(f, d);
	case LF_GITLAB:
		return out_gitlab(f, d);
	case LF_TEXT:
	default:
		return out_text(f, d, sum);
	}
}
