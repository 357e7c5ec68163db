// SPDX-License-Identifier: MIT
/*
 * proc-helper IDX: what each child of `proc-workload workload` executes. It
 * exits at once with status (IDX * 7 + 1) & 0xff, so that the exit code a
 * listener reports can be checked against the child's index.
 *
 * Under TCG an exec costs in proportion to the pages the new program
 * touches, so on x86-64 it is built without the C library (local.mk
 * defines PROC_HELPER_NOSTDLIB and links with -nostdlib): its own _start,
 * and exit_group directly. Elsewhere it is a plain static program.
 */
#if defined(PROC_HELPER_NOSTDLIB) && defined(__x86_64__)

__attribute__((noreturn, used)) void proc_helper_main(long *sp);

/* The kernel starts us with argc, argv[] at the stack pointer. */
__asm__(".globl _start\n"
	"_start:\n"
	"	mov %rsp, %rdi\n"
	"	and $-16, %rsp\n"
	"	call proc_helper_main\n");

void proc_helper_main(long *sp)
{
	long argc = sp[0];
	const char *const *argv = (const char *const *)(sp + 1);
	unsigned long idx = 0;
	const char *p;

	if (argc > 1)
		for (p = argv[1]; *p >= '0' && *p <= '9'; p++)
			idx = idx * 10 + (unsigned long)(*p - '0');
	__asm__ volatile("syscall" : : "a"(231L /* exit_group */), "D"((long)((idx * 7 + 1) & 0xff))
			 : "rcx", "r11", "memory");
	for (;;)
		;
}

#else

#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned long idx = argc > 1 ? strtoul(argv[1], NULL, 10) : 0;

	_exit((int)((idx * 7 + 1) & 0xff));
}

#endif
