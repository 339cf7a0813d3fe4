# Makefile: the two user entry points (run, test) plus bench and developer conveniences.
# Every target that builds first installs missing Debian packages through scripts/install-deps.sh.
BUILD ?= build
JOBS  ?= $(shell nproc)
TYPE  ?= RelWithDebInfo

.PHONY: all deps build run test bench format clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(TYPE) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@mkdir -p results
	$(BUILD)/hetflow run lua/examples/quickstart.lua -o results/quickstart.h5

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	bash bench/run.sh $(BUILD)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD)
