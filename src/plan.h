/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A plan: for every setting of a resolved profile, the kernel's current
 * value, the desired one and the action (change, keep, skip with a
 * reason), plus the findings of the rules on the state that would result.
 * Pure: the kernel is seen only through struct sysview.
 */
#ifndef TCPTUNE_PLAN_H
#define TCPTUNE_PLAN_H

#include <stdbool.h>
#include <sys/types.h>

#include "catalog.h"
#include "diag.h"
#include "profile.h"
#include "rules.h"

struct sysview {
	void *ctx;
	int (*read)(void *ctx, const char *key, char **value);	/* 0 or -errno */
	int (*mode)(void *ctx, const char *key, mode_t *mode);	/* 0 or -errno */
	bool (*dir_exists)(void *ctx, const char *prefix);
	bool (*glob)(void *ctx, const char *pattern);	/* optional: lint's TT105 */
	struct kver kernel;
	bool child_netns;
	int hz;
};

enum plan_action { ACT_CHANGE, ACT_KEEP, ACT_SKIP };
const char *plan_action_name(enum plan_action a);

struct plan_item {
	const struct setting *s;
	const struct knob *k;
	char *current;		/* canonical, or raw when unparseable; NULL when unreadable */
	char *desired;		/* canonical value to write / keep; NULL for skip */
	char *want;		/* what the profile asked: "8192", ">= 8192", "<= 10" */
	enum plan_action action;
	char *reason;
};

struct plan {
	struct plan_item *items;
	size_t n;
	struct diags findings;
};

int plan_compute(const struct profile *p, const struct catalog *cat, const struct ruleset *rs,
		 const struct sysview *sv, struct plan *out);
size_t plan_count(const struct plan *pl, enum plan_action a);
void plan_free(struct plan *pl);

/* Why a key cannot be read or written here, for skip reasons and explain. */
char *sysview_absent_reason(const struct sysview *sv, const struct knob *k, const char *key);

#endif
