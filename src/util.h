/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small helpers every module uses: allocation that cannot fail silently,
 * a growable string buffer, an arena that owns loaded data, versions.
 */
#ifndef TCPTUNE_UTIL_H
#define TCPTUNE_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define TCPTUNE_VERSION "0.1.0"

/* Exit codes shared by every command (see tcptune(8), EXIT STATUS). */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,	/* runtime error, findings, invalid input */
	EXIT_USAGE = 2,	/* bad command line, unknown key or profile */
};

/* Out of memory is not recoverable for a CLI run: report and exit. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *arr (of *cap elements of size sz) so that it holds at least need. */
void grow_array(void **arr, size_t *cap, size_t need, size_t sz);
#define GROW(arr, cap, need) grow_array((void **)&(arr), &(cap), (need), sizeof(*(arr)))

struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};
#define STRBUF_INIT { NULL, 0, 0 }
void sb_add(struct strbuf *sb, const char *s);
void sb_addn(struct strbuf *sb, const char *s, size_t n);
void sb_addc(struct strbuf *sb, char c);
void sb_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
const char *sb_str(struct strbuf *sb);	/* never NULL */
char *sb_detach(struct strbuf *sb);	/* caller frees; never NULL */
void sb_release(struct strbuf *sb);

/*
 * An arena owns everything loaded from data files (catalog, rules,
 * profiles): one free releases it all, so loaders need no unwinding.
 */
struct arena_chunk;
struct arena {
	struct arena_chunk *head;
};
void *arena_alloc(struct arena *a, size_t n);	/* zeroed */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_free(struct arena *a);

/* String helpers. */
bool str_startswith(const char *s, const char *prefix);
bool str_endswith(const char *s, const char *suffix);
char *str_trim(char *s);	/* in place; returns the first non-space */
/* Conf form of a value as the kernel prints it: tabs become single spaces (caller frees). */
char *conf_form(const char *canonical);
size_t edit_distance(const char *a, const char *b);

/* Kernel versions "X.Y" or "X.Y.Z"; anything after is ignored. */
struct kver {
	int major, minor, patch;
	bool known;
};
int kver_parse(const char *s, struct kver *v);	/* 0 or -EINVAL */
int kver_cmp(const struct kver *a, const struct kver *b);
bool kver_string_valid(const char *s);

/*
 * Read everything from fd (at most limit bytes: -EFBIG beyond); -errno on
 * failure. The buffer is NUL-terminated; *len excludes the NUL.
 */
int read_fd(int fd, size_t limit, char **out, size_t *len);
/* Read a whole file by path (read_fd on it). */
int read_file(const char *path, size_t limit, char **out, size_t *len);


/* A string-keyed hash map (open addressing); keys are not copied. */
struct strmap_slot {
	const char *key;
	void *val;
};
struct strmap {
	struct strmap_slot *slots;
	size_t n, cap;
};
void *strmap_get(const struct strmap *m, const char *key);
/* Insert or replace; returns the previous value or NULL. */
void *strmap_put(struct strmap *m, const char *key, void *val);
void strmap_free(struct strmap *m);
#define strmap_foreach(m, s) \
	for ((s) = (m)->slots; (m)->slots && (s) < (m)->slots + (m)->cap; (s)++) if ((s)->key)

#endif
