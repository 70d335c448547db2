# tcptune: see README.md. `make` builds build/tcptune; `make check` runs every test.
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/tcptune
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions

CC ?= cc
HOSTCC ?= $(CC)
PKG_CONFIG ?= pkg-config
CFLAGS ?= -O2 -g
BUILD ?= build
SAN_FLAGS ?=

PKGS := yaml-0.1 libcap jansson
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wno-format-nonliteral -Wundef -Wvla
ALL_CFLAGS := -std=gnu11 -D_GNU_SOURCE $(WARN) $(CPPFLAGS) $(CFLAGS) $(SAN_FLAGS) -Isrc -I$(BUILD)/gen $(PKG_CFLAGS)
ALL_LDFLAGS := $(LDFLAGS) $(SAN_FLAGS)

# The core, unit-tested without root: pure logic, plus state.c and txn.c, which
# tests drive on temporary directories and a fake /proc/sys.
CORE := util value diag term yamldoc key catalog rules profile plan conffile resolve lint lintout state txn
# What touches the system, and the thin commands.
SYS := procfs host caps app cmd_apply cmd_plan cmd_explain cmd_profiles cmd_selfcheck cmd_lint cmd_rules
CORE_OBJS := $(CORE:%=$(BUILD)/obj/%.o) $(BUILD)/obj/embedded.o $(BUILD)/obj/builtin.o $(BUILD)/obj/builtin_data.o
# What the data generator needs: the loaders, nothing generated.
GEN_OBJS := $(patsubst %,$(BUILD)/obj/%.o,util value diag term yamldoc key catalog rules)
SYS_OBJS := $(SYS:%=$(BUILD)/obj/%.o)

# Profiles are embedded as YAML (they are parsed per run); the catalog and the
# rules are compiled to C data by tools/gendata.c below.
PROFILE_DATA := $(sort $(wildcard profiles/*.yaml))
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(filter-out tests/unit/testutil.c,$(wildcard tests/unit/test_*.c)))

.PHONY: all check unit unit-run integration asan-unit install uninstall clean deps bench docs
docs: docs/rules.md
all: $(BUILD)/tcptune

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h) | $(BUILD)/obj/.dir $(BUILD)/gen/.dir
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/%/.dir:
	@mkdir -p $(dir $@) && touch $@

$(BUILD)/embed: tools/embed.c | $(BUILD)/obj/.dir
	$(HOSTCC) -O1 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/gen/embedded.c: $(BUILD)/embed $(PROFILE_DATA) | $(BUILD)/gen/.dir
	$(BUILD)/embed $@ $(PROFILE_DATA)

$(BUILD)/obj/embedded.o: $(BUILD)/gen/embedded.c src/embedded.h | $(BUILD)/obj/.dir
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -Wno-overlength-strings -c -o $@ $<

# The catalog and rules compiled to C data by the loaders themselves: a
# malformed file fails here, with file:line:col.
$(BUILD)/gendata: tools/gendata.c $(GEN_OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(ALL_LDFLAGS) $(PKG_LIBS)

KNOB_DATA := $(sort $(wildcard schema/knobs/*.yaml))
$(BUILD)/gen/builtin_data.c: $(BUILD)/gendata $(KNOB_DATA) schema/rules.yaml | $(BUILD)/gen/.dir
	$(BUILD)/gendata $@ $(KNOB_DATA) -- schema/rules.yaml

$(BUILD)/obj/builtin_data.o: $(BUILD)/gen/builtin_data.c src/builtin.h src/catalog.h src/rules.h | $(BUILD)/obj/.dir
	$(CC) $(ALL_CFLAGS) -Wno-missing-field-initializers -c -o $@ $<

# gendata has validated the catalog and rules; selfcheck now validates the
# profiles against them before the binary exists: a malformed data file fails
# the build, never a user's run.
$(BUILD)/tcptune: $(BUILD)/obj/main.o $(SYS_OBJS) $(CORE_OBJS)
	$(CC) $(ALL_LDFLAGS) -o $@.unchecked $^ $(PKG_LIBS)
	@./$@.unchecked --config-dir /nonexistent selfcheck >/dev/null || \
		{ ./$@.unchecked --config-dir /nonexistent selfcheck; rm -f $@.unchecked; \
		  echo "build: the data in schema/ or profiles/ is invalid (see above)" >&2; exit 1; }
	@mv $@.unchecked $@

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.c tests/unit/testutil.h $(CORE_OBJS) $(BUILD)/obj/procfs.o | $(BUILD)/tests/.dir
	$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -Itests/unit -DTCPTUNE_SRCDIR='"$(CURDIR)"' -o $@ $< tests/unit/testutil.c $(CORE_OBJS) $(BUILD)/obj/procfs.o \
		$(ALL_LDFLAGS) $(PKG_LIBS) $(CMOCKA_LIBS)

unit: $(UNIT_TESTS)

# Run every unit test binary; cmocka 1.1 prints its summary on stderr.
unit-run: unit
	@fail=0; for t in $(UNIT_TESTS); do $$t 2>&1 || fail=1; done; exit $$fail

asan-unit:
	$(MAKE) BUILD=build/asan SAN_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		CFLAGS="-O1 -g" unit-run build/asan/tcptune

check:
	./scripts/test

deps:
	./scripts/deps build

bench: $(BUILD)/tcptune
	./scripts/deps bench
	./bench/plan.sh $(BUILD)/tcptune; ./bench/lint.sh $(BUILD)/tcptune; ./bench/apply.sh $(BUILD)/tcptune

install: $(BUILD)/tcptune
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(DATADIR)/profiles $(DESTDIR)$(DATADIR)/schema
	install -m 0755 $(BUILD)/tcptune $(DESTDIR)$(SBINDIR)/tcptune
	install -m 0644 man/tcptune.8 $(DESTDIR)$(MANDIR)/man8/tcptune.8
	install -m 0644 profiles/*.yaml $(DESTDIR)$(DATADIR)/profiles/
	install -m 0644 schema/*.json $(DESTDIR)$(DATADIR)/schema/
	install -d $(DESTDIR)$(BASHCOMPDIR)
	install -m 0644 packaging/bash-completion/tcptune $(DESTDIR)$(BASHCOMPDIR)/tcptune

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/tcptune $(DESTDIR)$(MANDIR)/man8/tcptune.8 $(DESTDIR)$(BASHCOMPDIR)/tcptune
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build

# The rule reference is generated from schema/rules.yaml; a test checks it is current.
docs/rules.md: $(BUILD)/tcptune schema/rules.yaml
	$(BUILD)/tcptune --config-dir /nonexistent rules --format markdown > $@
