#pragma once
// One thread inserts into hash tables that other threads look up at the same
// time (ingest: the adding thread interns while the parse threads find the
// strings the store already holds). A slot is written and read atomically, so
// an insert needs no lock; but growing a table moves it, and a reader must
// not be inside it then. The gate counts the readers inside; the writer
// closes it, waits for them to leave, grows, and opens it again. Growing is
// rare (the tables double), so readers almost never wait.
#include <atomic>
#include <cstdint>

namespace unmask {

class GrowGate {
 public:
  /// A reader enters before its lookups (blocks while the writer grows).
  void Enter() {
    while (true) {
      growing_.wait(true, std::memory_order_seq_cst);
      readers_.fetch_add(1, std::memory_order_seq_cst);
      if (!growing_.load(std::memory_order_seq_cst)) return;
      Leave();  // the writer closed the gate meanwhile: let it grow first
    }
  }

  /// A reader leaves after its lookups.
  void Leave() {
    if (readers_.fetch_sub(1, std::memory_order_seq_cst) == 1 && growing_.load(std::memory_order_seq_cst)) {
      readers_.notify_all();
    }
  }

  /// The writer, before growing: no reader enters, and those inside leave.
  void Close() {
    growing_.store(true, std::memory_order_seq_cst);
    for (uint32_t n = readers_.load(std::memory_order_seq_cst); n != 0; n = readers_.load(std::memory_order_seq_cst)) {
      readers_.wait(n, std::memory_order_seq_cst);
    }
  }

  /// The writer, after growing.
  void Open() {
    growing_.store(false, std::memory_order_seq_cst);
    growing_.notify_all();
  }

 private:
  std::atomic<bool> growing_{false};
  std::atomic<uint32_t> readers_{0};
};

}  // namespace unmask
