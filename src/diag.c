// SPDX-License-Identifier: GPL-2.0-or-later
#include "diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "term.h"
#include "util.h"

static const char *const sev_names[] = {
	[SEV_NOTE] = "note", [SEV_WARNING] = "warning", [SEV_ERROR] = "error",
};

const char *severity_name(enum severity s)
{
	return (size_t)s < ARRAY_SIZE(sev_names) ? sev_names[s] : "?";
}

int severity_from_name(const char *name, enum severity *s)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sev_names); i++) {
		if (strcmp(name, sev_names[i]) == 0) {
			*s = (enum severity)i;
			return 0;
		}
	}
	return -EINVAL;
}

struct diag *diag_add(struct diags *d, enum severity sev, const char *file,
		      int line, int col, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	struct diag *dg;
	va_list ap;

	GROW(d->v, d->cap, d->n + 1);
	dg = &d->v[d->n++];
	memset(dg, 0, sizeof(*dg));
	dg->file = file ? xstrdup(file) : NULL;
	dg->line = line;
	dg->col = col;
	dg->sev = sev;
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	dg->msg = sb_detach(&sb);
	return dg;
}

void diag_set_id(struct diag *dg, const char *id, const char *key)
{
	free(dg->id);
	free(dg->key);
	dg->id = id ? xstrdup(id) : NULL;
	dg->key = key ? xstrdup(key) : NULL;
}

size_t diags_count(const struct diags *d, enum severity min)
{
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		if (d->v[i].sev >= min)
			n++;
	return n;
}

static int diag_cmp(const void *pa, const void *pb)
{
	const struct diag *a = pa, *b = pb;
	int r = strcmp(a->file ? a->file : "", b->file ? b->file : "");

	if (r)
		return r;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

void diags_sort(struct diags *d)
{
	if (d->n > 1)
		qsort(d->v, d->n, sizeof(*d->v), diag_cmp);
}

void diags_free(struct diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].id);
		free(d->v[i].key);
		free(d->v[i].msg);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

void diag_print(FILE *f, const struct diag *dg, bool color)
{
	static const char *const sev_color[] = {
		[SEV_NOTE] = TERM_CYAN, [SEV_WARNING] = TERM_YELLOW, [SEV_ERROR] = TERM_RED,
	};

	if (dg->file) {
		fprintf(f, "%s%s", color ? TERM_BOLD : "", dg->file);
		if (dg->line > 0)
			fprintf(f, ":%d", dg->line);
		if (dg->line > 0 && dg->col > 0)
			fprintf(f, ":%d", dg->col);
		fprintf(f, ":%s ", color ? TERM_RESET : "");
	}
	fprintf(f, "%s%s%s: %s", color ? sev_color[dg->sev] : "",
		severity_name(dg->sev), color ? TERM_RESET : "", dg->msg);
	if (dg->id)
		fprintf(f, " [%s]", dg->id);
	fputc('\n', f);
}

void diags_print(FILE *f, const struct diags *d, bool color)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		diag_print(f, &d->v[i], color);
}
