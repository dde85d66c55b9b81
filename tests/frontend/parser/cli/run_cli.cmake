# Runs `pylang --ast FILE` in this folder and compares exit status, stdout and stderr with the
# committed expectations (written from CPython 3.11: ast.dump() output, and the SyntaxError
# `python3 FILE` prints). Invoked by ctest: cmake -DPYLANG=... -DNAME=... -DSTATUS=... -P run_cli.cmake
execute_process(COMMAND ${PYLANG} --ast ${NAME}.py
                WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL STATUS)
  message(FATAL_ERROR "pylang --ast ${NAME}.py exited with ${status}, expected ${STATUS}\n${err}")
endif()
foreach(stream stdout stderr)
  set(expected_file ${CMAKE_CURRENT_LIST_DIR}/${NAME}.${stream})
  if(stream STREQUAL "stdout")
    set(actual "${out}")
  else()
    set(actual "${err}")
  endif()
  set(expected "")
  if(EXISTS ${expected_file})
    file(READ ${expected_file} expected)
  endif()
  if(NOT actual STREQUAL expected)
    message(FATAL_ERROR "${stream} of pylang --ast ${NAME}.py differs:\n--- expected\n${expected}--- actual\n${actual}")
  endif()
endforeach()
