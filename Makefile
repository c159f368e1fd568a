# rapporteur: build, test, demo and benchmark targets.
#
#   make            build the library and the CLI
#   make check      unit tests + end-to-end tests (installs missing packages as root)
#   make check SANITIZE=1   the same under AddressSanitizer + UBSan
#   make unit, make e2e     the unit tests alone, the end-to-end tests alone
#   make demo       the whole pipeline on the bundled demo list, through a local Dovecot
#   make bench      throughput and memory against named baselines
#   make eval       quality scores against fixtures and (when present) the shared corpora
#   make fuzz       libFuzzer targets (FUZZ_SECONDS=N each)
#   make install    PREFIX=/usr/local DESTDIR=

CC       ?= cc
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
O        ?= build
SANITIZE ?=

PKGS     := sqlite3 jansson gnutls zlib libxml-2.0 libzip
WARN     := -Wall -Wextra -Werror -Wstrict-prototypes -Wvla -Wno-unused-parameter
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 $(WARN) -D_GNU_SOURCE
CPPFLAGS += -Iinclude $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libetpan.pc leaks Debian build flags (-specs=... needs libdpkg-perl and disables PIE);
# -letpan alone is enough for dynamic linking. libstemmer, libcsv and libunistring ship no
# .pc file.
LDLIBS   += -letpan $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lcsv -lunistring -lpthread -lm

ifeq ($(SANITIZE),1)
O        := build-san
CFLAGS   += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -O1
LDFLAGS  += -fsanitize=address,undefined
endif

LIB_SRC  := $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(O)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(O)/%.o)
LIB      := $(O)/librapporteur.a
BIN      := $(O)/rapporteur
UNIT_SRC := $(sort $(wildcard tests/unit/test-*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)
EVAL_SRC := $(sort $(wildcard tests/eval/*.c))
EVAL_BIN := $(EVAL_SRC:tests/eval/%.c=$(O)/eval/%)
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz-*.c))

.PHONY: all check unit e2e demo bench eval fuzz install clean deps deps-check format
all: deps-check $(BIN)

# Order-only on deps-check: under make -j the packages are installed before any compile.
$(O)/%.o: %.c $(wildcard include/rapporteur/*.h) $(wildcard src/*/*.h) | deps-check
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# The analysis stamps its results with a digest of the library's sources, so a store
# analysed by other code is analysed again (src/analyse/stamp.c).
SOURCE_ID := $(shell cat $(LIB_SRC) include/rapporteur/*.h src/*/*-private.h 2>/dev/null | sha256sum | cut -c1-16)
$(O)/src/analyse/stamp.o: CPPFLAGS += -DRP_SOURCE_ID='"$(SOURCE_ID)"'
$(O)/src/analyse/stamp.o: $(filter-out src/analyse/stamp.c,$(LIB_SRC))

# Stored segmentation (table block) is a cache keyed by a digest of the code that computed
# it, so blocks stored by other code are computed again (src/analyse/blocks.c). names.c
# only puts people's names in reading order: no segmentation depends on it.
SEGMENT_ID := $(shell cat $(sort $(filter-out src/text/names.c,$(wildcard src/text/*.c))) include/rapporteur/text.h src/analyse/blocks.c 2>/dev/null | sha256sum | cut -c1-16)
$(O)/src/analyse/blocks.o: CPPFLAGS += -DRP_SEGMENT_ID='"$(SEGMENT_ID)"'
$(O)/src/analyse/blocks.o: $(wildcard src/text/*.c)

$(LIB): $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	@echo "  LINK    $@"
	@$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS)

$(O)/tests/%: tests/unit/%.c tests/unit/harness.h $(LIB)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(O)/eval/%: tests/eval/%.c $(LIB)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# Packages: installed with apt-get when missing and running as root; otherwise the
# exact command is printed and the build stops.
deps-check:
	@sh tests/deps.sh

check: all $(UNIT_BIN)
	@O=$(O) sh tests/run.sh $(UNIT_BIN)

unit: all $(UNIT_BIN)
	@O=$(O) RP_UNIT_ONLY=1 sh tests/run.sh $(UNIT_BIN)

e2e: all
	@O=$(O) sh tests/run.sh

demo: all
	@O=$(O) sh tests/demo.sh

bench: all
	@O=$(O) sh tests/bench/run.sh

eval: all $(EVAL_BIN)
	@O=$(O) sh tests/eval/run.sh

FUZZ_SECONDS ?= 60
# libFuzzer targets: the library rebuilt with clang, -fsanitize=fuzzer-no-link,address,undefined.
FUZZ_O   := build-fuzz
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_O)/%.o)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_O)/%)
$(FUZZ_O)/src/%.o: src/%.c $(wildcard include/rapporteur/*.h)
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) $(FUZZ_CFLAGS) -c -o $@ $<
$(FUZZ_O)/librapporteur.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^
$(FUZZ_O)/fuzz-%: tests/fuzz/fuzz-%.c $(FUZZ_O)/librapporteur.a
	clang $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_O)/librapporteur.a $(LDLIBS)
fuzz: $(FUZZ_BIN)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_O=$(FUZZ_O) sh tests/fuzz/run.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/rapporteur
	install -m 0644 doc/rapporteur.1 $(DESTDIR)$(MANDIR)/man1/rapporteur.1

format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) include/rapporteur/*.h tests/unit/*.c

clean:
	rm -rf build build-san build-fuzz demo
