/*
 * tests/model/wakeup.pml: the need_wakeup handshake of docs/ABI.md
 * (sections 11 and 19.3) on x86-64's memory model (TSO: each CPU's stores
 * wait in a FIFO store buffer, its loads see its own buffer first), which
 * ThreadSanitizer cannot check: it does not model fences.
 *
 * Two producers each commit one record (clear BUSY), then load
 * need_wakeup and, if set, exchange it to 0 and ring the doorbell. The
 * consumer takes the records in ring order: record 1 (producer 1's) is
 * the head, so a doorbell rung for record 2 while record 1 is still BUSY
 * wakes it for nothing and it must sleep again, and producer 1 must then
 * ring. The consumer arms (need_wakeup = 1), re-checks the head and
 * sleeps only if it is BUSY; woken, it clears need_wakeup, drains the
 * doorbell and looks again.
 *
 * A lost wakeup is the consumer asleep for ever with a committed record:
 * spin reports it as an invalid end state. With both barriers (the code as
 * it is: a full barrier between each side's store and its load) there is
 * none; without either one spin must find one, or the model proves nothing
 * (tests/model/t-wakeup-model.sh checks all three).
 *   spin -a [-DPRODUCER_FENCE=0] [-DCONSUMER_FENCE=0] wakeup.pml &&
 *   cc -o pan pan.c && ./pan
 */
#ifndef PRODUCER_FENCE
#define PRODUCER_FENCE 1
#endif
#ifndef CONSUMER_FENCE
#define CONSUMER_FENCE 1
#endif

#define NW	0	/* consumer page: need_wakeup */
#define LEN1	1	/* record 1's length word: 1 = committed, 0 = BUSY */
#define LEN2	2	/* record 2's */
#define NTHR	3	/* producer 1, producer 2, consumer */
#define CONS	2
#define DEPTH	2	/* store buffer slots per thread */

byte mem[3];
byte bell;		/* the doorbell: a kernel object, no store buffer */

byte baddr[NTHR * DEPTH], bval[NTHR * DEPTH];
byte bn[NTHR];		/* stores waiting in each thread's buffer */

/* A store waits in the thread's buffer (the oldest leaves first). */
inline store(t, a, v) {
	atomic {
		bn[t] < DEPTH;
		baddr[t * DEPTH + bn[t]] = a;
		bval[t * DEPTH + bn[t]] = v;
		bn[t]++
	}
}

/* A load sees the thread's newest buffered store to a, else memory. */
inline load(t, a, r) {
	atomic {
		r = mem[a];
		if
		:: bn[t] > 0 && baddr[t * DEPTH] == a -> r = bval[t * DEPTH]
		:: else -> skip
		fi;
		if
		:: bn[t] > 1 && baddr[t * DEPTH + 1] == a -> r = bval[t * DEPTH + 1]
		:: else -> skip
		fi
	}
}

/* mfence, a locked instruction, a system call: the buffer drains first. */
inline fence(t) {
	bn[t] == 0
}

/* The buffer of thread t drains at times of its own choosing. */
proctype drain(byte t) {
end:	do
	:: atomic {
		bn[t] > 0 ->
		mem[baddr[t * DEPTH]] = bval[t * DEPTH];
		baddr[t * DEPTH] = baddr[t * DEPTH + 1];
		bval[t * DEPTH] = bval[t * DEPTH + 1];
		bn[t]--
	}
	od
}

proctype producer(byte t; byte rec) {
	byte r;

	store(t, rec, 1);		/* commit: store-release of len */
#if PRODUCER_FENCE
	fence(t);			/* the seq_cst fence (smp_mb()) */
#endif
	load(t, NW, r);
	if
	:: r == 1 ->
		/* exchange(&need_wakeup, 0): locked, so a full barrier */
		fence(t);
		atomic {
			if
			:: mem[NW] == 1 -> mem[NW] = 0; bell++
			:: else -> skip
			fi
		}
	:: else -> skip
	fi
}

proctype consumer() {
	byte head = LEN1, r;

	do
	:: head > LEN2 -> break
	:: else ->
		load(CONS, head, r);
		if
		:: r == 1 -> head++		/* consume it */
		:: else ->
			store(CONS, NW, 1);	/* arm */
#if CONSUMER_FENCE
			fence(CONS);		/* the seq_cst store's barrier */
#endif
			load(CONS, head, r);	/* re-check */
			if
			:: r == 1 -> store(CONS, NW, 0)
			:: else ->
				bell > 0;	/* poll() sleeps until rung */
				store(CONS, NW, 0);
				fence(CONS);	/* the read() of the doorbell */
				bell = 0
			fi
		fi
	od
}

init {
	atomic {
		run drain(0); run drain(1); run drain(CONS);
		run producer(0, LEN1); run producer(1, LEN2);
		run consumer()
	}
}
