// SPDX-License-Identifier: GPL-2.0-or-later
#include "yamldoc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "value.h"

int ydoc_load(struct ydoc *d, const char *file, const char *buf, size_t len, struct diags *dg)
{
	yaml_parser_t parser;
	int ret = 0;

	memset(d, 0, sizeof(*d));
	d->file = file;
	d->dg = dg;
	if (!yaml_parser_initialize(&parser)) {
		diag_add(dg, SEV_ERROR, file, 0, 0, "cannot initialise the YAML parser");
		return -ENOMEM;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &d->doc)) {
		diag_add(dg, SEV_ERROR, file, (int)parser.problem_mark.line + 1,
			 (int)parser.problem_mark.column + 1, "invalid YAML: %s%s%s",
			 parser.problem ? parser.problem : "syntax error",
			 parser.context ? " " : "", parser.context ? parser.context : "");
		ret = -EINVAL;
		goto out;
	}
	d->loaded = true;
	if (!yaml_document_get_root_node(&d->doc)) {
		diag_add(dg, SEV_ERROR, file, 1, 1, "the file is empty: expected a YAML mapping");
		ret = -EINVAL;
	}
out:
	yaml_parser_delete(&parser);
	return ret;
}

void ydoc_free(struct ydoc *d)
{
	if (d->loaded)
		yaml_document_delete(&d->doc);
	d->loaded = false;
}

yaml_node_t *ydoc_root(struct ydoc *d)
{
	return yaml_document_get_root_node(&d->doc);
}

yaml_node_t *ydoc_node(struct ydoc *d, int idx)
{
	return yaml_document_get_node(&d->doc, idx);
}

const char *ynode_scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

bool ynode_is_plain(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

bool ynode_is_null(const yaml_node_t *n)
{
	const char *s = ynode_scalar(n);

	if (!s || !ynode_is_plain(n))
		return false;
	return !*s || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
	       strcmp(s, "NULL") == 0;
}

struct diag *ydiag(struct ydoc *d, const yaml_node_t *n, enum severity sev, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	struct diag *dg;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	dg = diag_add(d->dg, sev, d->file, n ? ynode_line(n) : 0, n ? ynode_col(n) : 0, "%s", sb_str(&sb));
	sb_release(&sb);
	return dg;
}

static const char *node_kind(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE:
		return "a scalar";
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_MAPPING_NODE:
		return "a mapping";
	default:
		return "nothing";
	}
}

int ynode_expect(struct ydoc *d, const yaml_node_t *n, yaml_node_type_t type, const char *what)
{
	static const char *const names[] = {
		[YAML_SCALAR_NODE] = "a scalar", [YAML_SEQUENCE_NODE] = "a list",
		[YAML_MAPPING_NODE] = "a mapping",
	};

	if (n->type == type)
		return 0;
	ydiag(d, n, SEV_ERROR, "%s must be %s, not %s", what, names[type], node_kind(n));
	return -EINVAL;
}

int ynode_string(struct ydoc *d, const yaml_node_t *n, const char *what, const char **out)
{
	if (ynode_expect(d, n, YAML_SCALAR_NODE, what))
		return -EINVAL;
	*out = ynode_scalar(n);
	return 0;
}

int ynode_bool(struct ydoc *d, const yaml_node_t *n, const char *what, bool *out)
{
	const char *s = ynode_scalar(n);

	if (s && ynode_is_plain(n)) {
		if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE")) {
			*out = true;
			return 0;
		}
		if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE")) {
			*out = false;
			return 0;
		}
	}
	ydiag(d, n, SEV_ERROR, "%s must be true or false", what);
	return -EINVAL;
}

int ynode_llong(struct ydoc *d, const yaml_node_t *n, const char *what, long long *out)
{
	const char *s = ynode_scalar(n);
	const char *p = s;
	bool octal = false;

	/* YAML integers in data files: decimal or 0x hex, no octal surprises */
	if (s && ynode_is_plain(n) && !value_parse_number(&p, true, out, &octal, NULL) && !*p && !octal)
		return 0;
	ydiag(d, n, SEV_ERROR, "%s must be an integer%s", what,
	      octal ? " (a leading 0 would be read as octal: drop it)" : "");
	return -EINVAL;
}

yaml_node_t *ymap_get(struct ydoc *d, yaml_node_t *map, const char *name)
{
	yaml_node_pair_t *p;

	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = ymap_begin(map); p < ymap_end(map); p++) {
		const char *k = ynode_scalar(ydoc_node(d, p->key));

		if (k && strcmp(k, name) == 0)
			return ydoc_node(d, p->value);
	}
	return NULL;
}

int ymap_check_fields(struct ydoc *d, yaml_node_t *map, const char *const *allowed, const char *what)
{
	yaml_node_pair_t *p, *q;
	int problems = 0;

	for (p = ymap_begin(map); p < ymap_end(map); p++) {
		yaml_node_t *kn = ydoc_node(d, p->key);
		const char *k = ynode_scalar(kn);
		const char *best = NULL;
		size_t bestd = (size_t)-1;
		const char *const *a;
		bool ok = false;

		if (!k) {
			ydiag(d, kn, SEV_ERROR, "%s: field names must be plain strings", what);
			problems++;
			continue;
		}
		for (a = allowed; *a && !ok; a++)
			ok = strcmp(*a, k) == 0;
		/* distances only for a field that is not allowed: "did you mean" */
		for (a = allowed; *a && !ok; a++) {
			size_t dist = edit_distance(*a, k);

			if (dist < bestd) {
				bestd = dist;
				best = *a;
			}
		}
		if (!ok) {
			if (best && bestd <= 3)
				ydiag(d, kn, SEV_ERROR, "unknown field '%s' in %s (did you mean '%s'?)", k, what, best);
			else
				ydiag(d, kn, SEV_ERROR, "unknown field '%s' in %s", k, what);
			problems++;
		}
		for (q = ymap_begin(map); q < p; q++) {
			const char *k2 = ynode_scalar(ydoc_node(d, q->key));

			if (k2 && strcmp(k, k2) == 0) {
				ydiag(d, kn, SEV_ERROR, "'%s' appears twice in %s", k, what);
				problems++;
				break;
			}
		}
	}
	return problems;
}
