# check_diag.cmake — runs `CALLSIM check FILE [ARGS]` in DIR and passes when the exit status
# is exactly 2 and some line of stderr starts with the expected diagnostic: EXPECT, or the
# text after "# expect: " on FILE's first line. (ctest's WILL_FAIL accepts any failure.)
# ARGS uses '=' after --set (--set=PATH=VALUE) so that no ';' or space needs quoting.
if(NOT DEFINED EXPECT)
  # file(READ), not file(STRINGS): the latter escapes ';' in what it returns
  file(READ ${DIR}/${FILE} head LIMIT 4096)
  string(FIND "${head}" "\n" eol)
  string(SUBSTRING "${head}" 0 ${eol} first)
  string(REGEX REPLACE "^# expect: " "" EXPECT "${first}")
  if(EXPECT STREQUAL first)
    message(FATAL_ERROR "${FILE}: the first line must be '# expect: FILE:LINE: message'")
  endif()
endif()
set(args check ${FILE})
if(DEFINED ARGS)
  string(REGEX REPLACE "^--set=" "" value "${ARGS}")
  list(APPEND args --set "${value}")
endif()
execute_process(COMMAND ${CALLSIM} ${args} WORKING_DIRECTORY ${DIR}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("exit status: ${status}\nstderr:\n${err}")
if(NOT status STREQUAL "2")
  message(FATAL_ERROR "wanted exit status 2, got ${status}")
endif()
string(FIND "\n${err}" "\n${EXPECT}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "wanted a line starting with: ${EXPECT}")
endif()
