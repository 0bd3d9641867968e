// Compiled with -std=c++17 by the tests: the library stops with one error
// that names the fix.
#include <valuetask/value_task.hpp>

int main() { return 0; }
