# crm: a customer-relationship toolkit for the Unix shell.
# Targets: all check sanitize demo install uninstall clean bench fuzz lint setup
include config.mk

BUILD = build
BIN = $(BUILD)/bin

LIBSRC = common/buf.c common/err.c common/text.c common/date.c common/money.c \
	common/record.c common/config.c common/yaml.c common/yamlfast.c common/json.c \
	common/store.c common/pack.c common/index.c common/fmt.c common/cli.c \
	common/input.c common/add.c common/filter.c common/log.c common/csv.c common/mail.c \
	common/segment.c common/report.c common/html.c common/history.c common/admin.c common/fsck.c common/sync.c common/forget.c common/vcard.c common/gitload.c
LIBSRC += common/csvmap.c common/normal.c common/export.c common/vcfout.c common/dedupe.c
LIBOBJ = $(LIBSRC:common/%.c=$(BUILD)/common/%.o)
CMDS = crm crm-add crm-find crm-log crm-segment crm-report
CMDBIN = $(CMDS:%=$(BIN)/%)
UNITS = $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/u-*.c))
UNITBIN = $(UNITS:%=$(BUILD)/tests/%)

PKG_CFLAGS = `$(PKG_CONFIG) --cflags $(PKGS)`
# libgit2 is not linked: gitload.c opens it when a command first needs it
# a rebuild of the index reads the store in a second thread
PKG_LIBS = `$(PKG_CONFIG) --libs $(filter-out libgit2,$(PKGS))` -lm -ldl -pthread
ALL_CFLAGS = $(CRM_CPPFLAGS) -pthread $(WARN) $(CFLAGS) $(CPPFLAGS)

all: setup-check $(CMDBIN)

$(BUILD)/common/%.o: common/%.c common/crm.h common/internal.h config.mk
	@mkdir -p $(@D)
	@echo "CC $<"; $(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

# The soname of the libgit2 that pkg-config names, for gitload.c's dlopen.
$(BUILD)/common/git2soname.h: config.mk
	@mkdir -p $(@D)
	@lib=`$(PKG_CONFIG) --variable=libdir libgit2`/libgit2.so; \
	so=`readelf -d "$$lib" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p'`; \
	[ -n "$$so" ] || so=`basename "$$(readlink -f "$$lib")"`; \
	echo "#define CRM_GIT2_SONAME \"$$so\"" > $@; echo "GEN $@ ($$so)"

$(BUILD)/common/gitload.o: common/gitload.c common/git.h $(BUILD)/common/git2soname.h
	@mkdir -p $(@D)
	@echo "CC $<"; $(CC) $(ALL_CFLAGS) -I$(BUILD)/common $(PKG_CFLAGS) -c -o $@ $<

$(BUILD)/common/store.o: common/git.h

$(BUILD)/libcrm.a: $(LIBOBJ)
	@rm -f $@
	@echo "AR $@"; ar rcs $@ $(LIBOBJ)

$(BIN)/%: cmd/%.c $(BUILD)/libcrm.a common/crm.h
	@mkdir -p $(@D)
	@echo "LD $@"; $(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -o $@ $< $(BUILD)/libcrm.a $(LDFLAGS) $(PKG_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libcrm.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) `$(PKG_CONFIG) --cflags cmocka` -o $@ $< $(BUILD)/libcrm.a $(LDFLAGS) $(PKG_LIBS) `$(PKG_CONFIG) --libs cmocka`

# Installs the system packages the build and tests need when run as root,
# and names them otherwise.
setup:
	@sh tests/setup.sh

setup-check:
	@sh tests/setup.sh --check-build

units: $(UNITBIN)

# The whole test suite: unit tests of common/, end-to-end tests of every
# binary, man page lint.  Ends with prove's summary ("Result: PASS").
check: setup all units
	@CRM_BUILD=$(BUILD) sh tests/run.sh

# The same suite with the long versions of the tests that have one
# (CRM_LONG=1: t0640 runs 8 writers x 200 changes).
check-long: setup all units
	@CRM_LONG=1 CRM_BUILD=$(BUILD) sh tests/run.sh

# The same tests on an AddressSanitizer + UndefinedBehaviorSanitizer build.
sanitize: setup
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	$(MAKE) BUILD=build-asan CC=clang \
		CFLAGS='-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer' \
		LDFLAGS='-fsanitize=address,undefined' check

demo: setup all
	@CRM_BUILD=$(BUILD) sh tests/demo.sh

bench: setup
	$(MAKE) BUILD=build-bench CFLAGS='-O2 -DNDEBUG' all
	CRM_BUILD=build-bench sh bench/run $(SIZE)

lint:
	mandoc -Tlint -W warning man/*.1 man/*.5

# libFuzzer targets (tests/fuzz), built with clang's fuzzer, ASan and
# UBSan against a library compiled the same way.  `make fuzz` runs each
# for FUZZ_SECONDS from its seed corpus (tests/fuzz/corpus/NAME, copied:
# new finds stay in build-fuzz); `make fuzz-replay` runs each over its
# corpus and then a fixed number of runs from a fixed seed: the same
# inputs every time, for CI.
FUZZ = csv json mail yaml yamlfast vcard filter id
FUZZBIN = $(FUZZ:%=build-fuzz/fuzz-%)
FUZZ_SECONDS = 60
FUZZ_RUNS = 20000
FUZZ_CC = clang
FUZZ_FLAGS = -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all

fuzz-lib:
	$(MAKE) BUILD=build-fuzz CC=$(FUZZ_CC) \
		CFLAGS='$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link' build-fuzz/libcrm.a

build-fuzz/fuzz-csv: tests/fuzz/fuzz-csv.c common/csv.c common/buf.c common/err.c common/text.c
	@mkdir -p build-fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -D_GNU_SOURCE -DCRM_CSV_CHUNK=5 -Icommon \
		$^ `$(PKG_CONFIG) --cflags --libs libutf8proc` -o $@

build-fuzz/fuzz-%: tests/fuzz/fuzz-%.c fuzz-lib
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -D_GNU_SOURCE -Icommon $(PKG_CFLAGS) \
		$< build-fuzz/libcrm.a $(PKG_LIBS) -o $@

fuzz: setup $(FUZZBIN)
	@for f in $(FUZZ); do \
		rm -rf build-fuzz/corpus-$$f && mkdir -p build-fuzz/corpus-$$f && \
		{ [ ! -d tests/fuzz/corpus/$$f ] || cp tests/fuzz/corpus/$$f/* build-fuzz/corpus-$$f/; } && \
		echo "fuzz $$f for $(FUZZ_SECONDS) s" && \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
		build-fuzz/fuzz-$$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
			-print_final_stats=1 build-fuzz/corpus-$$f || exit 1; \
	done

fuzz-replay: setup $(FUZZBIN)
	@for f in $(FUZZ); do \
		echo "fuzz-replay $$f"; \
		rm -rf build-fuzz/replay-$$f && mkdir -p build-fuzz/replay-$$f && \
		{ [ ! -d tests/fuzz/corpus/$$f ] || cp tests/fuzz/corpus/$$f/* build-fuzz/replay-$$f/; } && \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
		build-fuzz/fuzz-$$f -runs=$(FUZZ_RUNS) -seed=1 -max_len=4096 \
			build-fuzz/replay-$$f >build-fuzz/replay-$$f.log 2>&1 || \
			{ tail -40 build-fuzz/replay-$$f.log; exit 1; }; \
		tail -1 build-fuzz/replay-$$f.log; \
	done

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(MANPREFIX)/man5
	for c in $(CMDS); do cp -f $(BIN)/$$c $(DESTDIR)$(BINDIR)/$$c; chmod 755 $(DESTDIR)$(BINDIR)/$$c; done
	for m in man/*.1; do cp -f $$m $(DESTDIR)$(MANPREFIX)/man1/; done
	for m in man/*.5; do cp -f $$m $(DESTDIR)$(MANPREFIX)/man5/; done
	mkdir -p $(DESTDIR)$(DATADIR)/bash-completion/completions $(DESTDIR)$(DATADIR)/zsh/site-functions $(DESTDIR)$(DATADIR)/fish/vendor_completions.d
	for c in $(CMDS); do cp -f completions/crm.bash $(DESTDIR)$(DATADIR)/bash-completion/completions/$$c; done
	cp -f completions/_crm $(DESTDIR)$(DATADIR)/zsh/site-functions/_crm
	cp -f completions/crm.fish $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/crm.fish
	for c in $(CMDS); do [ $$c = crm ] || cp -f completions/crm.fish $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/$$c.fish; done

uninstall:
	for c in $(CMDS); do rm -f $(DESTDIR)$(BINDIR)/$$c $(DESTDIR)$(DATADIR)/bash-completion/completions/$$c $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/$$c.fish; done
	for m in man/*.1; do rm -f $(DESTDIR)$(MANPREFIX)/man1/`basename $$m`; done
	for m in man/*.5; do rm -f $(DESTDIR)$(MANPREFIX)/man5/`basename $$m`; done
	rm -f $(DESTDIR)$(DATADIR)/zsh/site-functions/_crm $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/crm.fish

clean:
	rm -rf build build-asan build-bench build-fuzz

.PHONY: check-long all check sanitize demo bench lint install uninstall clean setup setup-check units fuzz fuzz-replay fuzz-lib
.SUFFIXES:
