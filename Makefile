# jindu — build, run and test.
#
#   make run    install missing Debian packages (as root), build, render data/ into out/
#   make test   the same set-up, then every test (also under ASan/UBSan)
#
# Debian packages: what building and running need (make run), and what
# the tests need besides (make test). `make deps` / `make test-deps` install
# the missing ones when run as root and otherwise print the exact command.
RUN_PACKAGES  = gcc make pkg-config gettext libhpdf-dev libpng-dev libcjson-dev libpcre2-dev libharfbuzz-dev zlib1g-dev \
                libzip-dev libxml2-dev libxlsxwriter-dev libicu-dev \
                fonts-arphic-uming fonts-wqy-microhei fonts-lxgw-wenkai
TEST_PACKAGES = poppler-utils qpdf python3 valgrind parallel slurm-wlm munge man-db clang libclang-rt-14-dev \
                libreoffice-calc-nogui libreoffice-writer-nogui python3-uno chromium mupdf-tools debhelper lintian dpkg-dev

CC      ?= cc
PKGS    = libcjson harfbuzz harfbuzz-subset libpcre2-8 libzip libxml-2.0 xlsxwriter icu-uc libpng
CFLAGS  ?= -O2
# -ffp-contract=off: no fused multiply-add, so that an arm64 build (Kunpeng, Phytium) draws the
# same coordinates as an x86-64 one (docs/decisions.md)
# the project's own flags, kept apart from CFLAGS so that a packager's
# CFLAGS (make CFLAGS=…, as dpkg-buildpackage passes them) add to them
JFLAGS   = -std=c11 -D_GNU_SOURCE -Isrc -Wall -Wextra -Werror=implicit-function-declaration -ffp-contract=off
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# libhpdf ships no .pc file on Debian 12
LIBS    = $(PKG_LIBS) -lhpdf -lz -lm

SRC     = $(filter-out src/cli/main.c,$(wildcard src/*/*.c))
MO      = build/locale/zh_CN/LC_MESSAGES/jindu.mo
OBJ     = $(SRC:src/%.c=build/obj/%.o)
SAN_OBJ = $(SRC:src/%.c=build/san/%.o)
SANFLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -ffp-contract=off

.PHONY: all run test bench install fuzz deps test-deps deb clean check-deps unit-tests check-layers pot
all: jindu $(MO)

# install_missing PACKAGES: the ones not installed yet, by apt as root
define install_missing
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:" $$missing; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null || exit 1; \
	  else \
	    echo "jindu needs these Debian packages; run as root:"; \
	    echo "  apt-get install -y" $$missing; exit 1; \
	  fi; \
	fi
endef

# JINDU_NO_DEPS=1 (a package build, whose Build-Depends are there): skip
deps:
ifndef JINDU_NO_DEPS
	$(call install_missing,$(RUN_PACKAGES))
endif

test-deps: deps
	$(call install_missing,$(TEST_PACKAGES))

# Each object depends on the headers it includes (-MMD -MP writes them to
# its .d file), so touching one header rebuilds only the objects that use it.
# An object without its .d file (built before there were any) is rebuilt
# once: the .d's empty rule makes it count as new.
build/obj/%.d build/san/%.d build/fuzz/obj/%.d: ;
.PRECIOUS: build/obj/%.d build/san/%.d build/fuzz/obj/%.d
build/obj/%.o: src/%.c build/obj/%.d | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(JFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

build/san/%.o: src/%.c build/san/%.d | deps
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_GNU_SOURCE -Isrc -Wall -Wextra $(SANFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

jindu: $(OBJ) build/obj/cli/main.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# Messages in the user's language (GNU gettext, src/base/i18n.h): the
# English of the sources is the msgid, po/zh_CN.po holds the Chinese. The
# catalogue is built beside the program (build/locale, which jindu finds
# from itself) and installed under share/locale. `make pot` gathers the
# messages again (then msgmerge po/zh_CN.po po/jindu.pot).
$(MO): po/zh_CN.po | deps
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<
MSG_KEYWORDS = -k_ -kN_ -kngettext:1,2 -kdiag_error:2 -kdiag_warning:2 -kdiag_report:3 -kdiag_vreport:4 \
               -krow_error:4 -kscan_error:3 -knode_error:3 -keverr:3 -kcall_error:3 -ktpl_perr:3 -kblk_err_at:3 \
               -kERR:2 -kfilter_error:2 -kusage_error:1
MSG_FLAGS = $(foreach k,diag_error:2 diag_warning:2 diag_report:3 row_error:4 scan_error:3 node_error:3 everr:3 \
              call_error:3 tpl_perr:3 blk_err_at:3 ERR:2 filter_error:2 usage_error:1,--flag=$(k):c-format)
pot:
	xgettext --from-code=UTF-8 --language=C --sort-by-file --package-name=jindu --no-wrap $(MSG_KEYWORDS) \
	    $(MSG_FLAGS) -o po/jindu.pot $(sort $(wildcard src/*/*.c src/*/*.h))

build/jindu-san: $(SAN_OBJ) build/san/cli/main.o
	$(CC) $(SANFLAGS) -o $@ $^ $(LIBS)

build/unit: tests/unit.c $(OBJ)
	$(CC) $(CFLAGS) $(JFLAGS) $(PKG_CFLAGS) -o $@ $^ $(LIBS)

build/unit-san: tests/unit.c $(SAN_OBJ)
	$(CC) -std=c11 -D_GNU_SOURCE $(SANFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $^ $(LIBS)

run: deps jindu $(MO)
	./jindu build --data data --out out

# Every #include must follow the stage order of docs/architecture.md.
check-layers:
	@python3 tools/check_layers.py src && echo "check-layers: every include follows the stage order"

test: test-deps check-layers jindu $(MO) build/unit build/jindu-san build/unit-san
	@T='$(T)' bash tests/run.sh

# Speed and memory, with Typst 0.10 side by side (bench/bench.sh; installs
# Typst from npm into build/npm when it is missing and npm is there).
bench: test-deps jindu
	@bash bench/bench.sh

# libFuzzer harnesses (fuzz/*.c) built with clang, each run FUZZ_SECONDS
# (fuzz/run.sh seeds them from the tests; findings go to fuzz/crashes/).
FUZZ_SECONDS ?= 60
FUZZERS  = load template import docx xlsx linebreak csv merge
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -Isrc -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
              -fno-sanitize-recover=undefined
FUZZ_OBJ = $(SRC:src/%.c=build/fuzz/obj/%.o)
build/fuzz/obj/%.o: src/%.c build/fuzz/obj/%.d
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@
build/fuzz/fuzz_%: fuzz/fuzz_%.c $(FUZZ_OBJ)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -Isrc -o $@ $^ $(LIBS)
fuzz: test-deps jindu
	@command -v clang >/dev/null || { echo "make fuzz needs clang and libFuzzer: apt-get install -y clang libclang-rt-14-dev"; exit 1; }
	@$(MAKE) -s -j2 $(FUZZERS:%=build/fuzz/fuzz_%)
	@bash fuzz/run.sh $(FUZZ_SECONDS) $(FUZZERS)

# make install [PREFIX=/usr/local] [DESTDIR=]: the program, the templates,
# the font map and README, the sample data (what `jindu init` copies) and
# the man page. The program finds them at ../share/jindu from itself.
PREFIX ?= /usr/local
SHARE = $(DESTDIR)$(PREFIX)/share/jindu
install: jindu $(MO)
	install -d $(DESTDIR)$(PREFIX)/bin $(SHARE)/templates/partials $(SHARE)/fonts $(SHARE)/data \
	    $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 jindu $(DESTDIR)$(PREFIX)/bin/jindu
	install -m 644 templates/*.tpl templates/README.md $(SHARE)/templates/
	install -m 644 templates/partials/*.tpl $(SHARE)/templates/partials/
	install -m 644 fonts/fonts.map fonts/README.md $(SHARE)/fonts/
	cp -r data/. $(SHARE)/data/
	install -m 644 man/jindu.1 $(DESTDIR)$(PREFIX)/share/man/man1/jindu.1
	install -d $(DESTDIR)$(PREFIX)/share/locale/zh_CN/LC_MESSAGES
	install -m 644 $(MO) $(DESTDIR)$(PREFIX)/share/locale/zh_CN/LC_MESSAGES/jindu.mo

# make deb: jindu_<version>_<arch>.deb with Debian's own tools (debian/),
# checked by lintian; the package lands in build/deb/ (and, as
# dpkg-buildpackage writes it, in the parent directory).
DEB_TOOLS = debhelper lintian dpkg-dev
deb:
	$(call install_missing,$(RUN_PACKAGES) $(DEB_TOOLS))
	dpkg-buildpackage -us -uc -b
	@mkdir -p build/deb && cp ../jindu_*.deb build/deb/
	lintian --fail-on error ../jindu_*_$$(dpkg-architecture -qDEB_HOST_ARCH).changes

clean:
	rm -rf build jindu out

-include $(OBJ:.o=.d) $(SAN_OBJ:.o=.d) $(FUZZ_OBJ:.o=.d) build/obj/cli/main.d build/san/cli/main.d
