#include <errno.h>
#include <zmq.h>

/* errno values, as seen by libzmq (which defines its own fallbacks where the platform lacks them).
   Wrapped so Swift code needs no platform C library import. */
static inline int zmqshim_eagain(void) { return EAGAIN; }
static inline int zmqshim_eintr(void) { return EINTR; }
static inline int zmqshim_einval(void) { return EINVAL; }
static inline int zmqshim_emsgsize(void) { return EMSGSIZE; }
static inline int zmqshim_enomem(void) { return ENOMEM; }
static inline int zmqshim_enotsock(void) { return ENOTSOCK; }
static inline int zmqshim_eterm(void) { return ETERM; }
