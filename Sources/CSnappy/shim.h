// The system snappy library (Debian libsnappy-dev), for remote_write and Loki push bodies.
#include <snappy-c.h>
