# Makefile: the two user entry points (run, test) plus bench and developer conveniences.
# Every target that builds first installs missing Debian packages through scripts/install-deps.sh.
BUILD ?= build
JOBS  ?= $(shell nproc)
TYPE  ?= RelWithDebInfo

.PHONY: all deps build run test test-asan bench format clean

all: build

deps:
	@bash scripts/install-deps.sh

# The build is quiet: its output goes to $(BUILD)/build.log and is shown only when it fails
# (V=1 shows it as it comes).
build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(TYPE) >/dev/null
ifeq ($(V),1)
	cmake --build $(BUILD) -j $(JOBS)
else
	@echo "building $(BUILD)/hetflow (output in $(BUILD)/build.log; V=1 shows it)"
	@cmake --build $(BUILD) -j $(JOBS) >$(BUILD)/build.log 2>&1 || \
	  { grep -vE '^\[ *[0-9]+%\]|make\[[0-9]+\]: (Entering|Leaving) directory' $(BUILD)/build.log; \
	    echo "make: the build failed (whole log: $(BUILD)/build.log)"; exit 1; }
	@w=$$(grep -c 'warning:' $(BUILD)/build.log || true); \
	  echo "built $(BUILD)/hetflow$$( [ "$$w" = 0 ] || echo ", $$w compiler warnings: see $(BUILD)/build.log")"
endif

# The quickstart scenario's summary, then the same scenario under each DAG policy (one row each).
run: build
	@bash scripts/quickstart.sh $(BUILD)/hetflow results

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The suite under ASan + UBSan. Distinct exit codes, so that a sanitizer report can never pass
# for an expected exit status 1; SimGrid runs on threads there (sim/engine/engine.c).
test-asan: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DHF_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1:exitcode=86 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

bench: build
	bash bench/run.sh $(BUILD)

format:
	clang-format -i $$(git ls-files '*.c' '*.h' '*.cu')

clean:
	rm -rf $(BUILD)

# fuzz: build fuzz/ with clang and run each libFuzzer target FUZZ_SECONDS seconds (docs/reliability.md).
FUZZ_SECONDS ?= 60
.PHONY: fuzz
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash fuzz/run.sh
