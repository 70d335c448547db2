// SPDX-License-Identifier: GPL-2.0-or-later
#include "conffile.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "key.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static struct diag *finding(struct diags *dg, const char *id, const char *file, int line, int col,
			    enum severity sev, const char *msg)
{
	static struct diag sink;
	struct diag *d;

	if (!dg) {	/* a file parsed twice reports its problems once */
		memset(&sink, 0, sizeof(sink));
		return &sink;
	}
	d = diag_add(dg, sev, file, line, col, "%s", msg);
	diag_set_id(d, id, NULL);
	return d;
}

/* "# tcptune: disable=TT101,TT205" or "disable-file=..." inside a comment. */
static void parse_directive(struct conf_file *cf, const char *p, const char *end, int line, int col,
			    struct diags *dg)
{
	bool file_wide;

	while (p < end && is_space(*p))
		p++;
	if ((size_t)(end - p) < 8 || strncmp(p, "tcptune:", 8) != 0)
		return;
	p += 8;
	while (p < end && is_space(*p))
		p++;
	if ((size_t)(end - p) >= 13 && strncmp(p, "disable-file=", 13) == 0) {
		file_wide = true;
		p += 13;
	} else if ((size_t)(end - p) >= 8 && strncmp(p, "disable=", 8) == 0) {
		file_wide = false;
		p += 8;
	} else {
		finding(dg, "TT104", cf->path, line, col, SEV_NOTE,
			"unrecognised tcptune directive: use '# tcptune: disable=ID,...' or '# tcptune: disable-file=ID,...'");
		return;
	}
	while (p < end) {
		const char *s = p;
		struct conf_suppression *sup;
		char *id;

		while (p < end && *p != ',' && !is_space(*p))
			p++;
		if (p > s) {
			id = arena_strndup(&cf->arena, s, (size_t)(p - s));
			GROW(cf->sup, cf->capsup, cf->nsup + 1);
			sup = &cf->sup[cf->nsup++];
			sup->id = id;
			sup->line = line;
			sup->col = col;
			sup->file_wide = file_wide;
			sup->target_line = 0;
		}
		while (p < end && (*p == ',' || is_space(*p)))
			p++;
	}
}

void conf_parse(struct conf_file *cf, const char *path, const char *text, size_t len, struct diags *dg)
{
	const char *p = text, *end = text + len;
	size_t pending = 0;	/* line suppressions from here on apply to the next assignment */
	int line = 0;
	size_t head_off = 0, head_len = 0;	/* the comment block heading this paragraph */
	size_t near_off = 0, near_len = 0;	/* the comment lines right above */
	bool seen_assign = false;		/* an assignment ended the heading */

	memset(cf, 0, sizeof(*cf));
	cf->path = arena_strdup(&cf->arena, path);
	cf->text = text;
	cf->len = len;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		cf->bom = true;
		p += 3;
	}
	while (p < end) {
		/* a line ends at LF, CR LF, or a bare CR (systemd-sysctl's read_line does the same) */
		const char *eol = p;

		while (eol < end && *eol != '\n' && *eol != '\r')
			eol++;
		const char *ls, *le, *s, *eq, *k, *ke, *v, *ve;
		size_t raw_len;
		struct conf_assign *a;
		bool dash = false;

		line++;
		ls = p;
		le = eol;
		if (eol < end && *eol == '\r' && eol + 1 < end && eol[1] == '\n') {
			cf->crlf = true;
			p = eol + 2;
		} else {
			p = eol < end ? eol + 1 : end;
		}
		raw_len = (size_t)(le - ls);
		if (memchr(ls, '\0', raw_len)) {
			finding(dg, "TT101", cf->path, line, 1, SEV_ERROR,
				"line contains a NUL byte: systemd-sysctl splits the line there and procps stops reading it; not linted");
			continue;
		}
		if (raw_len > CONF_LINE_MAX) {
			struct diag *d = finding(dg, "TT101", cf->path, line, 1, SEV_ERROR, "");

			if (!dg)
				continue;
			free(d->msg);
			d->msg = xasprintf("line is %zu bytes long, over the %d tcptune reads; no sysctl value is that long",
					   raw_len, CONF_LINE_MAX);
			continue;
		}
		s = ls;
		while (s < le && is_space(*s))
			s++;
		while (le > s && is_space(le[-1]))
			le--;
		if (s == le) {
			/* a blank line ends the paragraph: its comments no longer apply */
			head_off = head_len = near_off = near_len = 0;
			seen_assign = false;
			continue;
		}
		if (*s == '#' || *s == ';') {
			if (!near_len)
				near_off = (size_t)(s - text);
			near_len = (size_t)(le - text) - near_off;
			if (!seen_assign) {
				head_off = near_off;
				head_len = near_len;
			}
			parse_directive(cf, s + 1, le, line, (int)(s - ls) + 1, dg);
			continue;
		}
		if (*s == '-') {
			dash = true;
			s++;
			while (s < le && is_space(*s))
				s++;
		}
		eq = memchr(s, '=', (size_t)(le - s));
		GROW(cf->a, cf->cap, cf->n + 1);
		a = &cf->a[cf->n];
		memset(a, 0, sizeof(*a));
		a->line = line;
		a->col = (int)(s - ls) + 1;
		a->ignore_failure = dash;
		a->head_off = head_off;
		a->head_len = head_len;
		a->near_off = near_off;
		a->near_len = near_len;
		near_off = near_len = 0;
		seen_assign = true;
		if (!eq) {
			/* "-key" alone excludes a key from globs; anything else is not an assignment */
			if (dash && s < le) {
				a->exclude = true;
				k = s;
				ke = le;
			} else {
				finding(dg, "TT101", cf->path, line, a->col, SEV_ERROR,
					"line is not an assignment (no '='): systemd-sysctl and procps ignore it");
				continue;
			}
			v = ve = le;
		} else {
			k = s;
			ke = eq;
			v = eq + 1;
			ve = le;
		}
		while (ke > k && is_space(ke[-1]))
			ke--;
		while (v < ve && is_space(*v))
			v++;
		if (k == ke) {
			finding(dg, "TT101", cf->path, line, a->col, SEV_ERROR,
				"assignment with an empty key: nothing before '='");
			continue;
		}
		{
			size_t kl = (size_t)(ke - k), n;
			bool swap = false, glob = false;
			char *key;

			/*
			 * One pass over the key, straight into the arena: the first
			 * separator decides its spelling (a '/' first means a path,
			 * whose '.' and '/' swap, as systemd-sysctl does), and glob
			 * characters are noted. Lint runs this on every line of a tree.
			 */
			n = kl < KEY_MAX + 1 ? kl : KEY_MAX + 1;
			key = arena_alloc(&cf->arena, n + 1);
			for (size_t j = 0; j < kl; j++) {
				if (k[j] == '/' || k[j] == '.') {
					swap = k[j] == '/';
					break;
				}
			}
			{
				size_t o = 0;

				for (size_t j = 0; j < n; j++) {
					char ch = k[j];

					glob |= ch == '*' || ch == '?' || ch == '[';
					ch = swap && ch == '/' ? '.' : swap && ch == '.' ? '/' : ch;
					/*
					 * systemd-sysctl simplifies the path: repeated
					 * separators are one, and none at either end.
					 */
					if (ch == '.' && (o == 0 || key[o - 1] == '.')) {
						a->respelled = true;
						continue;
					}
					key[o++] = ch;
				}
				if (o && key[o - 1] == '.') {
					o--;
					a->respelled = true;
				}
				key[o] = '\0';
			}
			a->key = key;
			a->glob = glob;
			a->key_valid = !glob && kl <= KEY_MAX && key_valid(key);
		}
		a->value = arena_strndup(&cf->arena, v, (size_t)(ve - v));
		a->vcol = (int)(v - ls) + 1;
		for (; pending < cf->nsup; pending++)
			if (!cf->sup[pending].file_wide)
				cf->sup[pending].target_line = line;
		cf->n++;
		if (!a->exclude && !*a->value)
			finding(dg, "TT102", cf->path, line, a->vcol, SEV_WARNING,
				"empty value: the kernel ignores an empty write for most knobs, so this line sets nothing (for a list such as ip_local_reserved_ports it clears the list)");
	}
}

void conf_free(struct conf_file *cf)
{
	free(cf->a);
	free(cf->sup);
	arena_free(&cf->arena);
	memset(cf, 0, sizeof(*cf));
}

char *conf_comment(const struct conf_file *cf, const struct conf_assign *a)
{
	struct strbuf sb = STRBUF_INIT;

	if (a->head_len)
		sb_addn(&sb, cf->text + a->head_off, a->head_len);
	if (a->near_len && (a->near_off != a->head_off || !a->head_len)) {
		if (sb.len)
			sb_addc(&sb, '\n');
		sb_addn(&sb, cf->text + a->near_off, a->near_len);
	}
	return sb.len ? sb_detach(&sb) : NULL;
}
