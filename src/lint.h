/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The linter: every rule of schema/rules.yaml applied to sysctl.conf files.
 * Per-assignment checks run as each file is parsed; relation rules run at
 * the end on the state the files produce (the systemd-sysctl winners), so
 * memory holds one entry per distinct key, not every line. Suppression
 * comments apply to any finding, and one that suppresses nothing is
 * reported (TT104).
 */
#ifndef TCPTUNE_LINT_H
#define TCPTUNE_LINT_H

#include <stdbool.h>

#include "catalog.h"
#include "conffile.h"
#include "diag.h"
#include "plan.h"
#include "resolve.h"
#include "rules.h"

struct lint_opts {
	struct kver kernel;		/* target kernel; .known false: a current kernel */
	bool kernel_given;		/* --kernel: version-dependent notes (TT605) */
	const struct sysview *running;	/* judging this machine: /proc/sys checks, or NULL */
	int ctx_nat, ctx_fwd, ctx_container;	/* 1, 0, or -1 undeclared */
	unsigned long long mem_kib;	/* MemTotal for fs.file-max (0: unknown) */
	int hz;
	const char *const *disabled;	/* rule ids switched off (NULL-terminated) */
	bool compare_dialects;		/* --root: report systemd/procps disagreements */
};

struct lint_sup {
	const char *path, *id;
	int line, col, target_line;
	bool file_wide, used;
};

struct lint {
	const struct catalog *cat;
	const struct ruleset *rules;
	struct lint_opts opt;
	struct diags out;
	struct resolution res;
	struct strmap comments;		/* key -> comment text above its winning line */
	struct strmap comment_keys;	/* keys some rule's comment_matches reads */
	struct strmap keys;		/* key -> struct lint_key: what lint knows of it, found once */
	struct lint_sup *sup;
	size_t nsup, capsup;
	size_t files, lines;
	struct arena arena;
};

void lint_init(struct lint *l, const struct catalog *cat, const struct ruleset *rules,
	       const struct lint_opts *opt);
/* Check one parsed file; parse problems (TT101/TT102) must already be in l->out. */
void lint_file(struct lint *l, struct conf_file *cf);
/* Relation rules, overrides, dialect disagreements, suppressions. */
void lint_finish(struct lint *l);
void lint_free(struct lint *l);

#endif
