# Wraps CMake: `make` builds into build/, `make check` runs every test, `make demo` runs the
# main job, `make install` installs. check and demo first install what a fresh Debian 12 lacks.
BUILD ?= build
TYPE ?= Release
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
PREFIX ?= /usr/local

.PHONY: all build deps check check-slow demo install debug asan clean fuzz fuzz-smoke coverage bench bench-server interop bogo

all: build

deps:
	@bash scripts/deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(TYPE) -DCMAKE_INSTALL_PREFIX=$(PREFIX)

build: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

check:
	@bash scripts/deps.sh --check
	@# a build tree configured before the peers' -dev packages were installed looks for them again
	@[ ! -f $(BUILD)/CMakeCache.txt ] || cmake $(BUILD) >/dev/null
	@$(MAKE) --no-print-directory build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Tests too long for check: ML-KEM-768 against CCTV's one million accumulated vectors (some
# minutes; check runs 10,000 of them).
check-slow:
	@$(MAKE) --no-print-directory build
	cmake --build $(BUILD) --target test_mlkem -j $(JOBS)
	cd tests && $(abspath $(BUILD))/test_mlkem --accumulated 1000000

# The interop matrix: the interop tests (each writes its cells to $(BUILD)/interop-matrix/), then
# the table, printed and written to docs/interop.md; fails if a test failed.
interop:
	@bash scripts/deps.sh --check
	@$(MAKE) --no-print-directory build
	@cd $(BUILD) && ctest --output-on-failure -R '^interop/' -j $(JOBS); status=$$?; cd .. && \
		python3 scripts/interop_report.py $(BUILD) docs/interop.md && exit $$status

# BoringSSL's BoGo conformance suite (scripts/bogo.sh; BOGO_DIR, BOGO_FILTER); make check runs it
# whole too (tests/bogo/test_bogo.sh), skipped when the runner's source is absent.
bogo:
	@bash scripts/bogo.sh $(BUILD)

demo: deps
	@$(MAKE) --no-print-directory build
	@bash scripts/demo.sh $(BUILD)

# PREFIX and DESTDIR are read here, at install time, not only when $(BUILD) was configured: a build
# tree made by `make` or `make check` installs wherever `make install PREFIX=...` says, staged
# under DESTDIR when that is set (for packaging).
install: build
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix "$(PREFIX)"

debug:
	@$(MAKE) --no-print-directory build BUILD=build-debug TYPE=Debug

asan:
	@bash scripts/deps.sh --check
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DLATCH_SANITIZE=ON
	cmake --build build-asan -j $(JOBS)
	# build/ tests link the installed library into plain programs, which lack the ASan runtime;
	# ct/ tests run under valgrind, which cannot run ASan programs
	cd build-asan && ctest --output-on-failure -j $(JOBS) -E '^(build|ct)/'


clean:
	rm -rf build build-debug build-asan build-cov

# libFuzzer harnesses under ASan+UBSan (clang), in the fuzzing build (docs/fuzzing.md): fuzz runs
# each FUZZ_SECONDS; fuzz-smoke runs each over its seeds and committed corpus once (make check does,
# as a ctest test); fuzz/run.sh minimise merges what runs grew into fuzz/corpus/.
FUZZ_SECONDS ?= 60
fuzz:
	@bash scripts/deps.sh clang libclang-rt-14-dev
	@bash fuzz/run.sh run $(FUZZ_SECONDS)

fuzz-smoke:
	@bash scripts/deps.sh clang libclang-rt-14-dev
	@bash fuzz/run.sh smoke

# Line and branch coverage of the unit tests, the tool's script tests and the fuzz corpora
# (clang, llvm-cov), per directory, written to docs/coverage.md (into build-cov/; not in check).
coverage:
	@bash scripts/deps.sh --check
	@bash scripts/deps.sh llvm-14
	@bash scripts/coverage.sh

# Benchmarks against OpenSSL's libssl: prints the figures and writes docs/benchmarks.md and .svg;
# bench_pq adds ML-KEM and the post-quantum hybrid to docs/benchmarks.md; then the TLS 1.2 CBC
# suites' throughput and the timing spread of bad CBC records (bench_cbc).
bench: deps
	@bash scripts/deps.sh libgnutls28-dev libmbedtls-dev libwolfssl-dev
	@$(MAKE) --no-print-directory build
	cmake --build $(BUILD) --target bench -j $(JOBS)
	$(BUILD)/bench_tls --markdown docs/benchmarks.md --svg docs/benchmarks.svg
	$(BUILD)/bench_pq --markdown docs/benchmarks.md
	$(BUILD)/bench_cbc

# latch server and latch proxy under load beside nginx, hitch and stunnel on loopback (h2load:
# new handshakes/s and kept-alive requests/s; RSS per idle connection; bulk through the proxy
# against socat): prints the figures and writes its section of docs/benchmarks.md (after
# `make bench`, which rewrites that file). Several minutes.
bench-server:
	@bash scripts/deps.sh --bench-server
	@$(MAKE) --no-print-directory build
	cmake --build $(BUILD) --target bench_relay_bulk load_client -j $(JOBS)
	bash bench/bench_server.sh $(BUILD) --markdown docs/benchmarks.md
