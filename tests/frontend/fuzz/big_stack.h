// tests/frontend/fuzz/big_stack.h — runs one fuzz input on a thread with a 256 MiB stack, for the
// front-end fuzz targets (fuzz_frontend.cpp, compiler/fuzz/fuzz_compiler.cpp). ASan makes frames
// several times larger than in the real build, where trees as deep as the parser's limit need
// well under 1 MiB. If no thread can be made, the input runs on the caller's stack.
#pragma once

#include <pthread.h>

#include <cstddef>
#include <cstdint>

namespace pyl::fuzz {

inline void runOnBigStack(void (*check)(const uint8_t* data, size_t size), const uint8_t* data, size_t size) {
  struct Input {
    void (*check)(const uint8_t*, size_t);
    const uint8_t* data;
    size_t size;
  } input{check, data, size};
  auto run = [](void* argument) -> void* {
    auto* in = static_cast<Input*>(argument);
    in->check(in->data, in->size);
    return nullptr;
  };
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setstacksize(&attributes, size_t{256} << 20);
  pthread_t thread;
  if (pthread_create(&thread, &attributes, run, &input) != 0) {
    run(&input);
  } else {
    pthread_join(thread, nullptr);
  }
  pthread_attr_destroy(&attributes);
}

}  // namespace pyl::fuzz
