/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Diagnostics: problems in input files and findings of rules share one
 * shape, "file:line:col: severity: message [ID]".
 */
#ifndef TCPTUNE_DIAG_H
#define TCPTUNE_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum severity {
	SEV_NOTE,
	SEV_WARNING,
	SEV_ERROR,
};

const char *severity_name(enum severity s);
int severity_from_name(const char *name, enum severity *s);

struct diag {
	char *file;	/* NULL: not tied to a file */
	int line, col;	/* 1-based; 0 when unknown */
	enum severity sev;
	char *id;	/* rule id, or NULL */
	char *key;	/* sysctl key concerned, or NULL */
	char *msg;
};

struct diags {
	struct diag *v;
	size_t n, cap;
};

struct diag *diag_add(struct diags *d, enum severity sev, const char *file,
		      int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void diag_set_id(struct diag *dg, const char *id, const char *key);
size_t diags_count(const struct diags *d, enum severity min);
void diags_sort(struct diags *d);	/* by file, line, column */
void diags_free(struct diags *d);
void diag_print(FILE *f, const struct diag *dg, bool color);
void diags_print(FILE *f, const struct diags *d, bool color);

#endif
