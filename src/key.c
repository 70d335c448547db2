// SPDX-License-Identifier: GPL-2.0-or-later
#include "key.h"

#include <errno.h>
#include <string.h>

/* Characters of a sysctl name segment: [A-Za-z0-9_:@+-]. */
static const unsigned char name_chars[256] = {
	['0' ... '9'] = 1, ['A' ... 'Z'] = 1, ['a' ... 'z'] = 1,
	['_'] = 1, ['-'] = 1, [':'] = 1, ['@'] = 1, ['+'] = 1,
};

/*
 * One pass: lint validates every line of a tree with it. A segment may
 * contain '/' (a dot inside a name) but not start or end with one, which
 * also rules out the path segments "." and "..".
 */
bool key_valid(const char *key)
{
	const unsigned char *p = (const unsigned char *)key;
	const unsigned char *seg = p;

	for (;; p++) {
		if (*p == '.' || *p == '\0') {
			if (p == seg || seg[0] == '/' || p[-1] == '/')
				return false;
			if (*p == '\0')
				return p - (const unsigned char *)key <= KEY_MAX;
			seg = p + 1;
		} else if (*p != '/' && !name_chars[*p]) {
			return false;
		}
	}
}

int key_normalize(const char *in, char *out, size_t outlen)
{
	const char *first = strpbrk(in, "./");
	size_t len = strlen(in), i;

	if (len + 1 > outlen || len > KEY_MAX)
		return -ENAMETOOLONG;
	if (first && *first == '/') {
		/* the path spelling: swap the separators */
		for (i = 0; i < len; i++)
			out[i] = in[i] == '/' ? '.' : in[i] == '.' ? '/' : in[i];
		out[len] = '\0';
	} else {
		memcpy(out, in, len + 1);
	}
	return key_valid(out) ? 0 : -EINVAL;
}

int key_to_path(const char *key, char *out, size_t outlen)
{
	size_t len = strlen(key), i;

	if (!key_valid(key))
		return -EINVAL;
	if (len + 1 > outlen)
		return -ENAMETOOLONG;
	for (i = 0; i <= len; i++)
		out[i] = key[i] == '.' ? '/' : key[i] == '/' ? '.' : key[i];
	return 0;
}
