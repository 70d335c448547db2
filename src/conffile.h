/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sysctl.conf / sysctl.d syntax, read exactly as systemd-sysctl and procps
 * read it: '#' and ';' comment lines, no trailing comments, the value is
 * everything after the first '=' with the ends stripped, '/' or '.' as the
 * first separator decides the key's spelling, a '-' prefix ignores failure,
 * glob keys, "-key" exclusions, CRLF line ends, a UTF-8 BOM. Every
 * assignment keeps its line and column; unreadable lines become findings.
 */
#ifndef TCPTUNE_CONFFILE_H
#define TCPTUNE_CONFFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "util.h"

#define CONF_LINE_MAX 4096	/* longer lines are reported, not read */

struct conf_assign {
	const char *key;	/* normalised (dots), or the raw key when invalid */
	const char *value;	/* stripped; "" for an exclusion */
	bool key_valid;		/* key_normalize accepted it */
	bool ignore_failure;	/* '-' prefix */
	bool glob;		/* key contains * ? [ */
	bool exclude;		/* "-key" with no '=': excluded from globs */
	bool respelled;		/* repeated or end separators dropped, as systemd-sysctl does */
	int line, col, vcol;	/* 1-based; col of the key, vcol of the value */
	/*
	 * Comments that speak for this line (offsets in the file text): the
	 * block heading its paragraph, and the block right above it.
	 */
	size_t head_off, head_len, near_off, near_len;
};

struct conf_suppression {
	const char *id;
	int line, col;		/* where the comment is */
	bool file_wide;		/* disable-file= */
	int target_line;	/* disable=: the next assignment's line (0: none follows) */
};

struct conf_file {
	const char *path;	/* as shown to users */
	const char *text;	/* the file's bytes (owned by the caller) */
	size_t len;
	struct conf_assign *a;
	size_t n, cap;
	struct conf_suppression *sup;
	size_t nsup, capsup;
	bool bom, crlf;
	struct arena arena;
};

/*
 * Parse text (len bytes, may contain NULs). Unreadable lines go to dg as
 * TT101, empty values as TT102. The conf_file points into text, which must
 * outlive it.
 */
void conf_parse(struct conf_file *cf, const char *path, const char *text, size_t len, struct diags *dg);
void conf_free(struct conf_file *cf);

/*
 * The comments above an assignment, as a NUL-terminated copy (caller
 * frees), or NULL: the block heading its paragraph and the block right
 * above it (once if they are the same). A blank line ends a paragraph.
 */
char *conf_comment(const struct conf_file *cf, const struct conf_assign *a);

#endif
