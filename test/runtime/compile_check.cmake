# Runs one compilation and checks its outcome; used by the compile-fail and
# -Wconsumed tests. Variables (-D): COMPILER, SOURCE, INCLUDE_DIR, FLAGS
# (separated by '|'), EXPECT ("fail" or "pass"), and for EXPECT=fail, MESSAGE:
# a regular expression the diagnostics must match.
string(REPLACE "|" ";" FLAGS "${FLAGS}")
execute_process(
  COMMAND ${COMPILER} -std=c++20 -fsyntax-only ${FLAGS} -I${INCLUDE_DIR} ${SOURCE}
  RESULT_VARIABLE status
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output)
if(EXPECT STREQUAL "pass")
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "expected a clean compilation, got:\n${output}")
  endif()
elseif(status EQUAL 0)
  message(FATAL_ERROR "expected the compilation to fail, but it succeeded:\n${output}")
elseif(NOT output MATCHES "${MESSAGE}")
  message(FATAL_ERROR "the compilation failed, but without a message matching '${MESSAGE}':\n${output}")
else()
  message(STATUS "failed as expected, with a message matching '${MESSAGE}'")
endif()
