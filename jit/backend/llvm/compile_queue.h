// jit/backend/llvm/compile_queue.h — the background compile thread (DESIGN.md §5: the
// interpreter keeps running while LLVM compiles, and switches when the code is ready).
//
// One worker thread, started on the first post(), registered with the collector for its whole
// life (gc::ThreadRegistration): it reads traces whose constants are GC objects and allocates
// root tables. Jobs run in FIFO order; their results are handed back by the jobs themselves
// (LlvmBackend keeps them until the interpreter thread installs them).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace pyl::jit::llvm_backend {

class CompileQueue {
 public:
  CompileQueue() = default;
  ~CompileQueue();  // finishes the queued jobs, then joins the worker
  CompileQueue(const CompileQueue&) = delete;
  CompileQueue& operator=(const CompileQueue&) = delete;

  void post(std::function<void()> job);
  // Blocks until every job posted so far has run.
  void waitIdle();
  // Jobs queued or running.
  std::size_t pending() const;

 private:
  void run();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<std::function<void()>> jobs_;
  std::size_t running_ = 0;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace pyl::jit::llvm_backend
