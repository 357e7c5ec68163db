// SPDX-License-Identifier: MIT
/* The public header from C++: see header-use.c. */
#include "header-use.c"
