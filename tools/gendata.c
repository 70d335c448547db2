// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Build-time tool: load the knob catalog and the rules with the very
 * loaders tcptune uses at run time (so a malformed file fails the build,
 * with file:line:col), then write them out as C data. tcptune then starts
 * without parsing any YAML for its built-in knowledge: plan must cost a
 * fraction of `sysctl -a`, and parsing ~200 KiB of YAML alone did not fit.
 *
 * Usage: gendata OUT.c CATALOG.yaml... -- RULES.yaml
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "rules.h"

static FILE *out;
static int nvar;

/* A C string literal, or NULL. */
static void str(const char *s)
{
	const unsigned char *p;

	if (!s) {
		fputs("NULL", out);
		return;
	}
	fputc('"', out);
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", out);
		else if (*p >= 32 && *p < 127 && *p != '?')
			fputc(*p, out);
		else
			fprintf(out, "\\%03o", *p);
	}
	fputc('"', out);
}

static void bounds(const char *name, const struct bounds *b)
{
	fprintf(out, "\t.%s = { .has_min = %d, .has_max = %d, .min = %lldLL, .max = %lldLL },\n", name,
		b->has_min, b->has_max, b->min, b->max);
}

/* Emit a string array; returns its variable number, or -1 when empty. */
static int strv(const struct strv *v)
{
	size_t i;
	int id;

	if (!v->n)
		return -1;
	id = nvar++;
	fprintf(out, "static const char *v%d[] = {", id);
	for (i = 0; i < v->n; i++) {
		fputs(i ? ", " : " ", out);
		str(v->v[i]);
	}
	fputs(" };\n", out);
	return id;
}

static void strv_field(const char *name, int id, size_t n)
{
	if (id < 0)
		fprintf(out, "\t.%s = { NULL, 0 },\n", name);
	else
		fprintf(out, "\t.%s = { v%d, %zu },\n", name, id, n);
}

static int descs(const struct knob_value_desc *d, size_t n)
{
	size_t i;
	int id;

	if (!n)
		return -1;
	id = nvar++;
	fprintf(out, "static struct knob_value_desc v%d[] = {\n", id);
	for (i = 0; i < n; i++) {
		fprintf(out, "\t{ %lldLL, ", d[i].value);
		str(d[i].text);
		fputs(" },\n", out);
	}
	fputs("};\n", out);
	return id;
}

static void knob(const struct knob *k, int id)
{
	int values = descs(k->values, k->nvalues), bits = descs(k->bits, k->nbits);
	int strings = strv(&k->strings), unv = strv(&k->unverified), myths = strv(&k->myths);
	int counters = strv(&k->counters), sources = strv(&k->sources), hist = -1;
	size_t i;

	if (k->nhistory) {
		hist = nvar++;
		fprintf(out, "static struct knob_history v%d[] = {\n", hist);
		for (i = 0; i < k->nhistory; i++) {
			fputs("\t{ ", out);
			str(k->history[i].version);
			fputs(", ", out);
			str(k->history[i].def);
			fputs(", ", out);
			str(k->history[i].note);
			fputs(" },\n", out);
		}
		fputs("};\n", out);
	}
	fprintf(out, "static struct knob k%d = {\n\t.key = ", id);
	str(k->key);
	fprintf(out, ",\n\t.type = %d, .fields = %d, .elem = %d,\n", k->type, k->fields, k->elem);
	bounds("bounds", &k->bounds);
	bounds("meaningful", &k->meaningful);
	if (values >= 0)
		fprintf(out, "\t.values = v%d, .nvalues = %zu,\n", values, k->nvalues);
	if (bits >= 0)
		fprintf(out, "\t.bits = v%d, .nbits = %zu,\n", bits, k->nbits);
	fprintf(out, "\t.known_bits = 0x%llxULL,\n", k->known_bits);
	strv_field("strings", strings, k->strings.n);
	fprintf(out, "\t.access = %d, .netns = %d, .kubernetes = %d,\n", k->access, k->netns, k->kubernetes);
	fprintf(out, "\t.obsolete = %d, .noop = %d, .pattern = %d, .line = %d,\n", k->obsolete, k->noop,
		k->pattern, k->line);
	if (hist >= 0)
		fprintf(out, "\t.history = v%d, .nhistory = %zu,\n", hist, k->nhistory);
#define S(field) do { fputs("\t." #field " = ", out); str(k->field); fputs(",\n", out); } while (0)
	S(def);
	S(default_note);
	S(added);
	S(removed);
	S(noop_since);
	S(netns_since);
	S(module);
	S(kubernetes_since);
	S(refuse);
	S(alias_of);
	S(summary);
	S(explanation);
	S(file);
#undef S
	strv_field("unverified", unv, k->unverified.n);
	strv_field("myths", myths, k->myths.n);
	strv_field("counters", counters, k->counters.n);
	strv_field("sources", sources, k->sources.n);
	fputs("};\n\n", out);
}

/* Conditions bottom-up: children first, so every pointer names a defined object. */
static int cond(const struct cond *c)
{
	int kids = -1, id;
	size_t i;
	int *ids = NULL;

	if (c->nkids) {
		ids = calloc(c->nkids, sizeof(*ids));
		for (i = 0; i < c->nkids; i++)
			ids[i] = cond(c->kids[i]);
		kids = nvar++;
		fprintf(out, "static struct cond *v%d[] = {", kids);
		for (i = 0; i < c->nkids; i++)
			fprintf(out, "%s&v%d", i ? ", " : " ", ids[i]);
		fputs(" };\n", out);
		free(ids);
	}
	id = nvar++;
	fprintf(out, "static struct cond v%d = {\n\t.kind = %d, .field = %d, .op = %d,\n", id, c->kind, c->field,
		c->op);
	if (kids >= 0)
		fprintf(out, "\t.kids = v%d, .nkids = %zu,\n", kids, c->nkids);
	fputs("\t.key = ", out);
	str(c->key);
	fprintf(out, ",\n\t.rhs = { .kind = %d, .num = %lldLL, .field = %d, .key = ", c->rhs.kind, c->rhs.num,
		c->rhs.field);
	str(c->rhs.key);
	fprintf(out, " },\n\t.mask = 0x%llxULL, .ctx_is = %d, .ctx = ", c->mask, c->ctx_is);
	str(c->ctx);
	fprintf(out, ",\n\t.kver = { %d, %d, %d, %d },\n\t.re_src = ", c->kver.major, c->kver.minor,
		c->kver.patch, c->kver.known);
	str(c->re_src);
	fputs(",\n};\n", out);
	return id;
}

static void rule(const struct rule *r, int id)
{
	int when = r->when ? cond(r->when) : -1, keys = -1;
	size_t i;

	if (r->nkeys) {
		keys = nvar++;
		fprintf(out, "static const char *v%d[] = {", keys);
		for (i = 0; i < r->nkeys; i++) {
			fputs(i ? ", " : " ", out);
			str(r->keys[i]);
		}
		fputs(" };\n", out);
	}
	fprintf(out, "static struct rule r%d = {\n\t.sev = %d, .in_lint = %d, .in_plan = %d, .builtin = %d, .line = %d,\n",
		id, r->sev, r->in_lint, r->in_plan, r->builtin, r->line);
	if (when >= 0)
		fprintf(out, "\t.when = &v%d,\n", when);
	if (keys >= 0)
		fprintf(out, "\t.keys = v%d, .nkeys = %zu,\n", keys, r->nkeys);
#define S(field) do { fputs("\t." #field " = ", out); str(r->field); fputs(",\n", out); } while (0)
	S(id);
	S(category);
	S(summary);
	S(description);
	S(fix);
	S(at);
	S(message);
	S(file);
#undef S
	fputs("};\n\n", out);
}

static int load(const char *path, bool is_rules, struct catalog *cat, struct ruleset *rs, struct diags *dg)
{
	char *buf;
	size_t len;
	int r = read_file(path, 16 << 20, &buf, &len);

	if (r) {
		fprintf(stderr, "gendata: %s: %s\n", path, strerror(-r));
		return r;
	}
	r = is_rules ? rules_load(rs, cat, path, buf, len, dg) : catalog_load(cat, path, buf, len, dg);
	free(buf);
	return r;
}

int main(int argc, char **argv)
{
	struct catalog cat = { 0 };
	struct ruleset rs = { 0 };
	struct diags dg = { 0 };
	bool rules_part = false;
	size_t i;
	int a, ret = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: gendata OUT.c CATALOG.yaml... -- RULES.yaml\n");
		return 2;
	}
	for (a = 2; a < argc; a++) {
		if (strcmp(argv[a], "--") == 0) {
			rules_part = true;
			continue;
		}
		if (load(argv[a], rules_part, &cat, &rs, &dg))
			ret = 1;
	}
	if (ret || dg.n) {
		diags_print(stderr, &dg, false);
		fprintf(stderr, "gendata: the catalog or rules are invalid: fix the files above\n");
		ret = 1;
		goto done;
	}
	out = fopen(argv[1], "w");
	if (!out) {
		perror(argv[1]);
		ret = 1;
		goto done;
	}
	fputs("/* Generated by tools/gendata.c from schema/: do not edit. */\n"
	      "#include \"builtin.h\"\n\n", out);
	for (i = 0; i < cat.n; i++)
		knob(cat.knobs[i], (int)i);
	fputs("struct knob *const builtin_knobs[] = {\n", out);
	for (i = 0; i < cat.n; i++)
		fprintf(out, "\t&k%zu,\n", i);
	fprintf(out, "};\nconst size_t builtin_nknobs = %zu;\n\n", cat.n);
	for (i = 0; i < rs.n; i++)
		rule(rs.rules[i], (int)i);
	fputs("struct rule *const builtin_rules[] = {\n", out);
	for (i = 0; i < rs.n; i++)
		fprintf(out, "\t&r%zu,\n", i);
	fprintf(out, "};\nconst size_t builtin_nrules = %zu;\n", rs.n);
	if (fclose(out)) {
		perror(argv[1]);
		ret = 1;
	}
done:
	if (ret)
		remove(argv[1]);
	diags_free(&dg);
	rules_free(&rs);
	catalog_free(&cat);
	return ret;
}
