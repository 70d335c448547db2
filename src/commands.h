/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The subcommands (main.c's command table) and what they share. */
#ifndef TCPTUNE_COMMANDS_H
#define TCPTUNE_COMMANDS_H

#include <jansson.h>
#include <stdio.h>

#include "diag.h"
#include "plan.h"
#include "profile.h"

int cmd_plan(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_profiles(int argc, char **argv);
int cmd_profile(int argc, char **argv);
int cmd_selfcheck(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_apply(int argc, char **argv);
int cmd_rollback(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_verify(int argc, char **argv);

/* Shared by commands that show profiles and plans. */
int resolve_profile_arg(const char *cmd, const char *arg, struct profile_set *ps, struct profile *p);
json_t *profile_header_json(const struct profile *p);
json_t *kernel_json(void);
json_t *findings_json(const struct diags *d);
void print_kernel_line(FILE *f);
json_t *plan_record_json(const struct profile *p, const struct plan *pl);
json_t *plan_items_json(const struct plan *pl);

#endif
