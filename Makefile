# The front end: `make demo` and `make test` are the README's quick start.
# Each installs missing Debian packages, configures, builds and runs.
JOBS ?= $(shell nproc)
BUILD := build
CMAKE_FLAGS := -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON

.PHONY: all release deps demo test test-release test-sanitize test-fuzz fuzz fuzz-build bench bench-ingest bench-incremental format clean

all: release

deps:
	@bash scripts/install-deps.sh

$(BUILD)/release/build.ninja: | deps
	cmake -S . -B $(BUILD)/release $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Release

$(BUILD)/asan/build.ninja: | deps
	cmake -S . -B $(BUILD)/asan $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DUNMASK_SANITIZE=ON -DUNMASK_BENCH=OFF

release: deps $(BUILD)/release/build.ninja
	cmake --build $(BUILD)/release -j $(JOBS)

demo: release
	$(BUILD)/release/unmask demo --out out/demo

# The whole suite: release tests, then the same tests under ASan + UBSan,
# then every reader's fuzz target for a few seconds.
test: test-release test-sanitize test-fuzz

test-release: release
	cd $(BUILD)/release && ctest --output-on-failure -j $(JOBS) --timeout 600

test-sanitize: deps $(BUILD)/asan/build.ninja
	cmake --build $(BUILD)/asan -j $(JOBS)
	cd $(BUILD)/asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) --timeout 900 -LE slow

# libFuzzer targets (clang + libFuzzer from Debian): one per input reader.
# `make test` runs each for FUZZ_SECONDS (2); `make fuzz` for 60 each.
FUZZ_SECONDS ?= 2
$(BUILD)/fuzz/build.ninja: | deps
	CC=clang CXX=clang++ cmake -S . -B $(BUILD)/fuzz $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DUNMASK_FUZZ=ON -DUNMASK_SANITIZE=ON -DUNMASK_TESTS=OFF -DUNMASK_BENCH=OFF \
	  -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link

fuzz-build: $(BUILD)/fuzz/build.ninja
	cmake --build $(BUILD)/fuzz -j $(JOBS) --target unmask_fuzzers

test-fuzz: fuzz-build
	cd $(BUILD)/fuzz && UNMASK_FUZZ_SECONDS=$(FUZZ_SECONDS) ctest -L fuzz -j $(JOBS) --output-on-failure

fuzz: fuzz-build
	cd $(BUILD)/fuzz && UNMASK_FUZZ_SECONDS=60 ctest -L fuzz -j $(JOBS) --output-on-failure

# Benchmarks (never part of `make test`): the whole scan, stage by stage, on
# simulated worlds of ~0.5 M, ~2 M and ~10 M posts, then the 0.5 M world with
# one post shared by a million accounts within an hour, then the signal step
# alone on the 2 M and viral worlds (two methods compared), then the text step.
# Worlds are simulated once into BENCH_DATA and reused. docs/performance.md.
BENCH_DATA ?= $(HOME)/.cache/unmask-bench
BENCH_THREADS ?= 2
SCAN_BENCH = $(BUILD)/release/bench/unmask_bench --data $(BENCH_DATA) -j $(BENCH_THREADS)
bench: release
	$(SCAN_BENCH) --scale medium --days 15
	$(SCAN_BENCH) --scale medium --days 60
	$(SCAN_BENCH) --scale large --days 38
	$(SCAN_BENCH) --scale medium --days 15 --viral 1000000
	$(BUILD)/release/bench/signals_bench $(BENCH_DATA)/medium-60d-seed1.jsonl -j $(BENCH_THREADS)
	$(BUILD)/release/bench/signals_bench $(BENCH_DATA)/medium-15d-seed1.jsonl $(BENCH_DATA)/viral-1000000.jsonl -j $(BENCH_THREADS)
	$(BUILD)/release/bench/near_dup_bench --data $(BENCH_DATA) -j $(BENCH_THREADS)

# Incremental scans: adding the last day of a medium world to a saved state
# against a full rescan, and the state's size on disk.
bench-incremental: release
	$(BUILD)/release/bench/incremental_bench --scale medium

# Ingest rate on the 2.46 M-row IRA tweets file (skipped when absent).
IRA_TWEETS ?= ../shared/datasets/ira-twitter-538/ira_tweets.csv.zst
bench-ingest: release
	@if [ -f $(IRA_TWEETS) ]; then $(BUILD)/release/src/unmask/ingest/ingest_bench $(IRA_TWEETS); \
	else echo "$(IRA_TWEETS) is absent"; fi

format:
	find src apps tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD) out
