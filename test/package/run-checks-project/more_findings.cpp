// Includes shared.hpp too: its finding must not be counted twice.
#include "shared.hpp"

int touch() { return 0; }
